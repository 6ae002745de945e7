using Lifeboat.Manifest.Schema;

namespace Lifeboat.Manifest.Definitions;

/// <summary>What one file contributes.</summary>
internal sealed record FileContent(NamedMap<RepositoryConfig> Repositories, DefaultsConfig? Defaults, NamedMap<ServiceConfig> Services);
