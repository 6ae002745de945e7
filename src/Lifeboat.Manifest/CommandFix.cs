namespace Lifeboat.Manifest;

/// <summary>A command run on the host (<c>run: [chown, -R, "wiki:", /srv/wiki/data]</c>).</summary>
public sealed record CommandFix : PostRestoreStep
{
    public required CommandLine Run { get; init; }
}
