using Lifeboat.Manifest;

namespace Lifeboat.Sources;

/// <summary>Where a source is restored.</summary>
public abstract record RestoreTarget
{
    /// <summary>Over the live data the manifest declares (the orchestrator took a safety snapshot first).</summary>
    public sealed record InPlace : RestoreTarget;

    /// <summary>
    /// Into another database (created when missing), optionally on another server: <c>--into</c>.
    /// <paramref name="ServerPassword"/> is that server's password when its URL has none (the source's
    /// own credentials are used only on the source's own server).
    /// </summary>
    public sealed record IntoDatabase(string Database, string? ServerUrl = null, SecretRef? ServerPassword = null) : RestoreTarget;

    /// <summary>
    /// A scratch copy for a drill, which must never touch live data: databases get a new database
    /// named <see cref="DatabaseSuffix"/>-suffixed on the source's server (or <see cref="ServerUrl"/>,
    /// with <see cref="ServerPassword"/>: the manifest's <c>drill.server</c> and <c>drill.password</c>);
    /// files, SQLite and env go below <see cref="Directory"/>. Disposing the restore removes it.
    /// </summary>
    public sealed record Scratch(string Directory, string DatabaseSuffix, string? ServerUrl = null, SecretRef? ServerPassword = null) : RestoreTarget;
}
