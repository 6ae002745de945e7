using System.CommandLine;
using System.Diagnostics;
using Lifeboat.Cli.Commands.Services;
using Lifeboat.Cli.Output;
using Lifeboat.Manifest;
using Lifeboat.Orchestration;
using Lifeboat.Orchestration.Backup;
using Lifeboat.Orchestration.Drills;
using Lifeboat.Orchestration.Restore;
using Lifeboat.Orchestration.Status;
using Lifeboat.Repository;
using Microsoft.Data.Sqlite;

namespace Lifeboat.Cli.Commands;

/// <summary>
/// <c>lifeboat demo</c>: the main job on a sample service, with nothing but .NET: a wiki with a SQLite
/// database that keeps being written to, an uploads directory and an .env file is backed up, broken,
/// restored, drilled and reported on, in a working directory the operator can keep exploring.
/// </summary>
internal static class DemoCommand
{
    private const int Pages = 200;
    private const int Uploads = 24;

    public static Command Create()
    {
        var directory = new Option<string>("--dir") { Description = "Working directory for the demo (default: a new temporary directory)", HelpName = "DIR" };
        var command = new Command("demo", "Back up, break, restore and drill a sample service") { directory };
        return command.Handle(async context =>
        {
            var stopwatch = Stopwatch.StartNew();
            var ui = context.Ui;
            var root = context.Get(directory) is { } given ? Path.GetFullPath(given) : Directory.CreateTempSubdirectory("lifeboat-demo-").FullName;
            if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
            {
                throw new UsageException($"{root} is not empty; give an empty or new directory with --dir");
            }

            Directory.CreateDirectory(root);
            var manifestPath = Path.Combine(root, "lifeboat.yaml");

            Step(ui, 1, $"A sample service in {root}");
            var app = await CreateServiceAsync(root, context.CancellationToken);
            ui.Info($"  wiki: app/data/wiki.db ({Pages} pages, written to continuously), app/uploads ({Uploads} files), app/.env");
            await WriteManifestAsync(root, manifestPath);
            ui.Info($"  manifest: {manifestPath}");
            var password = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
            await File.WriteAllTextAsync(Path.Combine(root, "repo-password"), password + "\n", context.CancellationToken);
            File.SetUnixFileMode(Path.Combine(root, "repo-password"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
            await using (await RepositoryInitializer.InitAsync(RepositoryAccess.Registry.Open(Path.Combine(root, "repo")), password, cancellationToken: context.CancellationToken))
            {
                ui.Info("  repository: repo/ (restic format, encrypted; password in repo-password)");
            }

            var manifest = await ManifestLoader.LoadAsync(manifestPath, cancellationToken: context.CancellationToken);
            var service = manifest.Services["wiki"];
            await using var repositories = new RepositoryProvider(manifest, RepositoryAccess.Registry);
            var log = new IndentedLog(ui);

            Step(ui, 2, "Back up while the wiki keeps writing");
            using var writing = new CancellationTokenSource();
            var writer = KeepWritingAsync(app.Database, writing.Token);
            var backup = await new ServiceBackupRunner(repositories, log, context.Clock).BackupAsync(service, new ServiceBackupOptions(), context.CancellationToken);
            await writing.CancelAsync();
            var written = await writer;
            if (backup.Outcome != BackupOutcome.Succeeded)
            {
                throw new LifeboatException($"the demo's backup failed: {backup.Error}");
            }

            ui.Info($"  snapshot {backup.Snapshot!.Value.ToShortString()}: {backup.Summary!.TotalFilesProcessed} files, {Format.Bytes(backup.Summary.TotalBytesProcessed)}, {Format.Duration(backup.Duration)} ({written} pages were added meanwhile)");
            var atBackup = await CountAsync(app.Database, context.CancellationToken);
            ui.Info($"  the snapshot holds a consistent copy of the database; {atBackup} pages now");
            await ListAsync(context, repositories);

            Step(ui, 3, "Break the service");
            await ExecuteAsync(app.Database, "DELETE FROM pages WHERE id % 4 <> 0", context.CancellationToken);
            foreach (var file in Directory.GetFiles(app.Uploads).Order().Take(Uploads / 2))
            {
                File.Delete(file);
            }

            await File.WriteAllTextAsync(app.Env, "APP_URL=http://broken.invalid\n", context.CancellationToken);
            ui.Info($"  pages: {await CountAsync(app.Database, context.CancellationToken)}, uploads: {Directory.GetFiles(app.Uploads).Length}, .env edited");

            Step(ui, 4, "Restore it (a safety snapshot of the broken state is taken first)");
            var restoreRunner = new ServiceRestoreRunner(repositories, log, context.Clock);
            var request = new RestoreRequest { Snapshot = backup.Snapshot.Value.ToString() };
            var plan = await restoreRunner.PlanAsync(service, request, context.CancellationToken);
            var restored = await restoreRunner.RestoreAsync(plan, request, context.CancellationToken);
            var pages = await CountAsync(app.Database, context.CancellationToken);
            ui.Info($"  pages: {pages}, uploads: {Directory.GetFiles(app.Uploads).Length}, .env: {(File.ReadAllText(app.Env).Contains("SECRET_KEY=", StringComparison.Ordinal) ? "restored" : "NOT restored")}");
            ui.Info($"  the data is back as it was in snapshot {restored.Snapshot.ToShortString()}; the broken state is kept in safety snapshot {restored.SafetySnapshot?.ToShortString()}");
            await ListAsync(context, repositories);

            Step(ui, 5, "Prove the backup restores: a drill into scratch copies");
            var drill = await new DrillRunner(repositories, log, context.Clock).DrillAsync(service, "latest", keep: false, context.CancellationToken);
            ui.Info($"  drill {(drill.Passed ? "passed" : "FAILED")}: restore took {Format.Duration(drill.RestoreDuration)}, {drill.Checks.Count(c => c.Passed)}/{drill.Checks.Count} checks passed; the live data was not touched");

            Step(ui, 6, "Report the evidence");
            var status = await new StatusReporter(repositories, context.Clock).ComputeAsync(service, context.CancellationToken);
            ui.WriteTable(
                ["Service", "Newest", "Age", "RPO", "Snapshots", "Last drill", "Restore / RTO"],
                [[
                    status.Service,
                    status.LatestLabel ?? "-",
                    status.Age is { } age ? StatusReporter.FormatAge(age) : "-",
                    $"{Durations.Format(status.Rpo!.Value)} {status.RpoState}",
                    status.SnapshotCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    status.LastDrill is { } d ? (d.Succeeded ? "ok" : "FAILED") : "never",
                    $"{(status.RestoreTime is { } r ? Format.Duration(r) : "-")} / {Durations.Format(status.Rto!.Value)} {status.RtoState}",
                ]]);

            var ok = pages >= Pages && Directory.GetFiles(app.Uploads).Length == Uploads;
            ui.Info(string.Empty);
            ui.Info($"Done in {Format.Duration(stopwatch.Elapsed)}. What to try next:");
            ui.Info($"  ./lifeboat list wiki -c {manifestPath}");
            ui.Info($"  ./lifeboat status -c {manifestPath}          (exit code 3 when a target is missed)");
            ui.Info($"  ./lifeboat restore wiki <time from list> -c {manifestPath}");
            ui.Info($"  ./lifeboat drill --keep -c {manifestPath}");
            ui.Info($"  ./lifeboat repo snapshots -r {Path.Combine(root, "repo")} --password-file {Path.Combine(root, "repo-password")}");
            ui.Info($"  restic -r {Path.Combine(root, "repo")} --password-file {Path.Combine(root, "repo-password")} snapshots   (the same repository, read by restic)");
            ui.Info($"  read {manifestPath}, then docs/manifest.md to describe your own services");
            return drill.Passed && ok ? ExitCodes.Success : ExitCodes.Failure;
        });
    }

    private static void Step(ConsoleUi ui, int number, string title)
    {
        ui.Info(string.Empty);
        ui.Markup($"[bold]{number}. {Spectre.Console.Markup.Escape(title)}[/]");
    }

    private static async Task<(string Database, string Uploads, string Env)> CreateServiceAsync(string root, CancellationToken cancellationToken)
    {
        var data = Directory.CreateDirectory(Path.Combine(root, "app", "data")).FullName;
        var uploads = Directory.CreateDirectory(Path.Combine(root, "app", "uploads")).FullName;
        Directory.CreateDirectory(Path.Combine(uploads, "tmp"));
        var database = Path.Combine(data, "wiki.db");
        await ExecuteAsync(database, "PRAGMA journal_mode=WAL; CREATE TABLE pages (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL, attachment TEXT)", cancellationToken);
        await using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await connection.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            for (var i = 1; i <= Pages; i++)
            {
                await using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO pages (id, title, body, attachment) VALUES ($id, $title, $body, $attachment)";
                insert.Parameters.AddWithValue("$id", i);
                insert.Parameters.AddWithValue("$title", $"Page {i}");
                insert.Parameters.AddWithValue("$body", string.Concat(Enumerable.Repeat($"Notes of page {i}. ", 40)));
                insert.Parameters.AddWithValue("$attachment", i <= Uploads ? (object)$"file-{i:D3}.txt" : DBNull.Value);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        for (var i = 1; i <= Uploads; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(uploads, $"file-{i:D3}.txt"), string.Concat(Enumerable.Repeat($"attachment {i}\n", 200)), cancellationToken);
        }

        await File.WriteAllTextAsync(Path.Combine(uploads, "tmp", "upload-in-progress.part"), "half an upload", cancellationToken);
        var env = Path.Combine(root, "app", ".env");
        await File.WriteAllTextAsync(env, $"# wiki settings\nAPP_URL=http://127.0.0.1:3001\nSECRET_KEY={Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))}\n", cancellationToken);
        return (database, uploads, env);
    }

    private static Task WriteManifestAsync(string root, string path) => File.WriteAllTextAsync(path, """
        # The demo's manifest: one service, its data, its targets and what a correct restore looks like.
        version: 1
        repositories:
          local: { url: ./repo, password_file: ./repo-password }
        defaults:
          repository: local
          retention: { keep_last: 10 }
        services:
          wiki:
            description: A wiki on SQLite with an uploads directory
            rpo: 24h
            rto: 5m
            sources:
              db:      { type: sqlite, path: ./app/data/wiki.db }
              uploads: { type: files, path: ./app/uploads, exclude: ["tmp/**"] }
              env:     { type: env, path: ./app/.env }
            verify:
              - { name: pages_present, type: sql, source: db, query: "SELECT count(*) FROM pages", expect_min: 200 }
              - { name: core_tables, type: sql, source: db, tables: [pages] }
              - { name: uploads_present, type: files, source: uploads, min_count: 24 }
              - name: attachments_exist
                type: references
                source: db
                query: "SELECT attachment FROM pages WHERE attachment IS NOT NULL"
                files_source: uploads
        """ + "\n");

    private static async Task<int> KeepWritingAsync(string database, CancellationToken cancellationToken)
    {
        var written = 0;
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync(CancellationToken.None);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO pages (title, body) VALUES ('Draft', 'written during the backup')";
                await insert.ExecuteNonQueryAsync(CancellationToken.None);
                written++;
                await Task.Delay(20, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // the backup is done
        }

        return written;
    }

    private static async Task ExecuteAsync(string database, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> CountAsync(string database, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM pages";
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ListAsync(CommandContext context, RepositoryProvider repositories)
    {
        var repository = await repositories.GetAsync("local", context.CancellationToken);
        var snapshots = await ServiceSnapshots.ListAsync(repository, "wiki", context.CancellationToken);
        var now = context.Clock.GetUtcNow();
        context.Ui.Info("  $ lifeboat list wiki");
        context.Ui.WriteTable(
            ["Time", "Age", "Size", "Snapshot", "Tags"],
            Enumerable.Reverse(snapshots).Select(s => (IReadOnlyList<string>)
            [
                ServiceSnapshots.Label(s),
                ServiceSnapshots.Age(s, now),
                s.Summary is { } summary ? Format.Bytes(summary.TotalBytesProcessed) : "?",
                s.Id.ToShortString(),
                string.Join(",", (s.Tags ?? []).Where(t => t is not ServiceSnapshots.LifeboatTag && !t.StartsWith("service=", StringComparison.Ordinal))),
            ]));
    }

    private sealed class IndentedLog(ConsoleUi ui) : IOperatorLog
    {
        public void Info(string message) => ui.Detail("  " + message);

        public void Warning(string message) => ui.Warning(message);

        public void Error(string message) => ui.Error(message);
    }
}
