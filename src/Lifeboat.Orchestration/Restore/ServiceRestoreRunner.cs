using System.Text.Json;
using System.Text.Json.Nodes;
using Lifeboat.Manifest;
using Lifeboat.Orchestration.Backup;
using Lifeboat.Orchestration.Processes;
using Lifeboat.Repository.Locks;
using Lifeboat.Repository.Snapshots;
using Lifeboat.Sources;

namespace Lifeboat.Orchestration.Restore;

/// <summary>
/// Restores one service, symmetrically to its backup: before_restore hook, a safety snapshot of the
/// current state (in place; sources that can load beside the live data load meanwhile), stop, every
/// source, the post-restore fixes in declared order, start, the health check, and the after_restore hook. Until everything has passed, what each source replaced is
/// kept; if any step fails, every source is put back as it was, the service is started again, and the
/// error says what failed and in which state the service is.
/// </summary>
public sealed class ServiceRestoreRunner(RepositoryProvider repositories, IOperatorLog log, TimeProvider clock)
{
    private const string ScratchPrefix = "lifeboat-restore-";

    public Func<SourceConfig, IDataSource> SourceFactory { get; init; } = DataSources.Create;

    /// <summary>Works out what a restore would do, without changing anything.</summary>
    public async Task<RestorePlan> PlanAsync(ServiceConfig service, RestoreRequest request, CancellationToken cancellationToken = default)
    {
        var repository = await repositories.ForServiceAsync(service, cancellationToken);
        await repository.EnsureIndexAsync(cancellationToken);
        var snapshots = await ServiceSnapshots.ListAsync(repository, service.Name, cancellationToken);
        var snapshot = ServiceSnapshots.Resolve(snapshots, service.Name, request.Snapshot);
        var reader = new SnapshotReader(repository, snapshot);

        JsonObject description;
        try
        {
            var json = await reader.ReadFileAsync($"{service.Name}/{ServiceSnapshots.SnapshotDescriptionFile}", cancellationToken);
            description = JsonNode.Parse(json)?.AsObject() ?? throw new JsonException("empty");
        }
        catch (Exception ex) when (ex is JsonException or Repository.RepositoryException)
        {
            throw new LifeboatException($"snapshot {snapshot.Id.ToShortString()} has no readable {ServiceSnapshots.SnapshotDescriptionFile}: it was not made by 'lifeboat backup {service.Name}'", ex);
        }

        var inSnapshot = description["sources"]?.AsObject() ?? [];
        var wanted = request.Sources.Count > 0 ? request.Sources : [.. inSnapshot.Select(s => s.Key)];
        var plan = new RestorePlan(service, snapshot, reader, description);
        foreach (var name in wanted)
        {
            if (inSnapshot[name] is not JsonObject sourceDescription)
            {
                throw new UsageException($"snapshot {snapshot.Id.ToShortString()} has no source '{name}' (it has: {string.Join(", ", inSnapshot.Select(s => s.Key))})");
            }

            if (!service.Sources.TryGetValue(name, out var config))
            {
                throw new ConfigurationException($"source '{name}' is in the snapshot but no longer in the manifest; declare it again to restore it");
            }

            plan.Sources.Add(new PlannedSource(name, config, sourceDescription, TargetFor(config, request.Into)));
        }

        if (request.Into is not null && plan.Sources.Count(s => s.Target is not RestoreTarget.InPlace) != 1)
        {
            throw new UsageException("--into needs exactly one database source: name it with --source");
        }

        plan.InPlace = plan.Sources.Any(s => s.Target is RestoreTarget.InPlace);
        if (plan.InPlace && !request.NoSafetySnapshot)
        {
            // A copy written beside a path inside another source's directory would be in its safety
            // snapshot, and could be swapped away with it: such a source is restored after the stop.
            var sources = plan.Sources.Select(s => (s.Name, Data: SourceFactory(s.Config))).ToList();
            var livePaths = sources.Select(s => s.Data.LivePath).OfType<string>().ToList();
            plan.LoadedAhead.UnionWith(sources
                .Where(s => s.Data.StagesAhead && !(s.Data.LivePath is { } path && livePaths.Any(other => IsInside(path, other))))
                .Select(s => s.Name));
        }

        return plan;
    }

