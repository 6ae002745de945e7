using System.Security.Cryptography;
using Lifeboat.Manifest;
using Lifeboat.Orchestration.Processes;
using Lifeboat.Orchestration.Restore;
using Lifeboat.Sources;

namespace Lifeboat.Orchestration.Drills;

/// <summary>
/// Runs a service's declared verify checks against restored copies: SQL expectations and required
/// tables, files that must exist (count, checksums), references from the database to files (a database
/// paired with an older file directory), and any command. Each check yields one line: pass or fail,
/// and on failure what was expected and what was found.
/// </summary>
public static class VerifyRunner
{
    public static async Task<CheckOutcome> RunAsync(VerifyCheck check, IReadOnlyDictionary<string, RestoredLocation> locations, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        try
        {
            var failure = check switch
            {
                SqlCheck sql => await SqlAsync(sql, Location(locations, sql.Source), cancellationToken),
                FilesCheck files => Files(files, Location(locations, files.Source)),
                ReferencesCheck references => await ReferencesAsync(references, Location(locations, references.Source), Location(locations, references.FilesSource), cancellationToken),
                CommandCheck command => await CommandAsync(command, environment, cancellationToken),
                _ => $"unknown check type {check.GetType().Name}",
            };
            return new CheckOutcome(check.Name, failure is null, failure);
        }
        catch (LifeboatException ex)
        {
            return new CheckOutcome(check.Name, false, ex.Message);
        }
    }

    private static RestoredLocation Location(IReadOnlyDictionary<string, RestoredLocation> locations, string source) =>
        locations.TryGetValue(source, out var location)
            ? location
            : throw new LifeboatException($"source '{source}' was not restored");

    private static async Task<string?> SqlAsync(SqlCheck check, RestoredLocation location, CancellationToken cancellationToken)
    {
        foreach (var table in check.Tables)
        {
            if (!await TableExistsAsync(location, check.Source, table, cancellationToken))
            {
                return $"expected table '{table}' to exist; it does not";
            }
        }

        if (check.Query is not { } query)
        {
            return null;
        }

        var rows = await SqlRunner.QueryAsync(location, check.Source, query, check.Timeout, cancellationToken);
        if (check.ExpectRows is { } expectedRows && rows.Count != expectedRows)
        {
            return $"expected {expectedRows} rows, found {rows.Count}";
        }

        var first = rows.Count > 0 && rows[0].Length > 0 ? rows[0][0] : null;
        if (check.ExpectMin is { } min)
        {
            if (!long.TryParse(first, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < min)
            {
                return $"expected at least {min}, found {first ?? "no value"}";
            }
        }

        if (check.ExpectValue is { } expected && !string.Equals(first, expected, StringComparison.Ordinal))
        {
            return $"expected '{expected}', found '{first ?? "no value"}'";
        }

        return null;
    }

    private static async Task<bool> TableExistsAsync(RestoredLocation location, string source, string table, CancellationToken cancellationToken)
    {
        var name = table.Replace("'", "''", StringComparison.Ordinal);
        var query = location.Provider switch
        {
            "sqlite" => $"SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND name = '{name}'",
            "mysql" => $"SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '{name}'",
            _ => name.Contains('.', StringComparison.Ordinal)
                ? $"SELECT 1 FROM information_schema.tables WHERE table_schema || '.' || table_name = '{name}'"
                : $"SELECT 1 FROM information_schema.tables WHERE table_name = '{name}' AND table_schema NOT IN ('pg_catalog','information_schema')",
        };
        return (await SqlRunner.QueryAsync(location, source, query, cancellationToken: cancellationToken)).Count > 0;
    }

    private static string? Files(FilesCheck check, RestoredLocation location)
    {
        var root = location.Path ?? throw new LifeboatException($"source '{check.Source}' has no restored directory");
        foreach (var path in check.Paths)
        {
            var full = Path.Combine(root, path);
            if (!File.Exists(full) && !Directory.Exists(full))
            {
                return $"expected {path} to exist; it does not";
            }
        }

        if (check.MinCount is { } min)
        {
            var count = Directory.Exists(root) ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Count() : File.Exists(root) ? 1 : 0;
            if (count < min)
            {
                return $"expected at least {min} files, found {count}";
            }
        }

        foreach (var (path, expected) in check.Sha256)
        {
            var full = Path.Combine(root, path);
            if (!File.Exists(full))
            {
                return $"expected {path} with SHA-256 {expected}; it does not exist";
            }

            using var stream = File.OpenRead(full);
            var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            {
                return $"expected {path} to have SHA-256 {expected}, found {actual}";
            }
        }

        return null;
    }

    private static async Task<string?> ReferencesAsync(ReferencesCheck check, RestoredLocation database, RestoredLocation files, CancellationToken cancellationToken)
    {
        var root = files.Path ?? throw new LifeboatException($"source '{check.FilesSource}' has no restored directory");
        var rows = await SqlRunner.QueryAsync(database, check.Source, check.Query, check.Timeout, cancellationToken);
        var missing = rows
            .Select(r => r.Length > 0 ? r[0] : null)
            .OfType<string>()
            .Where(p => !File.Exists(Path.Combine(root, p.TrimStart('/'))))
            .ToList();
        return missing.Count == 0
            ? null
            : $"expected all {rows.Count} referenced files in '{check.FilesSource}', {missing.Count} missing (first: {string.Join(", ", missing.Take(3))})";
    }

    private static async Task<string?> CommandAsync(CommandCheck check, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var result = await CommandRunner.RunAsync(check.Run, environment, check.Timeout ?? TimeSpan.FromMinutes(10), cancellationToken: cancellationToken);
        return result.Succeeded ? null : $"expected exit code 0, found {result.ExitCode}" + (result.OutputTail.Length > 0 ? $": {result.OutputTail.Split('\n')[^1]}" : string.Empty);
    }
}

/// <summary>The result of one verify check.</summary>
public sealed record CheckOutcome(string Name, bool Passed, string? Failure);
