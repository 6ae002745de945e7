namespace Lifeboat.Manifest;

/// <summary>The environment of the running process.</summary>
public sealed class ProcessEnvironment : IVariableProvider
{
    public static ProcessEnvironment Instance { get; } = new();

    private ProcessEnvironment()
    {
    }

    public string? Get(string name) => Environment.GetEnvironmentVariable(name);
}
