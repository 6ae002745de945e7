using Lifeboat.Manifest;
using Lifeboat.Testing;

namespace Lifeboat.Sources.Tests.Conformance;

/// <summary>
/// What every data source must do, in both directions, against a real repository: each kind's test
/// class only says how to set up live data, change it, fingerprint it (per-table checksums, a tree
/// comparison), and which capture must fail. Every test captures a real snapshot with the archiver and
/// restores from what the snapshot reader gives back.
/// </summary>
public abstract class SourceConformanceTests : IAsyncLifetime
{
    protected TempDirectory Temp { get; } = new("sources");

    protected SnapshotHarness Harness { get; private set; } = null!;

    public async Task InitializeAsync() => Harness = await SnapshotHarness.CreateAsync(Temp.Path);

    public async Task DisposeAsync()
    {
        await Harness.DisposeAsync();
        await CleanUpAsync();
        Temp.Dispose();
    }

    /// <summary>Creates the live data (fresh for each test) and the source that captures it.</summary>
    protected abstract Task<IDataSource> CreateSourceAsync();

    /// <summary>Changes or destroys the live data so that its fingerprint changes.</summary>
    protected abstract Task MutateAsync();

    /// <summary>A fingerprint of the live data: equal fingerprints mean the data a user would check is identical.</summary>
    protected abstract Task<string> FingerprintLiveAsync();

    /// <summary>The same fingerprint of restored data at <paramref name="location"/>.</summary>
    protected abstract Task<string> FingerprintAsync(RestoredLocation location);

    /// <summary>Whether a restored copy at <paramref name="location"/> still exists.</summary>
    protected abstract Task<bool> ExistsAsync(RestoredLocation location);

    /// <summary>What an in-place restore left beside the live data (previous copies, staging): none after commit or rollback.</summary>
    protected abstract Task<IReadOnlyList<string>> LeftoversAsync();

    /// <summary>A source whose capture fails (wrong password, missing data, failing command).</summary>
    protected abstract Task<FailingCapture> CreateFailingSourceAsync();

    /// <summary>An <c>--into</c> target for database kinds; null when the kind refuses it.</summary>
    protected virtual RestoreTarget? IntoTarget() => null;

    /// <summary>Removes what a test left outside the temporary directory (databases are removed with the server).</summary>
    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    [Fact]
    public async Task In_place_restore_brings_back_the_captured_data()
    {
        var source = await CreateSourceAsync();
        var original = await FingerprintLiveAsync();
        var snapshot = await Harness.CaptureAsync(source);
        await MutateAsync();
        Assert.NotEqual(original, await FingerprintLiveAsync());

        await using (var restore = await source.RestoreAsync(Harness.RestoreContext(snapshot, new RestoreTarget.InPlace())))
        {
            Assert.Equal(original, await FingerprintLiveAsync());
            await restore.CommitAsync();
        }

        Assert.Equal(original, await FingerprintLiveAsync());
        Assert.Empty(await LeftoversAsync());
    }

    [Fact]
    public async Task Rollback_after_an_in_place_restore_brings_back_the_state_before_it()
    {
        var source = await CreateSourceAsync();
        var original = await FingerprintLiveAsync();
        var snapshot = await Harness.CaptureAsync(source);
        await MutateAsync();
        var mutated = await FingerprintLiveAsync();

        await using (var restore = await source.RestoreAsync(Harness.RestoreContext(snapshot, new RestoreTarget.InPlace())))
        {
            Assert.Equal(original, await FingerprintLiveAsync());
            await restore.RollbackAsync();
            await restore.RollbackAsync(); // idempotent
            await Assert.ThrowsAsync<InvalidOperationException>(() => restore.CommitAsync());
        }

        Assert.Equal(mutated, await FingerprintLiveAsync());
        Assert.Empty(await LeftoversAsync());
    }

    [Fact]
    public async Task An_in_place_restore_neither_committed_nor_rolled_back_is_undone_on_dispose()
    {
        var source = await CreateSourceAsync();
        var snapshot = await Harness.CaptureAsync(source);
        await MutateAsync();
        var mutated = await FingerprintLiveAsync();

        await using (await source.RestoreAsync(Harness.RestoreContext(snapshot, new RestoreTarget.InPlace())))
        {
        }

        Assert.Equal(mutated, await FingerprintLiveAsync());
        Assert.Empty(await LeftoversAsync());
    }

    [Fact]
    public async Task A_staged_in_place_restore_changes_nothing_live_until_applied_and_unapplied_leaves_nothing()
    {
        var source = await CreateSourceAsync();
        var original = await FingerprintLiveAsync();
        var snapshot = await Harness.CaptureAsync(source);
        await MutateAsync();
        var mutated = await FingerprintLiveAsync();

        // A kind that stages ahead has loaded the data by now; live data is the same either way.
        await using (await source.StageAsync(Harness.RestoreContext(snapshot, new RestoreTarget.InPlace())))
        {
            Assert.Equal(mutated, await FingerprintLiveAsync());
        }

        Assert.Equal(mutated, await FingerprintLiveAsync());
        Assert.Empty(await LeftoversAsync());

        await using (var staged = await source.StageAsync(Harness.RestoreContext(snapshot, new RestoreTarget.InPlace())))
        {
            if (source.StagesAhead)
            {
                Assert.Equal(mutated, await FingerprintLiveAsync());
            }

            await using var restore = await staged.ApplyAsync();
            Assert.Equal(original, await FingerprintLiveAsync());
            await Assert.ThrowsAsync<InvalidOperationException>(() => staged.ApplyAsync());
            await restore.CommitAsync();
        }

        Assert.Equal(original, await FingerprintLiveAsync());
        Assert.Empty(await LeftoversAsync());
    }

