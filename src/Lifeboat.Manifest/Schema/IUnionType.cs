using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>The non-generic view of a union type (for walking the schema).</summary>
internal interface IUnionType
{
    IEnumerable<(string Tag, SchemaType Type)> TaggedVariants { get; }
}
