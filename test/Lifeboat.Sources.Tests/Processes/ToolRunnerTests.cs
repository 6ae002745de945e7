using System.Diagnostics;
using Lifeboat.Sources.Processes;

namespace Lifeboat.Sources.Tests.Processes;

public sealed class ToolRunnerTests
{
    private const string Secret = "p@ss w0rd/with:stuff";

    [Fact]
    public async Task A_failure_message_has_the_end_of_standard_error_with_secrets_scrubbed()
    {
        var command = Shell($"echo \"connecting with $PGPASSWORD and {Uri.EscapeDataString(Secret)}\" >&2; exit 2") with
        {
            Environment = new Dictionary<string, string?> { ["PGPASSWORD"] = Secret },
            Scrubber = new SecretScrubber([Secret]),
        };

        var result = await ToolRunner.RunAsync(command);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("source 'db': sh failed with exit code 2: connecting with [redacted] and [redacted]", result.Failure.Message);
    }

    [Fact]
    public async Task A_long_error_output_keeps_its_last_lines()
    {
        var result = await ToolRunner.RunAsync(Shell("i=0; while [ $i -lt 5000 ]; do echo \"line $i\" >&2; i=$((i+1)); done; exit 1"));

        Assert.EndsWith("line 4999", result.Failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("line 0\n", result.Failure.Message, StringComparison.Ordinal);
        Assert.True(result.Failure.Message.Length < 2000, result.Failure.Message);
    }

    [Fact]
    public async Task A_stream_item_is_read_to_the_end_and_completes_only_when_the_tool_succeeded()
    {
        await using var good = new ToolStream(["svc", "dump"], Shell("head -c 50000000 /dev/zero"));
        await using (var output = good.Item.Open())
        {
            Assert.Equal(50_000_000, await CountAsync(output));
        }

        await good.Item.Completed!();

        await using var bad = new ToolStream(["svc", "dump"], Shell("echo some output; echo 'dump failed' >&2; exit 3"));
        await using (var output = bad.Item.Open())
        {
            await CountAsync(output);
        }

        var error = await Assert.ThrowsAsync<SourceException>(bad.Item.Completed!);
        Assert.Contains("exit code 3: dump failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closing_a_stream_before_its_end_stops_the_tool()
    {
        await using var stream = new ToolStream(["svc", "dump"], new ToolCommand("db", "yes", []));
        var output = stream.Item.Open();
        var buffer = new byte[4096];
        await output.ReadExactlyAsync(buffer);
        var pid = FindChild("yes");

        await output.DisposeAsync();

        var error = await Assert.ThrowsAsync<SourceException>(stream.Item.Completed!);
        Assert.Contains("killed by signal 9", error.Message, StringComparison.Ordinal);
        Assert.True(pid is null || !IsRunning(pid.Value));
    }

    [Fact]
    public async Task Piping_into_a_tool_that_stops_reading_is_an_error()
    {
        using var input = new MemoryStream(new byte[20_000_000]);

        var error = await Assert.ThrowsAsync<SourceException>(() => ToolRunner.PipeIntoAsync(Shell("head -c 10 > /dev/null"), input));

        Assert.Contains("exited before reading all of its input", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Piping_one_tool_into_another_reports_the_one_that_failed()
    {
        await ToolRunner.PipeAsync(Shell("seq 1 100000"), Shell("wc -l | grep -qx 100000"));

        var producer = await Assert.ThrowsAsync<SourceException>(() => ToolRunner.PipeAsync(Shell("echo no such database >&2; exit 1"), Shell("cat > /dev/null")));
        Assert.Contains("no such database", producer.Message, StringComparison.Ordinal);
        var consumer = await Assert.ThrowsAsync<SourceException>(() => ToolRunner.PipeAsync(Shell("seq 1 10"), Shell("cat > /dev/null; echo syntax error >&2; exit 5")));
        Assert.Contains("exit code 5: syntax error", consumer.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_program_that_does_not_exist_is_named_with_a_hint()
    {
        var error = await Assert.ThrowsAsync<SourceException>(() => ToolRunner.RunAsync(new ToolCommand("db", "/nonexistent/pg_dump", ["--version"])));

        Assert.Contains("cannot run /nonexistent/pg_dump", error.Message, StringComparison.Ordinal);
        Assert.Contains("install pg_dump", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_tool_never_reads_the_terminal()
    {
        var output = await ToolRunner.RunCheckedAsync(Shell("cat; echo done"));

        Assert.Equal("done\n", output);
    }

    private static ToolCommand Shell(string script) => new("db", "sh", ["-c", script]);

    private static async Task<long> CountAsync(Stream stream)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        return total;
    }

    private static int? FindChild(string name)
    {
        var self = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var process in Process.GetProcessesByName(name))
        {
            try
            {
                var status = File.ReadAllLines($"/proc/{process.Id}/status");
                if (status.Any(l => l.StartsWith("PPid:", StringComparison.Ordinal) && l.EndsWith("\t" + self, StringComparison.Ordinal)))
                {
                    return process.Id;
                }
            }
            catch (IOException)
            {
                // gone
            }
            finally
            {
                process.Dispose();
            }
        }

        return null;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            var status = File.ReadAllText($"/proc/{pid}/status");
            return !status.Contains("State:\tZ", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
