using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lifeboat.Manifest;
using Lifeboat.Orchestration.Processes;
using Lifeboat.Repository.Archiver;
using Lifeboat.Repository.Locks;
using Lifeboat.Sources;

namespace Lifeboat.Orchestration.Backup;

/// <summary>
/// Backs up one service into one snapshot: hooks, the consistency window (stop, every source, start —
/// start runs whatever happened), the sources' items under <c>service/source</c>, and a
/// self-describing <c>service/lifeboat.json</c> so a restore works even after the manifest changed.
/// A failing source fails the service's snapshot: none is made.
/// </summary>
public sealed class ServiceBackupRunner(RepositoryProvider repositories, IOperatorLog log, TimeProvider clock)
{
    /// <summary>A before-hook exiting with this code skips the service (EX_TEMPFAIL).</summary>
    public const int SkipExitCode = 75;

    public Func<SourceConfig, IDataSource> SourceFactory { get; init; } = DataSources.Create;

    public async Task<ServiceBackupResult> BackupAsync(ServiceConfig service, ServiceBackupOptions options, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = new ServiceBackupResult(service.Name);
        var hooks = service.Hooks.Over(repositories.Manifest.Defaults.Hooks);
        var environment = HookEnvironment(service, "before_backup");
        RepositoryLock? repositoryLock = null; // held until the evidence is written
        try
        {
            return await BackupUnderLockAsync(service, options, result, hooks, environment, stopwatch, held => repositoryLock = held, cancellationToken);
        }
        finally
        {
            if (repositoryLock is not null)
            {
                await repositoryLock.DisposeAsync();
            }
        }
    }

    private async Task<ServiceBackupResult> BackupUnderLockAsync(
        ServiceConfig service, ServiceBackupOptions options, ServiceBackupResult result, HooksConfig hooks, Dictionary<string, string> environment,
        Stopwatch stopwatch, Action<RepositoryLock> onLocked, CancellationToken cancellationToken)
    {
        RepositoryLock? repositoryLock = null;
        try
        {
            if (hooks.BeforeBackup is { } before)
            {
                var hook = await CommandRunner.RunAsync(before, environment, cancellationToken: cancellationToken);
                if (hook.ExitCode == SkipExitCode)
                {
                    log.Info($"{service.Name}: skipped (before_backup hook exited {SkipExitCode})");
                    result.Outcome = BackupOutcome.Skipped;
                    return result;
                }

                if (!hook.Succeeded)
                {
                    throw new LifeboatException($"before_backup hook exited with code {hook.ExitCode}: {Tail(hook)}");
                }
            }

            // The repository opens (key derivation), locks and finds the parent while the sources start.
            var opening = Task.Run(() => OpenAsync(service, options, onLocked, cancellationToken), cancellationToken);
            try
            {
                result.Snapshot = await CaptureAsync(service, opening, options, result, cancellationToken);
            }
            finally
            {
                // Whatever failed, the lock this run holds is known before it returns.
                repositoryLock = await opening.ContinueWith(t => t.IsCompletedSuccessfully ? t.Result.Lock : null, TaskScheduler.Default);
            }

            result.Outcome = BackupOutcome.Succeeded;

            if (hooks.AfterBackup is { } after && result.Snapshot is { } snapshot)
            {
                var hookEnvironment = HookEnvironment(service, "after_backup");
                hookEnvironment["LIFEBOAT_SNAPSHOT"] = snapshot.ToString();
                var hook = await CommandRunner.RunAsync(after, hookEnvironment, cancellationToken: cancellationToken);
                if (!hook.Succeeded)
                {
                    log.Warning($"{service.Name}: after_backup hook exited with code {hook.ExitCode}: {Tail(hook)}");
                }
            }
        }
        catch (Exception ex) when (ex is LifeboatException or IOException or UnauthorizedAccessException)
        {
            result.Outcome = BackupOutcome.Failed;
            result.Error = repositories.Manifest.Redact(ex.Message);
            log.Error($"{service.Name}: backup failed: {result.Error}");
            if (hooks.OnError is { } onError)
            {
                var hookEnvironment = HookEnvironment(service, "on_error");
                hookEnvironment["LIFEBOAT_ERROR"] = result.Error;
                try
                {
                    await CommandRunner.RunAsync(onError, hookEnvironment, cancellationToken: CancellationToken.None);
                }
                catch (LifeboatException hookError)
                {
                    log.Warning($"{service.Name}: on_error hook failed: {hookError.Message}");
                }
            }
        }
        finally
        {
            result.Duration = stopwatch.Elapsed;
        }

        if (!options.DryRun && result.Outcome != BackupOutcome.Skipped)
        {
            await RecordAsync(service, result, repositoryLock, cancellationToken);
        }

        return result;
    }

