namespace Lifeboat.Sources.Tests;

public sealed class DataSourcesTests
{
    [Fact]
    public void Unknown_kinds_are_a_configuration_error()
    {
        var config = new Lifeboat.Manifest.FilesSourceConfig { Name = "files", Path = "/nowhere" };
        Assert.ThrowsAny<ConfigurationException>(() => Lifeboat.Sources.DataSources.Create(config));
    }
}
