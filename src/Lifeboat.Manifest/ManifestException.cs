namespace Lifeboat.Manifest;

/// <summary>
/// The manifest has one or more problems. <see cref="Problems"/> holds all of them, in file order;
/// the message lists them one per line as <c>file:line:column: message (hint)</c>. Exit code 2.
/// </summary>
public sealed class ManifestException : ConfigurationException
{
    public ManifestException(IReadOnlyList<ManifestProblem> problems)
        : base(Format(problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<ManifestProblem> Problems { get; }

    private static string Format(IReadOnlyList<ManifestProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Count == 0)
        {
            throw new ArgumentException("a manifest exception needs at least one problem", nameof(problems));
        }

        return string.Join('\n', problems);
    }
}
