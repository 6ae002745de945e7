using System.Globalization;
using Lifeboat.Repository.Snapshots;

namespace Lifeboat.Repository.Tests.Snapshots;

/// <summary>
/// One snapshot history of about three years written by the real restic binary with
/// <c>restic backup --time</c>: three hosts, two paths, several tags, irregular spacing with hourly
/// bursts, daily runs and gaps, calendar edges (ISO week 53, leap day, month ends) and one snapshot in
/// the future. Built once per test class.
/// </summary>
/// <remarks>
/// restic 0.14 cannot run backups into one repository side by side: a backup that lists the locks
/// while another one removes its lock retries the vanished file for some 40 seconds. So the history is
/// written in <see cref="Lanes"/> repositories at once, one backup after another in each, and the other
/// lanes are then merged into the first with <c>restic copy</c> (copied snapshots carry "original").
/// Every repository starts from a committed skeleton (a version 2 config and one key) instead of
/// <c>restic init</c>: the key was made by <c>restic init</c> and re-encrypted with scrypt N=1024, r=8,
/// p=1, so every restic call costs milliseconds of key derivation instead of half a second. Password
/// <see cref="Password"/>; a test repository only, it protects nothing.
/// </remarks>
public sealed class ResticHistoryFixture : IAsyncLifetime
{
    public const string Password = "lifeboat-test";

    private const string ConfigBase64 =
        "phZEMTBHTnPP2ycix/SkhbANnZ73XREnzla1SbKuI57JhHga4YimDzhuLJCjGA3sDhf++aUCfXnHDigxd9JGTDvqe3uvjKuumV5Gb/kdDNWc"
        + "pHkRRlHchveJ2aCG3ogIZjX9ZKYcjwBz3Wa0ADAFCC2ve8iv0p961EopbIHld5+ArMzUFVw4916zyrqQg87dNoPEA+R50W76z8M=";

    private const string KeyName = "0aa8347a6a0d57b7818f0a7b6dd4335aa8c957d3ff430ee29c810c8dd5b69f6f";

    private const string Key =
        """{"created":"2024-01-01T00:00:00Z","username":"lifeboat","hostname":"lifeboat-test","kdf":"scrypt","N":1024,"r":8,"p":1,"salt":"lrCrKzvmlMXsR3nDih+YnCF+dX4c4hD5ycgMqz9iulvi3o5Cqj3ArSyYnufUySTB80EevdweTrd+Dg6KE+BNyw==","data":"XUodEm+OZt2l5bvKuT0/dxkcEHRcHEpCyPM7h6JI0D344CmfB1Qzr+yor+we8qg3j4/kjd09yZxTHzsYFCzTD39+8aNlzzJuKS2mpVRY8ABIazdbClpLO61CQ8VUTI3usbCnoyXXab/O0v/H4iAQhysZJkkYTNlXrzUXC9ME6hkrtOf6GXnw9Njn54xmbK3CLJ9FC5SbGUAQIEPU4CmiEg=="}""";

    private const int Lanes = 8;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "lifeboat-forget-" + Guid.NewGuid().ToString("N"));

    public ResticHistoryFixture()
    {
        PathA = Path.Combine(_root, "srv", "www");
        PathB = Path.Combine(_root, "srv", "db");
        Restic = new ResticCli(Lane(0), Password);
    }

    /// <summary>The two backed-up directories, as absolute paths (restic records them so).</summary>
    public string PathA { get; }

    public string PathB { get; }

    public IReadOnlyList<PlannedBackup> Plan { get; } = HistoryPlan.Build();

    /// <summary>The history as <c>restic snapshots --json</c> reports it, ids mapped.</summary>
    public IReadOnlyList<Snapshot> Snapshots { get; private set; } = [];

    /// <summary><c>restic snapshots --json</c> as printed, for round-trip checks.</summary>
    public string SnapshotsJson { get; private set; } = "";

    public string ResticVersion { get; private set; } = "";

    internal ResticCli Restic { get; }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(PathA);
        Directory.CreateDirectory(PathB);
        await File.WriteAllTextAsync(Path.Combine(PathA, "index.html"), "<h1>hello</h1>\n");
        await File.WriteAllTextAsync(Path.Combine(PathB, "dump.sql"), "select 1;\n");
        ResticVersion = (await Restic.RunAsync(["version"])).Trim();

        await Parallel.ForEachAsync(Enumerable.Range(0, Lanes), new ParallelOptions { MaxDegreeOfParallelism = Lanes }, async (lane, ct) =>
        {
            var repository = Lane(lane);
            Directory.CreateDirectory(Path.Combine(repository, "keys"));
            await File.WriteAllBytesAsync(Path.Combine(repository, "config"), Convert.FromBase64String(ConfigBase64), ct);
            await File.WriteAllTextAsync(Path.Combine(repository, "keys", KeyName), Key, ct);
            var restic = new ResticCli(repository, Password);
            for (var i = lane; i < Plan.Count; i += Lanes)
            {
                await restic.RunAsync(BackupArguments(Plan[i]), ct);
            }
        });

        for (var lane = 1; lane < Lanes; lane++)
        {
            await Restic.RunAsync(["copy", "--quiet", "--from-repo", Lane(lane)]);
        }

        SnapshotsJson = await Restic.RunAsync(["--no-lock", "snapshots", "--json"]);
        Snapshots = SnapshotJson.ParseList(SnapshotsJson);
    }

    /// <summary>Replaces the placeholders {A} and {B} with <see cref="PathA"/> and <see cref="PathB"/>.</summary>
    public string[] Expand(IEnumerable<string> args) =>
        [.. args.Select(a => a.Replace("{A}", PathA, StringComparison.Ordinal).Replace("{B}", PathB, StringComparison.Ordinal))];

    private string Lane(int lane) => Path.Combine(_root, lane == 0 ? "repo" : $"lane-{lane}");

    private List<string> BackupArguments(PlannedBackup backup)
    {
        var args = new List<string>
        {
            "backup", "--quiet", "--host", backup.Host,
            "--time", backup.Time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        };
        foreach (var tags in backup.Tags)
        {
            args.AddRange(["--tag", tags]);
        }

        args.AddRange(backup.Paths.Select(p => p == "A" ? PathA : PathB));
        return args;
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is not worth failing the tests for.
        }
        catch (UnauthorizedAccessException)
        {
            // restic writes its repository files read-only; on some systems deleting them is refused.
        }

        return Task.CompletedTask;
    }
}
