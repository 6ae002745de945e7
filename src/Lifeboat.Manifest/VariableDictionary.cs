namespace Lifeboat.Manifest;

/// <summary>Variables from a dictionary (tests, or a prepared environment).</summary>
public sealed class VariableDictionary(IReadOnlyDictionary<string, string> variables) : IVariableProvider
{
    public string? Get(string name) => variables.TryGetValue(name, out var value) ? value : null;
}
