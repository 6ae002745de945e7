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
