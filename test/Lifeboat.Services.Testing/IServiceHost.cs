using Lifeboat.Testing;

namespace Lifeboat.Testing.Services;

/// <summary>
/// What a sample service needs of the test's host: a directory for its data and the repository
/// password (which its secrets checks look for). The orchestration tests and the CLI tests each have
/// a lab that is one.
/// </summary>
public interface IServiceHost
{
    TempDirectory Directory { get; }

    string Password { get; }

    string Combine(params string[] parts);
}
