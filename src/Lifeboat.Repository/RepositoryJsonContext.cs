using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Lifeboat.Repository.Crypto;
using Lifeboat.Repository.Index;
using Lifeboat.Repository.Locks;
using Lifeboat.Repository.Snapshots;

namespace Lifeboat.Repository;

/// <summary>
/// Serialisation code generated at build time for the repository's JSON documents, instead of
/// reflection at run time: every command reads a config and a key file, most read snapshots and
/// index files, and the reflection path cost each of them about 250 methods compiled on start-up.
/// The attributes on the types (names, converters, ignore rules) apply unchanged.
/// </summary>
[JsonSerializable(typeof(RepositoryConfig))]
[JsonSerializable(typeof(Id), TypeInfoPropertyName = "BlobOrFileId")]
[JsonSerializable(typeof(KeyFile))]
[JsonSerializable(typeof(Snapshot))]
[JsonSerializable(typeof(IndexFile))]
[JsonSerializable(typeof(LockFile))]
internal sealed partial class RepositoryJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The generated code first; reflection for any other type. Built on first use: a static initializer
    /// here could run before the generated part's own and see no <see cref="JsonSerializerContext"/> yet.
    /// </summary>
    public static IJsonTypeInfoResolver Resolver => s_resolver ??= JsonTypeInfoResolver.Combine(Default, new DefaultJsonTypeInfoResolver());

    private static IJsonTypeInfoResolver? s_resolver;
}