    // Under the service's restore gate no other restore of it runs on this host: the scratch directories
    // of its earlier restores in the temporary directory are leftovers of restores that were killed.
    private void RemoveScratchLeftovers(string service, string key)
    {
        foreach (var directory in new DirectoryInfo(Path.GetTempPath()).EnumerateDirectories($"{ScratchPrefix}{key}-*"))
        {
            log.Info($"{service}: removing the scratch directory of a restore that did not finish: {directory.FullName}");
            TryDelete(directory);
        }
    }

    // The restore gate and scratch directories of a service are named after it and its manifest's path:
    // services of two manifests on one host may share a name.
    private string GateKey(ServiceConfig service)
    {
        var manifest = repositories.Manifest.Files.FirstOrDefault() is { } file ? Path.GetFullPath(file) : string.Empty;
        return $"{service.Name}-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(manifest)))[..8]}";
    }

    /// <summary>
    /// What restores of the plan's sources that did not finish left behind (for <c>--dry-run</c>); nothing
    /// is removed. A source that cannot be looked at is a warning in the log.
    /// </summary>
    public Task<RestoreLeftovers> FindLeftoversAsync(RestorePlan plan, CancellationToken cancellationToken = default) =>
        CollectLeftoversAsync(plan, removeStaging: false, cancellationToken);

    // Staging copies are removed only under the gate: without it (another user's gate file) one may belong
    // to a restore still running, and is only reported.
    private async Task SweepLeftoversAsync(RestorePlan plan, bool removeStaging, CancellationToken cancellationToken)
    {
        var service = plan.Service.Name;
        var found = await CollectLeftoversAsync(plan, removeStaging, cancellationToken);
        foreach (var staging in found.Staging)
        {
            log.Info(removeStaging
                ? $"{service}: removed {staging}, left by a restore that did not finish"
                : $"{service}: {staging} looks left by a restore that did not finish; not removed without this host's restore gate");
        }

        foreach (var kept in found.SetAside)
        {
            log.Warning($"{service}: {kept} holds what a restore that did not finish replaced; it is kept: remove it once you no longer need it");
        }
    }

    private async Task<RestoreLeftovers> CollectLeftoversAsync(RestorePlan plan, bool removeStaging, CancellationToken cancellationToken)
    {
        var parts = new List<RestoreLeftovers>();
        foreach (var source in plan.Sources.Where(s => s.Target is not RestoreTarget.Scratch))
        {
            var into = source.Target switch
            {
                RestoreTarget.IntoDatabase { ServerUrl: null } target => target.Database,
                _ => null,
            };
            try
            {
                parts.Add(await SourceFactory(source.Config).SweepRestoreLeftoversAsync(into, removeStaging, cancellationToken));
            }
            catch (LifeboatException ex)
            {
                log.Warning($"{plan.Service.Name}: could not look for leftovers of earlier restores of {source.Name}: {repositories.Manifest.Redact(ex.Message)}");
            }
        }

        return RestoreLeftovers.Combine(parts);
    }

