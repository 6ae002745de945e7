using System.CommandLine;
using Lifeboat.Repository;
using Lifeboat.Repository.Snapshots;

namespace Lifeboat.Cli.Commands.Repo;

/// <summary>--host, --tag and --path, as restic accepts them, for commands that select snapshots.</summary>
internal sealed class SnapshotFilterOptions
{
    public Option<string[]> Host { get; } = new("--host", "-H")
    {
        Description = "Only snapshots of this host (repeatable)",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string[]> Tag { get; } = new("--tag")
    {
        Description = "Only snapshots with these tags: a,b means both; repeat the option for either",
    };

    public Option<string[]> Path { get; } = new("--path")
    {
        Description = "Only snapshots that include this path (repeatable: all must be included)",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Host);
        command.Options.Add(Tag);
        command.Options.Add(Path);
    }

    public SnapshotFilter BuildFilter(CommandContext context) => new()
    {
        Hosts = context.Get(Host) ?? [],
        Tags = (context.Get(Tag) ?? []).Select(TagList.Parse).ToList(),
        Paths = context.Get(Path) ?? [],
    };

    public Func<Snapshot, bool> Build(CommandContext context) => BuildFilter(context).Matches;

    /// <summary>
    /// Resolves "latest" (the newest snapshot passing the filter), a full id or a unique prefix.
    /// </summary>
    public static async Task<Snapshot> ResolveAsync(Repository.Repository repository, string spec, Func<Snapshot, bool> filter, CancellationToken cancellationToken)
    {
        if (string.Equals(spec, "latest", StringComparison.Ordinal))
        {
            var snapshots = await repository.LoadSnapshotsAsync(null, cancellationToken);
            return snapshots.Where(filter).LastOrDefault()
                ?? throw new RepositoryException("no snapshot found (no snapshot matches the filter)");
        }

        var id = await repository.ResolvePrefixAsync(Storage.FileType.Snapshot, spec, cancellationToken);
        var snapshot = await repository.LoadJsonAsync<Snapshot>(Storage.FileType.Snapshot, id, cancellationToken);
        snapshot.Id = id;
        return snapshot;
    }
}
