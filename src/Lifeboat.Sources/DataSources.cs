using Lifeboat.Manifest;

namespace Lifeboat.Sources;

/// <summary>Creates the data source for a manifest entry: every kind is registered here, explicitly.</summary>
public static class DataSources
{
    /// <exception cref="ConfigurationException">A kind no source implements.</exception>
    public static IDataSource Create(SourceConfig config) => config switch
    {
        _ => throw new ConfigurationException($"source '{config.Name}': kind {config.Kind} is not supported yet"),
    };
}