    private async Task RecordAsync(ServiceConfig service, ServiceBackupResult result, RepositoryLock? heldLock, CancellationToken cancellationToken)
    {
        try
        {
            var repository = await repositories.ForServiceAsync(service, cancellationToken);
            await new Evidence.EvidenceStore(repository, clock).WriteAsync(new Evidence.EvidenceRecord
            {
                Kind = Evidence.EvidenceRecord.Backup,
                Service = service.Name,
                Time = clock.GetLocalNow(),
                Succeeded = result.Outcome == BackupOutcome.Succeeded,
                Duration = result.Duration,
                Details = new JsonObject
                {
                    ["snapshot_id"] = result.Snapshot?.ToString(),
                    ["data_added"] = result.Summary?.DataAdded,
                    ["data_added_packed"] = result.Summary?.DataAddedPacked,
                    ["total_bytes_processed"] = result.Summary?.TotalBytesProcessed,
                    ["skipped_paths"] = result.Summary?.Errors.Count,
                    ["start_failed"] = result.StartFailed,
                    ["error"] = result.Error,
                },
            }, cancellationToken, heldLock);
        }
        catch (Exception ex) when (ex is LifeboatException or IOException)
        {
            log.Warning($"{service.Name}: the backup's result could not be recorded as evidence: {repositories.Manifest.Redact(ex.Message)}");
        }
    }

    private async Task<Opened> OpenAsync(ServiceConfig service, ServiceBackupOptions options, Action<RepositoryLock> onLocked, CancellationToken cancellationToken)
    {
        var repository = await repositories.ForServiceAsync(service, cancellationToken);
        RepositoryLock? repositoryLock = null;
        if (options.DryRun)
        {
            await repository.ReloadIndexAsync(cancellationToken);
            return new Opened(repository, null, null);
        }

        if (options.HeldLock is { } held)
        {
            repositoryLock = held; // the caller's, released by the caller
        }
        else
        {
            // The index is loaded under the lock: no prune can have removed what it lists. The backup
            // starts while the lock settles; the snapshot is committed only once it is confirmed.
            repositoryLock = await RepositoryLock.AcquireAsync(
                repository, exclusive: false, clock, cancellationToken, repository.ReloadIndexAsync, settleInBackground: true);
            onLocked(repositoryLock);
        }

        var parent = (await ServiceSnapshots.ListAsync(repository, service.Name, cancellationToken)).LastOrDefault();
        return new Opened(repository, repositoryLock, parent);
    }