    /// <summary>Carries out a plan. Nothing is changed if the safety snapshot fails.</summary>
    /// <exception cref="LifeboatException">The restore failed; the message says what and the state.</exception>
    public async Task<ServiceRestoreResult> RestoreAsync(RestorePlan plan, RestoreRequest request, CancellationToken cancellationToken = default)
    {
        var service = plan.Service;
        var result = new ServiceRestoreResult(service.Name, plan.Snapshot.Id);
        var hooks = service.Hooks.Over(repositories.Manifest.Defaults.Hooks);
        var environment = Environment(service, plan, "before_restore");
        var started = clock.GetTimestamp();

        if (hooks.BeforeRestore is { } before)
        {
            var hook = await CommandRunner.RunAsync(before, environment, cancellationToken: cancellationToken);
            if (hook.ExitCode == ServiceBackupRunner.SkipExitCode)
            {
                log.Info($"{service.Name}: restore skipped (before_restore hook exited {ServiceBackupRunner.SkipExitCode})");
                result.Skipped = true;
                return result;
            }

            if (!hook.Succeeded)
            {
                throw new LifeboatException($"{service.Name}: before_restore hook exited with code {hook.ExitCode}; nothing was changed");
            }
        }

        // One restore of a service at a time on this host. What restores of it that did not finish left
        // is dealt with first: their staging copies are removed, what they set aside is reported.
        var touchesLiveData = plan.Sources.Any(s => s.Target is not RestoreTarget.Scratch);
        var key = GateKey(service);
        await using var gate = touchesLiveData ? ServiceGate.EnterRestore(key, service.Name, log) : null;
        if (gate is not null)
        {
            RemoveScratchLeftovers(service.Name, key);
        }

        // The sweep runs while the lock is taken (it reports its own failures as warnings).
        var sweeping = touchesLiveData ? SweepLeftoversAsync(plan, removeStaging: gate is not null, cancellationToken) : Task.CompletedTask;
        RepositoryLock acquired;
        try
        {
            var repository = await repositories.ForServiceAsync(service, cancellationToken);
            // The lock settles while the restore starts: nothing in place is touched (stop, a source, a
            // swap) before it is confirmed, and a restore elsewhere commits only once it is; a conflict
            // stops the restore and rolls back what it did.
            acquired = await RepositoryLock.AcquireAsync(
                repository, exclusive: false, clock, cancellationToken, repository.ReloadIndexAsync, settleInBackground: true);
        }
        catch
        {
            await sweeping.WhenSettled();
            throw;
        }

        await using var repositoryLock = acquired;
        await sweeping;
        var applied = new List<(PlannedSource Source, ISourceRestore Restore)>();
        // A drill's restore (scratch targets only) works in a directory of another name: a restore of the
        // service running meanwhile removes only leftovers of restores.
        var scratch = Directory.CreateTempSubdirectory(touchesLiveData ? $"{ScratchPrefix}{key}-" : $"lifeboat-drillwork-{service.Name}-");
        var stopped = false;
        var stopAttempted = false; // a failed stop command may have stopped part of the service
        var restarted = false;
        string? failure = null;

        async Task<bool> StopAsync(CancellationToken token)
        {
            if (!stopped && plan.InPlace && service.Stop is { } stop)
            {
                log.Info($"{service.Name}: stopping ({stop})");
                stopAttempted = true;
                var stopResult = await CommandRunner.RunAsync(stop, Environment(service, plan, "stop"), cancellationToken: token);
                if (!stopResult.Succeeded)
                {
                    throw new LifeboatException($"stop command exited with code {stopResult.ExitCode}");
                }

                stopped = true;
            }

            return stopped;
        }

        // Sources that load beside the live data (a staging database, a sibling file or directory) do so
        // while the safety snapshot is taken; only the swap waits for the snapshot and the stop.
        using var stagingStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, repositoryLock.Lost);
        var staging = plan.LoadedAhead.Count > 0
            ? StageAheadAsync(plan, scratch.FullName, repositoryLock, stagingStop.Token)
            : Task.FromResult(new Dictionary<string, IStagedRestore>());

        async Task DiscardStagingAsync()
        {
            await stagingStop.CancelAsync();
            await staging.WhenSettled();
            if (staging.IsCompletedSuccessfully)
            {
                foreach (var staged in staging.Result.Values)
                {
                    await staged.DisposeAsync();
                }
            }
        }

