namespace Lifeboat.Manifest;

/// <summary>
/// Where <c>${VAR}</c> interpolation reads variables: the process environment in production
/// (<see cref="ProcessEnvironment"/>), a dictionary in tests (<see cref="VariableDictionary"/>).
/// </summary>
public interface IVariableProvider
{
    /// <summary>The variable's value, or null when it is not set.</summary>
    string? Get(string name);
}

/// <summary>The environment of the running process.</summary>
public sealed class ProcessEnvironment : IVariableProvider
{
    public static ProcessEnvironment Instance { get; } = new();

    private ProcessEnvironment()
    {
    }

    public string? Get(string name) => Environment.GetEnvironmentVariable(name);
}

/// <summary>Variables from a dictionary (tests, or a prepared environment).</summary>
public sealed class VariableDictionary(IReadOnlyDictionary<string, string> variables) : IVariableProvider
{
    public string? Get(string name) => variables.TryGetValue(name, out var value) ? value : null;
}