    private async Task<Repository.Id?> CaptureAsync(
        ServiceConfig service, Task<Opened> opening, ServiceBackupOptions options, ServiceBackupResult result, CancellationToken cancellationToken)
    {
        if (service.Stop is not null && options.StopAndKeepStopped is null && !options.DryRun)
        {
            // A service is stopped only once its repository is open and locked: a repository that
            // cannot be used must not cost the service a restart.
            await opening;
        }

        var scratch = Directory.CreateTempSubdirectory($"lifeboat-backup-{service.Name}-");
        var captures = new List<SourceCapture>();
        var started = clock.GetLocalNow();
        var stopped = false;
        var keepStopped = options.StopAndKeepStopped is not null;
        try
        {
            if (options.StopAndKeepStopped is { } stopAndKeepStopped)
            {
                stopped = await stopAndKeepStopped(cancellationToken);
            }
            else if (service.Stop is { } dryStop && options.DryRun)
            {
                log.Info($"{service.Name}: dry run: the service is not stopped ({dryStop})");
            }
            else if (service.Stop is { } stop)
            {
                log.Info($"{service.Name}: stopping ({stop})");
                var stopResult = await CommandRunner.RunAsync(stop, HookEnvironment(service, "stop"), cancellationToken: cancellationToken);
                if (!stopResult.Succeeded)
                {
                    throw new LifeboatException($"stop command exited with code {stopResult.ExitCode}: {Tail(stopResult)}");
                }

                stopped = true;
            }

            var items = new List<BackupItem>();
            var sources = new JsonObject();
            var leftOut = new JsonObject();
            foreach (var (name, config) in service.Sources)
            {
                var source = SourceFactory(config);
                SourceCapture capture;
                try
                {
                    capture = await source.CaptureAsync(new SourceCaptureContext([service.Name, name], scratch.FullName) { Clock = clock }, cancellationToken);
                }
                catch (LifeboatException ex) when (options.LeaveOutUnavailableSources)
                {
                    var reason = repositories.Manifest.Redact(ex.Message);
                    log.Warning($"{service.Name}: {name} is left out of this snapshot: {reason}");
                    leftOut[name] = reason;
                    continue;
                }

                captures.Add(capture);
                items.AddRange(capture.Items);
                sources[name] = capture.Description.DeepClone();
            }

            items.Add(new BackupItem.Deferred(
                [service.Name, ServiceSnapshots.SnapshotDescriptionFile],
                _ => Task.FromResult(Describe(service, options, sources, leftOut, started, stopped))));

            var (repository, repositoryLock, parent) = await opening;
            var archiver = new Archiver(repository, new BackupOptions
            {
                SnapshotPaths = [ServiceSnapshots.SnapshotPath(service.Name)],
                Tags = [ServiceSnapshots.LifeboatTag, ServiceSnapshots.ServiceTag(service.Name), .. service.Tags, .. options.Tags],
                Parent = parent,
                DryRun = options.DryRun,
                Clock = clock,
                OnError = error => log.Warning($"{service.Name}: {error.Path}: {error.Message} (skipped)"),
                BeforeCommit = repositoryLock is null ? null : repositoryLock.EnsureHeldAsync,
            });

            log.Info($"{service.Name}: backing up {service.Sources.Count} sources{(stopped ? " (service stopped)" : string.Empty)}");
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, repositoryLock?.Lost ?? CancellationToken.None);
            BackupSummary summary;
            try
            {
                summary = await archiver.BackupAsync(items, stopping.Token);
            }
            catch (OperationCanceledException) when (repositoryLock is { Lost.IsCancellationRequested: true })
            {
                await repositoryLock.EnsureHeldAsync(cancellationToken); // throws what the lock conflicts with
                throw;
            }

            result.Summary = summary;
            return summary.SnapshotId;
        }
        finally
        {
            if (stopped && !keepStopped && service.Start is { } start)
            {
                try
                {
                    log.Info($"{service.Name}: starting ({start})");
                    var startResult = await CommandRunner.RunAsync(start, HookEnvironment(service, "start"), cancellationToken: CancellationToken.None);
                    if (!startResult.Succeeded)
                    {
                        log.Error($"{service.Name}: start command exited with code {startResult.ExitCode}: {Tail(startResult)}");
                        result.StartFailed = true;
                    }
                }
                catch (LifeboatException ex)
                {
                    log.Error($"{service.Name}: start command failed: {ex.Message}");
                    result.StartFailed = true;
                }
            }

            foreach (var capture in captures)
            {
                if (capture.CleanupAsync is { } cleanup)
                {
                    try
                    {
                        await cleanup();
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or LifeboatException)
                    {
                        log.Warning($"{service.Name}: cleanup after the backup failed: {ex.Message}");
                    }
                }
            }

            try
            {
                scratch.Delete(recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                log.Warning($"{service.Name}: could not remove {scratch.FullName}: {ex.Message}");
            }
        }
    }

    private byte[] Describe(ServiceConfig service, ServiceBackupOptions options, JsonObject sources, JsonObject leftOut, DateTimeOffset started, bool stopped)
    {
        var description = new JsonObject
        {
            ["lifeboat"] = 1,
            ["program_version"] = "lifeboat " + typeof(ServiceBackupRunner).Assembly.GetName().Version?.ToString(3),
            ["service"] = service.Name,
            ["host"] = HostName.Current,
            ["started"] = started.ToString("o"),
            ["finished"] = clock.GetLocalNow().ToString("o"),
            ["consistency"] = stopped ? "service stopped while sources were captured" : "sources captured back to back (no stop command)",
            ["tags"] = new JsonArray([.. service.Tags.Concat(options.Tags).Select(t => (JsonNode)t)]),
            ["sources"] = sources.DeepClone(),
        };
        if (leftOut.Count > 0)
        {
            description["left_out"] = leftOut.DeepClone();
        }

        return JsonSerializer.SerializeToUtf8Bytes(description, new JsonSerializerOptions { WriteIndented = true });
    }

    private Dictionary<string, string> HookEnvironment(ServiceConfig service, string eventName) => new()
    {
        ["LIFEBOAT_SERVICE"] = service.Name,
        ["LIFEBOAT_EVENT"] = eventName,
        ["LIFEBOAT_REPOSITORY"] = repositories.Describe(service.Repository),
    };

    private string Tail(CommandResult result) =>
        result.OutputTail.Length == 0 ? "(no output)" : repositories.Manifest.Redact(result.OutputTail);

    private sealed record Opened(Repository.Repository Repository, RepositoryLock? Lock, Repository.Snapshots.Snapshot? Parent);
}
