using System.Diagnostics;
using Lifeboat.Testing;
using Npgsql;

namespace Lifeboat.Cli.Tests.Services.Support;

/// <summary>
/// A post-restore fix that sleeps in PostgreSQL (<c>SELECT pg_sleep(...)</c>) holds a restore or a drill at
/// a known point, after every source was restored: a test waits until the sleep runs, then kills the CLI.
/// </summary>
internal static class SlowFix
{
    /// <summary>Waits until a session in a database whose name starts with <paramref name="databasePrefix"/> sleeps.</summary>
    public static async Task WaitUntilSleepingAsync(PostgreSqlServer postgres, string databasePrefix, ServiceCliProcess cli, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!await SleepingAsync(postgres, databasePrefix))
        {
            if (cli.HasExited || stopwatch.Elapsed > timeout)
            {
                throw new TimeoutException($"the command never reached its slow fix:\n{cli.Output}");
            }

            await Task.Delay(100);
        }
    }

    private static async Task<bool> SleepingAsync(PostgreSqlServer postgres, string databasePrefix)
    {
        var builder = new NpgsqlConnectionStringBuilder(postgres.ConnectionString("postgres")) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE starts_with(datname, @prefix) AND query LIKE '%pg_sleep%' AND state = 'active'", connection);
        command.Parameters.AddWithValue("prefix", databasePrefix);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }
}
