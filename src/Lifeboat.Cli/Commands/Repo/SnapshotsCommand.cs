using System.CommandLine;
using System.Text.Json.Nodes;

namespace Lifeboat.Cli.Commands.Repo;

/// <summary><c>lifeboat repo snapshots</c>: the repository's snapshots, oldest first.</summary>
internal static class SnapshotsCommand
{
    public static Command Create()
    {
        var command = new Command("snapshots", "List snapshots");
        var filter = new SnapshotFilterOptions();
        filter.AddTo(command);
        return command.Handle(async context =>
        {
            await using var repository = await RepositoryAccess.OpenAsync(context, loadIndex: false);
            var predicate = filter.Build(context);
            var snapshots = (await repository.LoadSnapshotsAsync(
                (id, error) => context.Ui.Warning($"snapshot {id.ToShortString()}: {error.Message}"),
                context.CancellationToken)).Where(predicate).ToList();

            if (context.Ui.Json)
            {
                context.Ui.WriteJson(new JsonArray(snapshots.Select(s => (JsonNode)SnapshotJson.From(s)).ToArray()));
                return ExitCodes.Success;
            }

            context.Ui.WriteTable(
                ["ID", "Time", "Host", "Tags", "Paths"],
                snapshots.Select(s => (IReadOnlyList<string>)
                [
                    s.Id.ToShortString(),
                    SnapshotJson.LocalTime(s),
                    s.Hostname ?? string.Empty,
                    string.Join(",", s.Tags ?? []),
                    string.Join("\n", s.Paths),
                ]),
                $"{snapshots.Count} snapshots");
            return ExitCodes.Success;
        });
    }
}
