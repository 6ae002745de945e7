using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Sdk;

namespace Lifeboat.Cli.Tests;

/// <summary>Compares JSON documents by value (property order does not matter) and shows where they differ.</summary>
public static class JsonAssert
{
    /// <summary>One JSON value per line of <paramref name="text"/> (restic's --json line output).</summary>
    public static List<JsonNode?> ParseLines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line => JsonNode.Parse(line)).ToList();

    public static void Equal(JsonNode? expected, JsonNode? actual, string? what = null) =>
        EqualLines([expected], [actual], what);

    /// <summary>Equal sequences of JSON values; the failure lists the first values that differ, keys sorted.</summary>
    public static void EqualLines(IReadOnlyList<JsonNode?> expected, IReadOnlyList<JsonNode?> actual, string? what = null)
    {
        var report = new StringBuilder();
        var differences = 0;
        for (var i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            var e = i < expected.Count ? Canonical(expected[i]) : "(nothing)";
            var a = i < actual.Count ? Canonical(actual[i]) : "(nothing)";
            if (e != a && ++differences <= 5)
            {
                report.AppendLine($"value {i}:").AppendLine($"  expected: {e}").AppendLine($"  actual:   {a}");
            }
        }

        if (differences > 0)
        {
            throw new XunitException($"{what ?? "JSON"}: {differences} of {Math.Max(expected.Count, actual.Count)} values differ "
                + $"({expected.Count} expected, {actual.Count} actual)\n{report}");
        }
    }

    /// <summary>The value as compact JSON with object keys sorted.</summary>
    public static string Canonical(JsonNode? node) => Sort(node)?.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "null";

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sort(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sort).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };
}
