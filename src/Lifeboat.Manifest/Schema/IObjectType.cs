using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>The non-generic view of an object type (for walking the schema).</summary>
internal interface IObjectType
{
    string Name { get; }

    IReadOnlyList<Property> Properties { get; }
}
