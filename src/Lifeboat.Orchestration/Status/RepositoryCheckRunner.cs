using System.Diagnostics;
using System.Text.Json.Nodes;
using Lifeboat.Orchestration.Evidence;
using Lifeboat.Repository.Checking;
using Lifeboat.Repository.Locks;

namespace Lifeboat.Orchestration.Status;

/// <summary>
/// Checks a repository (Engine III's check) and records the result as evidence. With an automatic
/// subset, each run reads the next slice of a rotation, so that every pack is read once per rotation.
/// </summary>
public sealed class RepositoryCheckRunner(RepositoryProvider repositories, IOperatorLog log, TimeProvider clock)
{
    /// <summary>How many runs a rotation of "--read-data-subset auto" takes to read everything.</summary>
    public const int DefaultRotation = 7;

    public async Task<(CheckResult Result, EvidenceRecord Record)> CheckAsync(string repositoryName, string? subset, int rotation = DefaultRotation, CancellationToken cancellationToken = default)
    {
        var repository = await repositories.GetAsync(repositoryName, cancellationToken);
        var store = new EvidenceStore(repository, clock);
        CheckOptions options;
        int? slice = null;
        if (string.Equals(subset, "auto", StringComparison.Ordinal))
        {
            // The rotation goes on from the last check of this repository, whichever host (and repository name) ran it.
            var last = await store.LatestAsync(EvidenceRecord.Check, null, cancellationToken);
            var previous = (int?)last?.Details["slice"] ?? 0;
            slice = (previous % rotation) + 1;
            options = new CheckOptions { Bucket = (slice.Value, rotation) };
            log.Info($"{repositoryName}: reading slice {slice} of {rotation} of the repository's data");
        }
        else
        {
            options = subset is null ? new CheckOptions() : subset == "all" ? new CheckOptions { ReadAll = true } : CheckOptions.ForSubset(subset);
        }

        var stopwatch = Stopwatch.StartNew();
        CheckResult result;
        await using (await RepositoryLock.AcquireAsync(repository, exclusive: false, clock, cancellationToken))
        {
            result = await new Checker(repository) { OnPhase = phase => log.Info($"{repositoryName}: {phase}") }.CheckAsync(options, cancellationToken);
        }

        var record = new EvidenceRecord
        {
            Kind = EvidenceRecord.Check,
            Repository = repositoryName,
            Time = clock.GetLocalNow(),
            Succeeded = !result.HasErrors,
            Duration = stopwatch.Elapsed,
            Details = new JsonObject
            {
                ["errors"] = result.ErrorCount,
                ["packs"] = result.Packs,
                ["packs_read"] = result.PacksRead,
                ["snapshots"] = result.Snapshots,
                ["slice"] = slice,
                ["rotation"] = slice is null ? null : rotation,
                ["problems"] = new JsonArray(result.Problems.Where(p => p.IsError).Take(20).Select(p => (JsonNode)$"{p.File}: {p.Message}").ToArray()),
            },
        };
        try
        {
            await store.WriteAsync(record, cancellationToken);
        }
        catch (LifeboatException ex)
        {
            log.Warning($"{repositoryName}: the check's result could not be recorded as evidence: {ex.Message}");
        }

        return (result, record);
    }
}
