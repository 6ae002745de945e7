using System.Diagnostics;
using System.Text.Json.Nodes;
using Lifeboat.Manifest;
using Lifeboat.Orchestration.Evidence;
using Lifeboat.Orchestration.Restore;
using Lifeboat.Repository.Locks;
using Lifeboat.Sources;

namespace Lifeboat.Orchestration.Drills;

/// <summary>
/// Proves a backup restores: the snapshot is restored into scratch targets that cannot touch live data
/// (new databases named <c>&lt;db&gt;_drill_&lt;shortid&gt;</c>, a temporary directory), the service's
/// verify checks run against the copy, the restore time is measured, the result is recorded as
/// evidence, and the scratch copy is always removed (also on failure and Ctrl-C) unless kept on request.
/// Leftovers of drills that were killed are found and removed first.
/// </summary>
public sealed class DrillRunner(RepositoryProvider repositories, IOperatorLog log, TimeProvider clock)
{
    private const string MarkerFile = ".lifeboat-drill";
    private const string DirectoryPrefix = "lifeboat-drill-";

    public Func<SourceConfig, IDataSource> SourceFactory { get; init; } = DataSources.Create;

    public async Task<DrillResult> DrillAsync(ServiceConfig service, string snapshotSpec, bool keep, CancellationToken cancellationToken = default)
    {
        await using var gate = await ServiceGate.EnterDrillAsync(service.Name, log, cancellationToken);
        var total = Stopwatch.StartNew();

        // Leftovers of killed drills are looked for on the database servers while the repository opens
        // (its key derivation alone takes about half a second).
        var restoreRunner = new ServiceRestoreRunner(repositories, log, clock) { SourceFactory = SourceFactory };
        var sweep = RemoveLeftoversAsync(service, cancellationToken);
        var planning = restoreRunner.PlanAsync(service, new RestoreRequest { Snapshot = snapshotSpec }, cancellationToken);
        try
        {
            await Task.WhenAll(sweep, planning);
        }
        catch when (planning.IsCompletedSuccessfully || sweep.IsCompletedSuccessfully)
        {
            // the failure of the other one is rethrown below
        }

        await sweep;
        var plan = await planning;
        var result = new DrillResult(service.Name, plan.Snapshot.Id, ServiceSnapshots.Label(plan.Snapshot));
        var repository = await repositories.ForServiceAsync(service, cancellationToken);

        // One shared lock covers the restore, the checks, the clean-up and the evidence. The drill
        // starts while it settles (it writes nothing in the repository before the evidence, whose
        // commit waits for the lock to be confirmed).
        RepositoryLock repositoryLock;
        try
        {
            repositoryLock = await RepositoryLock.AcquireAsync(
                repository, exclusive: false, clock, cancellationToken, repository.ReloadIndexAsync, settleInBackground: true);
        }
        catch (LifeboatException ex)
        {
            result.Error = repositories.Manifest.Redact(ex.Message);
            log.Error($"{service.Name}: drill failed: {result.Error}");
            result.Duration = total.Elapsed;
            await RecordAsync(service, repository, null, result, cancellationToken);
            return result;
        }

        await using var heldLock = repositoryLock;

        var scratch = Directory.CreateTempSubdirectory($"{DirectoryPrefix}{service.Name}-");
        await File.WriteAllTextAsync(Path.Combine(scratch.FullName, MarkerFile), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
        var restores = new List<ISourceRestore>();
        var locations = new Dictionary<string, RestoredLocation>(StringComparer.Ordinal);
        var suffix = plan.Snapshot.Id.ToShortString(); // the sources name scratch databases <db>_drill_<suffix>
        var cleanup = Task.CompletedTask;
        var finished = false;
        try
        {
            {
                log.Info($"{service.Name}: drill of {result.SnapshotLabel} ({plan.Snapshot.Id.ToShortString()}) into scratch targets");
                var restoreClock = Stopwatch.StartNew();
                foreach (var source in plan.Sources)
                {
                    var (server, password) = DrillServer(service, source.Config);
                    var target = new RestoreTarget.Scratch(Path.Combine(scratch.FullName, source.Name), suffix, server, password);
                    var restore = await SourceFactory(source.Config).RestoreAsync(
                        new SourceRestoreContext(plan.Reader, $"{service.Name}/{source.Name}", source.Description, target)
                        {
                            ScratchDirectory = Path.Combine(scratch.FullName, ".work"),
                            Log = line => log.Info($"{service.Name}: {source.Name}: {line}"),
                        },
                        cancellationToken);
                    restores.Add(restore);
                    locations[source.Name] = restore.Location;
                    result.Locations[source.Name] = restore.Location.Database ?? restore.Location.Path ?? source.Name;
                }

                foreach (var fix in service.PostRestore.OfType<SqlFix>().Where(f => locations.ContainsKey(f.Source)))
                {
                    log.Info($"{service.Name}: post-restore {fix.Name} on the scratch copy");
                    await SqlRunner.ExecuteAsync(locations[fix.Source], fix.Source, fix.Sql, cancellationToken: cancellationToken);
                }

                result.RestoreDuration = restoreClock.Elapsed;
            }

            var environment = CheckEnvironment(service, locations);
            foreach (var check in service.Verify)
            {
                var outcome = await VerifyRunner.RunAsync(check, locations, environment, cancellationToken);
                result.Checks.Add(outcome);
                var line = outcome.Passed ? $"  PASS {outcome.Name}" : $"  FAIL {outcome.Name}: {repositories.Manifest.Redact(outcome.Failure ?? string.Empty)}";
                if (outcome.Passed)
                {
                    log.Info(line);
                }
                else
                {
                    log.Error(line);
                }
            }

            if (service.Verify.Count == 0)
            {
                log.Warning($"{service.Name}: no verify checks are declared: the drill only proves that the snapshot restores");
            }

            finished = true;
        }
        catch (Exception ex) when (ex is LifeboatException or IOException or UnauthorizedAccessException)
        {
            result.Error = repositories.Manifest.Redact(ex.Message);
            log.Error($"{service.Name}: drill failed: {result.Error}");
            finished = true;
        }
        finally
        {
            // The result is known: the clean-up runs beside the writing of the evidence below (or
            // alone, when an exception is on its way out).
            result.Duration = total.Elapsed;
            if (keep)
            {
                result.KeptAt = scratch.FullName;
                log.Info($"{service.Name}: scratch copy kept: {string.Join(", ", result.Locations.Select(l => $"{l.Key} at {l.Value}"))}");
            }
            else
            {
                cleanup = CleanUpAsync(service, restores, scratch);
                if (!finished)
                {
                    await cleanup;
                }
            }
        }

        await Task.WhenAll(RecordAsync(service, repository, repositoryLock, result, cancellationToken), cleanup);
        return result;
    }

    private async Task CleanUpAsync(ServiceConfig service, List<ISourceRestore> restores, DirectoryInfo scratch)
    {
        await Task.Yield();
        foreach (var restore in restores)
        {
            try
            {
                await restore.DisposeAsync();
            }
            catch (Exception ex) when (ex is LifeboatException or IOException or UnauthorizedAccessException)
            {
                log.Warning($"{service.Name}: removing a scratch copy failed ({ex.Message}); the next drill removes it");
            }
        }

        TryDelete(scratch);
    }

    private async Task RecordAsync(ServiceConfig service, Repository.Repository repository, RepositoryLock? repositoryLock, DrillResult result, CancellationToken cancellationToken)
    {
        try
        {
            await new EvidenceStore(repository, clock).WriteAsync(new EvidenceRecord
            {
                Kind = EvidenceRecord.Drill,
                Service = service.Name,
                Time = clock.GetLocalNow(),
                Succeeded = result.Passed,
                Duration = result.Duration,
                Details = new JsonObject
                {
                    ["snapshot_id"] = result.Snapshot.ToString(),
                    ["snapshot_time"] = result.SnapshotLabel,
                    ["restore_seconds"] = Math.Round(result.RestoreDuration.TotalSeconds, 3),
                    ["rto_seconds"] = service.Rto?.TotalSeconds,
                    ["error"] = result.Error,
                    ["checks"] = new JsonArray(result.Checks.Select(c => (JsonNode)new JsonObject
                    {
                        ["name"] = c.Name,
                        ["passed"] = c.Passed,
                        ["failure"] = c.Failure is null ? null : repositories.Manifest.Redact(c.Failure),
                    }).ToArray()),
                },
            }, cancellationToken, repositoryLock);
        }
        catch (Exception ex) when (ex is LifeboatException or IOException)
        {
            log.Warning($"{service.Name}: the drill's result could not be recorded: {ex.Message}");
        }
    }

    private async Task RemoveLeftoversAsync(ServiceConfig service, CancellationToken cancellationToken)
    {
        foreach (var directory in new DirectoryInfo(Path.GetTempPath()).EnumerateDirectories($"{DirectoryPrefix}{service.Name}-*"))
        {
            var marker = Path.Combine(directory.FullName, MarkerFile);
            if (File.Exists(marker)
                && int.TryParse(await File.ReadAllTextAsync(marker, cancellationToken), out var pid)
                && pid != Environment.ProcessId
                && !IsAlive(pid))
            {
                log.Info($"{service.Name}: removing the scratch directory of a drill that did not finish: {directory.FullName}");
                TryDelete(directory);
            }
        }

        foreach (var (_, config) in service.Sources)
        {
            try
            {
                var (server, password) = DrillServer(service, config);
                foreach (var removed in await SourceFactory(config).RemoveDrillLeftoversAsync(server, password, cancellationToken))
                {
                    log.Info($"{service.Name}: removed {removed}, left by a drill that did not finish");
                }
            }
            catch (LifeboatException ex)
            {
                log.Warning($"{service.Name}: could not look for leftovers of earlier drills in {config.Name}: {ex.Message}");
            }
        }
    }

    /// <summary>
    /// The manifest's drill server and its password for sources of the server's kind (a postgres://
    /// server for PostgreSQL sources, a mysql:// or mariadb:// one for MySQL and MariaDB sources);
    /// other sources use their own server.
    /// </summary>
    private static (string? Url, SecretRef? Password) DrillServer(ServiceConfig service, SourceConfig source)
    {
        if (service.Drill.Server is not { } server)
        {
            return (null, null);
        }

        var serverIsPostgres = server.Scheme is "postgres" or "postgresql";
        var sourceIsPostgres = source.Kind == SourceKind.Postgres;
        var sourceIsMySql = source.Kind is SourceKind.MySql or SourceKind.MariaDb;
        return (sourceIsPostgres && serverIsPostgres) || (sourceIsMySql && !serverIsPostgres)
            ? (server.Reveal(), service.Drill.Password)
            : (null, null);
    }

    private static Dictionary<string, string> CheckEnvironment(ServiceConfig service, Dictionary<string, RestoredLocation> locations)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["LIFEBOAT_SERVICE"] = service.Name,
            ["LIFEBOAT_EVENT"] = "drill",
        };
        foreach (var (name, location) in locations)
        {
            var key = "LIFEBOAT_SOURCE_" + name.ToUpperInvariant().Replace('-', '_');
            foreach (var (variable, value) in location.Environment)
            {
                environment[variable] = value;
            }

            if (location.Path is { } path)
            {
                environment[key + "_PATH"] = path;
            }

            if (location.Database is { } database)
            {
                environment[key + "_DATABASE"] = database;
            }

            if (location.ConnectionString is { } connection)
            {
                environment[key + "_CONNECTION"] = connection;
            }
        }

        return environment;
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static void TryDelete(DirectoryInfo directory)
    {
        try
        {
            directory.Delete(recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // reported by the next drill's leftover scan
        }
    }
}