        if (plan.InPlace && !request.NoSafetySnapshot)
        {
            // The safety snapshot is taken inside the restore's stop window and under its lock: what the
            // service writes until it stops is in the snapshot, and nothing runs between the two.
            log.Info($"{service.Name}: taking a safety snapshot of the current state");
            ServiceBackupResult safety;
            try
            {
                safety = await new ServiceBackupRunner(repositories, log, clock) { SourceFactory = SourceFactory }.BackupAsync(
                    service,
                    new ServiceBackupOptions
                    {
                        Tags = [ServiceSnapshots.PreRestoreTag],
                        LeaveOutUnavailableSources = true,
                        StopAndKeepStopped = StopAsync,
                        HeldLock = repositoryLock,
                    },
                    cancellationToken);
            }
            catch (OperationCanceledException)
            {
                await DiscardStagingAsync();
                if (stopped)
                {
                    await StartAgainAsync(service, plan);
                }

                TryDelete(scratch);
                throw;
            }
            catch (Exception)
            {
                await DiscardStagingAsync();
                throw;
            }

            if (safety.Outcome != BackupOutcome.Succeeded || safety.Snapshot is null)
            {
                await DiscardStagingAsync();
                var state = string.Empty;
                if (stopped)
                {
                    state = await StartAgainAsync(service, plan) is { } problem ? $"; {problem}" : "; the service was started again";
                }

                TryDelete(scratch);
                var skipped = safety.Outcome == BackupOutcome.Skipped;
                throw new LifeboatException(skipped
                    ? $"{service.Name}: the safety snapshot was skipped (the before_backup hook exited {ServiceBackupRunner.SkipExitCode}); nothing was restored{state}"
                    : $"{service.Name}: the safety snapshot failed ({safety.Error}); nothing was restored{state}")
                {
                    Hint = skipped
                        ? "let the hook allow the backup, or pass --no-safety-snapshot if the current data does not matter"
                        : "fix the backup first, or pass --no-safety-snapshot if the current data does not matter",
                };
            }

            result.SafetySnapshot = safety.Snapshot;
            log.Info($"{service.Name}: safety snapshot {safety.Snapshot.Value.ToShortString()} saved");
        }

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, repositoryLock.Lost);
        try
        {
            if (plan.InPlace)
            {
                await repositoryLock.EnsureHeldAsync(stopping.Token);
            }

            await StopAsync(stopping.Token);
            var stagedAhead = await staging;

            foreach (var source in plan.Sources)
            {
                if (stagedAhead.Remove(source.Name, out var staged))
                {
                    await using (staged)
                    {
                        var swapped = await staged.ApplyAsync(stopping.Token);
                        applied.Add((source, swapped));
                        result.Locations[source.Name] = swapped.Location;
                    }

                    continue;
                }

                log.Info($"{service.Name}: restoring {source.Name} ({source.Config.Kind}) {Describe(source.Target)}");
                var restore = await SourceFactory(source.Config).RestoreAsync(
                    new SourceRestoreContext(plan.Reader, $"{service.Name}/{source.Name}", source.Description, source.Target)
                    {
                        ScratchDirectory = scratch.FullName,
                        Log = line => log.Info($"{service.Name}: {source.Name}: {line}"),
                    },
                    stopping.Token);
                applied.Add((source, restore));
                result.Locations[source.Name] = restore.Location;
            }

            foreach (var step in service.PostRestore)
            {
                log.Info($"{service.Name}: post-restore {step.Name}: {step.Description ?? Describe(step)}");
                await RunFixAsync(service, plan, step, result, stopping.Token);
            }

            if (stopped && service.Start is { } start)
            {
                log.Info($"{service.Name}: starting ({start})");
                var startResult = await CommandRunner.RunAsync(start, Environment(service, plan, "start"), cancellationToken: stopping.Token);
                stopped = false;
                restarted = true;
                if (!startResult.Succeeded)
                {
                    throw new LifeboatException($"start command exited with code {startResult.ExitCode}");
                }
            }

            if (plan.InPlace && service.Health is { } health)
            {
                log.Info($"{service.Name}: waiting for the health check");
                if (await HealthChecker.WaitAsync(health, Environment(service, plan, "health"), clock, stopping.Token) is { } unhealthy)
                {
                    throw new LifeboatException($"health check failed: {unhealthy}");
                }
            }

            await repositoryLock.EnsureHeldAsync(stopping.Token);
            foreach (var (_, restore) in applied)
            {
                await restore.CommitAsync(stopping.Token);
            }

            applied.Clear();
        }
        catch (Exception ex) when (ex is LifeboatException or IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            var lockLost = repositoryLock.Lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested;
            failure = repositories.Manifest.Redact(lockLost && ex is OperationCanceledException ? await LockConflictAsync(repositoryLock) : ex.Message);
            if (restarted && service.Stop is { } stopAgain)
            {
                // The restored data is being used: stop the service before putting the old data back.
                await CommandRunner.RunAsync(stopAgain, Environment(service, plan, "stop"), cancellationToken: CancellationToken.None);
            }

            var state = await RollbackAsync(service, plan, applied, result, stopped || stopAttempted);
            var message = ex is OperationCanceledException && !lockLost
                ? $"{service.Name}: restore interrupted; {state}"
                : $"{service.Name}: restore failed: {failure}; {state}";
            log.Error(message);
            await RunOnErrorAsync(service, hooks, plan, message);
            throw new LifeboatException(message, ex);
        }
        finally
        {
            foreach (var (_, restore) in applied)
            {
                await restore.DisposeAsync();
            }

            await DiscardStagingAsync(); // what was loaded ahead and not put in place
            TryDelete(scratch);
        }

        if (hooks.AfterRestore is { } after)
        {
            var hook = await CommandRunner.RunAsync(after, Environment(service, plan, "after_restore"), cancellationToken: cancellationToken);
            if (!hook.Succeeded)
            {
                log.Warning($"{service.Name}: after_restore hook exited with code {hook.ExitCode}");
            }
        }

        result.Duration = clock.GetElapsedTime(started);
        log.Info($"{service.Name}: restored from {ServiceSnapshots.Label(plan.Snapshot)} ({plan.Snapshot.Id.ToShortString()})");
        return result;
    }

    /// <summary>
    /// Loads the plan's <see cref="RestorePlan.LoadedAhead"/> sources beside the live data once the lock
    /// is confirmed, one after the other. Touches nothing in place. On failure or cancellation what was
    /// loaded is removed again.
    /// </summary>
    private async Task<Dictionary<string, IStagedRestore>> StageAheadAsync(
        RestorePlan plan, string scratch, RepositoryLock repositoryLock, CancellationToken cancellationToken)
    {
        var staged = new Dictionary<string, IStagedRestore>();
        var sources = plan.Sources.Where(s => plan.LoadedAhead.Contains(s.Name)).Select(s => (Source: s, Data: SourceFactory(s.Config))).ToList();
        try
        {
            await repositoryLock.EnsureHeldAsync(cancellationToken);
            foreach (var (source, data) in sources)
            {
                log.Info($"{plan.Service.Name}: restoring {source.Name} ({source.Config.Kind}) {Describe(source.Target)}: loading it beside the live data, to swap in after the safety snapshot");
                staged[source.Name] = await data.StageAsync(
                    new SourceRestoreContext(plan.Reader, $"{plan.Service.Name}/{source.Name}", source.Description, source.Target)
                    {
                        ScratchDirectory = scratch,
                        Log = line => log.Info($"{plan.Service.Name}: {source.Name}: {line}"),
                    },
                    cancellationToken);
            }

            return staged;
        }
        catch
        {
            foreach (var loaded in staged.Values)
            {
                await loaded.DisposeAsync();
            }

            throw;
        }
    }

    private static bool IsInside(string path, string directory) =>
        path != directory && path.StartsWith(directory == "/" ? "/" : directory + "/", StringComparison.Ordinal);

    private async Task RunFixAsync(ServiceConfig service, RestorePlan plan, PostRestoreStep step, ServiceRestoreResult result, CancellationToken cancellationToken)
    {
        switch (step)
        {
            case SqlFix sql:
                if (!result.Locations.TryGetValue(sql.Source, out var location))
                {
                    log.Warning($"{service.Name}: post-restore {step.Name} skipped: source '{sql.Source}' was not restored");
                    return;
                }

                try
                {
                    await SqlRunner.ExecuteAsync(location, sql.Source, sql.Sql, cancellationToken: cancellationToken);
                }
                catch (LifeboatException ex)
                {
                    throw new LifeboatException($"post-restore {step.Name} failed: {ex.Message}", ex);
                }

                break;
            case CommandFix command:
                var environment = Environment(service, plan, "post_restore");
                foreach (var (name, location2) in result.Locations)
                {
                    foreach (var (key, value) in location2.Environment)
                    {
                        environment[key] = value;
                    }

                    if (location2.Path is { } path)
                    {
                        environment[$"LIFEBOAT_SOURCE_{name.ToUpperInvariant().Replace('-', '_')}_PATH"] = path;
                    }
                }

                var run = await CommandRunner.RunAsync(command.Run, environment, cancellationToken: cancellationToken);
                if (!run.Succeeded)
                {
                    throw new LifeboatException($"post-restore {step.Name} exited with code {run.ExitCode}: {repositories.Manifest.Redact(run.OutputTail)}");
                }

                break;
        }
    }

    private async Task<string> RollbackAsync(ServiceConfig service, RestorePlan plan, List<(PlannedSource Source, ISourceRestore Restore)> applied, ServiceRestoreResult result, bool startAgain)
    {
        var problems = new List<string>();
        foreach (var (source, restore) in Enumerable.Reverse(applied))
        {
            try
            {
                log.Info($"{service.Name}: rolling back {source.Name}");
                await restore.RollbackAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is LifeboatException or IOException or UnauthorizedAccessException or NotSupportedException)
            {
                problems.Add($"{source.Name} could not be rolled back ({ex.Message})");
            }
            finally
            {
                await restore.DisposeAsync();
            }
        }

        applied.Clear();
        if (startAgain && await StartAgainAsync(service, plan) is { } problem)
        {
            problems.Add(problem);
        }

        result.RolledBack = true;
        if (problems.Count == 0)
        {
            return "every source was rolled back to its state before the restore" + (startAgain ? " and the service was started again" : string.Empty);
        }

        var safety = result.SafetySnapshot is { } id ? $"; the state before the restore is in safety snapshot {id.ToShortString()}" : string.Empty;
        return string.Join("; ", problems) + safety;
    }

    // Why a lock settling in the background was lost (its conflict).
    private static async Task<string> LockConflictAsync(RepositoryLock repositoryLock)
    {
        try
        {
            await repositoryLock.EnsureHeldAsync(CancellationToken.None);
            return "the repository lock was lost";
        }
        catch (LifeboatException ex)
        {
            return ex.Message;
        }
    }

    // Starts the service after a failed step; returns what went wrong, or null when it started.
    private async Task<string?> StartAgainAsync(ServiceConfig service, RestorePlan plan)
    {
        if (service.Start is not { } start)
        {
            return null;
        }

        try
        {
            log.Info($"{service.Name}: starting ({start})");
            var startResult = await CommandRunner.RunAsync(start, Environment(service, plan, "start"), cancellationToken: CancellationToken.None);
            return startResult.Succeeded ? null : $"the start command exited with code {startResult.ExitCode}: the service is down";
        }
        catch (LifeboatException ex)
        {
            return $"the start command failed ({ex.Message}): the service is down";
        }
    }

    private async Task RunOnErrorAsync(ServiceConfig service, HooksConfig hooks, RestorePlan plan, string message)
    {
        if (hooks.OnError is not { } onError)
        {
            return;
        }

        var environment = Environment(service, plan, "on_error");
        environment["LIFEBOAT_ERROR"] = message;
        try
        {
            await CommandRunner.RunAsync(onError, environment, cancellationToken: CancellationToken.None);
        }
        catch (LifeboatException ex)
        {
            log.Warning($"{service.Name}: on_error hook failed: {ex.Message}");
        }
    }

    private static RestoreTarget TargetFor(SourceConfig config, string? into)
    {
        if (into is null)
        {
            return new RestoreTarget.InPlace();
        }

        if (config.Kind is not (SourceKind.Postgres or SourceKind.MySql or SourceKind.MariaDb))
        {
            return new RestoreTarget.InPlace();
        }

        return into.Contains("://", StringComparison.Ordinal)
            ? new RestoreTarget.IntoDatabase(ConnectionUrl.Parse(into).Database, into)
            : new RestoreTarget.IntoDatabase(into);
    }

    private static string Describe(RestoreTarget target) => target switch
    {
        RestoreTarget.IntoDatabase into => $"into database '{into.Database}'{(into.ServerUrl is null ? string.Empty : " on another server")}",
        RestoreTarget.Scratch scratch => $"into scratch {scratch.Directory}",
        _ => "in place",
    };

    private static string Describe(PostRestoreStep step) => step switch
    {
        SqlFix sql => $"SQL on {sql.Source}",
        CommandFix command => command.Run.ToString(),
        _ => step.Name,
    };

    private Dictionary<string, string> Environment(ServiceConfig service, RestorePlan plan, string eventName) => new()
    {
        ["LIFEBOAT_SERVICE"] = service.Name,
        ["LIFEBOAT_EVENT"] = eventName,
        ["LIFEBOAT_SNAPSHOT"] = plan.Snapshot.Id.ToString(),
        ["LIFEBOAT_SNAPSHOT_TIME"] = ServiceSnapshots.Label(plan.Snapshot),
        ["LIFEBOAT_REPOSITORY"] = repositories.Describe(service.Repository),
    };

    private static void TryDelete(DirectoryInfo directory)
    {
        try
        {
            directory.Delete(recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // a leftover temp directory is harmless
        }
    }
}