    [Fact]
    public async Task Scratch_restore_leaves_live_data_alone_and_is_removed_on_dispose()
    {
        var source = await CreateSourceAsync();
        var original = await FingerprintLiveAsync();
        var snapshot = await Harness.CaptureAsync(source);
        await MutateAsync();
        var mutated = await FingerprintLiveAsync();

        RestoredLocation location;
        await using (var restore = await source.RestoreAsync(Harness.RestoreContext(snapshot, Harness.ScratchTarget())))
        {
            location = restore.Location;
            Assert.Equal(original, await FingerprintAsync(location));
            Assert.Equal(mutated, await FingerprintLiveAsync());
        }

        Assert.False(await ExistsAsync(location), "the scratch copy is removed on dispose");
        Assert.Equal(mutated, await FingerprintLiveAsync());
    }

    [Fact]
    public async Task A_committed_scratch_restore_is_kept_for_inspection()
    {
        var source = await CreateSourceAsync();
        var original = await FingerprintLiveAsync();
        var snapshot = await Harness.CaptureAsync(source);

        RestoredLocation location;
        await using (var restore = await source.RestoreAsync(Harness.RestoreContext(snapshot, Harness.ScratchTarget())))
        {
            location = restore.Location;
            await restore.CommitAsync();
        }

        Assert.True(await ExistsAsync(location), "drill --keep leaves the scratch copy");
        Assert.Equal(original, await FingerprintAsync(location));
        Assert.Equal(original, await FingerprintLiveAsync());
    }

    [Fact]
    public async Task Restore_into_another_database_leaves_live_data_alone_or_is_refused()
    {
        var source = await CreateSourceAsync();
        var original = await FingerprintLiveAsync();
        var snapshot = await Harness.CaptureAsync(source);
        await MutateAsync();
        var mutated = await FingerprintLiveAsync();

        var target = IntoTarget();
        if (target is null)
        {
            var refused = await Assert.ThrowsAsync<SourceException>(() =>
                source.RestoreAsync(Harness.RestoreContext(snapshot, new RestoreTarget.IntoDatabase("other"))));
            Assert.Contains("in place", refused.Message, StringComparison.Ordinal);
            Assert.Equal(mutated, await FingerprintLiveAsync());
            return;
        }

        await using (var restore = await source.RestoreAsync(Harness.RestoreContext(snapshot, target)))
        {
            Assert.Equal(original, await FingerprintAsync(restore.Location));
            Assert.Equal(mutated, await FingerprintLiveAsync());
            await restore.CommitAsync();
            Assert.True(await ExistsAsync(restore.Location));
        }

        // The same target again is now an existing, non-empty database: refused, nothing changes.
        var again = await Assert.ThrowsAsync<SourceException>(() => source.RestoreAsync(Harness.RestoreContext(snapshot, target)));
        Assert.Contains("not empty", again.Message, StringComparison.Ordinal);
        Assert.Equal(mutated, await FingerprintLiveAsync());
    }

    [Fact]
    public async Task A_failing_capture_says_why_without_the_secret_and_makes_no_snapshot()
    {
        var failing = await CreateFailingSourceAsync();
        var error = await Assert.ThrowsAnyAsync<LifeboatException>(() => Harness.CaptureAsync(failing.Source));

        Assert.Contains(failing.ExpectedFragment, error.Message, StringComparison.Ordinal);
        Assert.Contains(failing.Source.Config.Name, error.Message, StringComparison.Ordinal);
        if (failing.Secret is { } secret)
        {
            Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(0, await Harness.SnapshotCountAsync());
    }

    [Fact]
    public async Task Diagnose_finds_nothing_wrong_with_a_working_source_and_explains_a_broken_one()
    {
        var source = await CreateSourceAsync();
        Assert.Empty(await source.DiagnoseAsync());

        var failing = await CreateFailingSourceAsync();
        if (!failing.DiagnoseFindsIt)
        {
            return;
        }

        var problems = await failing.Source.DiagnoseAsync();
        var problem = Assert.Single(problems);
        Assert.Equal(failing.Source.Config.Name, problem.Source);
        Assert.False(string.IsNullOrWhiteSpace(problem.Hint), "every problem says how to fix it");
        if (failing.Secret is { } secret)
        {
            Assert.DoesNotContain(secret, problem.Message + problem.Hint, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_description_names_the_kind_and_holds_no_secret()
    {
        var source = await CreateSourceAsync();
        var snapshot = await Harness.CaptureAsync(source);

        Assert.Equal(source.Config.Kind.ToManifestName(), snapshot.Description["kind"]!.GetValue<string>());
        foreach (var secret in Secrets())
        {
            Assert.DoesNotContain(secret, snapshot.Description.ToJsonString(), StringComparison.Ordinal);
        }
    }

    /// <summary>Secrets the live data or its configuration involves (passwords, secret values).</summary>
    protected virtual IEnumerable<string> Secrets() => [];
}
