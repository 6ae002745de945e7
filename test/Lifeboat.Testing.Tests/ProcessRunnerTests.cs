using System.Globalization;
using Lifeboat.Testing;

namespace Lifeboat.Testing.Tests;

public sealed class ProcessRunnerTests
{
    [Fact]
    public async Task Both_streams_are_read_concurrently_so_a_full_pipe_never_blocks()
    {
        // Fills standard error far beyond a pipe buffer before writing standard output.
        var result = await ProcessRunner.RunAsync(
            "sh", ["-c", "head -c 3000000 /dev/zero | tr '\\0' e >&2; head -c 2000000 /dev/zero | tr '\\0' o; exit 3"]);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal(2_000_000, result.StandardOutputBytes.Length);
        Assert.Equal(3_000_000, result.StandardErrorBytes.Length);
        Assert.All(result.StandardOutput.Distinct(), c => Assert.Equal('o', c));
    }

    [Fact]
    public async Task Arguments_reach_the_program_verbatim_without_a_shell()
    {
        string[] arguments = ["a b", "'quoted'", "$HOME", "*", "", "semi;colon", "ü"];

        var result = await ProcessRunner.RunAsync("printf", ["[%s]\\n", .. arguments]);

        Assert.Equal(arguments.Select(a => $"[{a}]"), result.EnsureSuccess().StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Standard_input_bytes_come_back_unchanged()
    {
        var input = Enumerable.Range(0, 300_000).Select(i => unchecked((byte)(i * 7))).ToArray();

        var result = await ProcessRunner.RunAsync("cat", [], new ProcessOptions { Input = input });

        Assert.Equal(input, result.EnsureSuccess().StandardOutputBytes.ToArray());
    }

    [Fact]
    public async Task Standard_input_text_is_utf8_and_output_is_decoded_as_utf8()
    {
        var result = await ProcessRunner.RunAsync("cat", [], new ProcessOptions { InputText = "grüße, 世界\n" });

        Assert.Equal("grüße, 世界\n", result.EnsureSuccess().StandardOutput);
    }

    [Fact]
    public async Task Without_input_the_program_sees_end_of_file()
    {
        var result = await ProcessRunner.RunAsync("wc", ["-c"], new ProcessOptions { Timeout = TimeSpan.FromSeconds(10) });

        Assert.Equal("0", result.EnsureSuccess().StandardOutput.Trim());
    }

    [Fact]
    public async Task Environment_variables_are_added_and_removed()
    {
        var options = new ProcessOptions
        {
            Environment = new Dictionary<string, string?> { ["LIFEBOAT_TEST_VALUE"] = "a=b c", ["PATH_REMOVED_BY_TEST"] = null, ["HOME"] = null },
        };

        var lines = (await ProcessRunner.RunAsync("env", [], options)).EnsureSuccess().StandardOutput.Split('\n');

        Assert.Contains("LIFEBOAT_TEST_VALUE=a=b c", lines);
        Assert.DoesNotContain(lines, line => line.StartsWith("HOME=", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("PATH=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Working_directory_is_used()
    {
        using var directory = new TempDirectory();

        var result = await ProcessRunner.RunAsync("pwd", [], new ProcessOptions { WorkingDirectory = directory.Path });

        Assert.Equal(directory.Path, result.EnsureSuccess().StandardOutput.Trim());
    }

    [Fact]
    public async Task A_timeout_kills_the_whole_process_tree_and_says_so()
    {
        var run = ProcessRunner.RunAsync(
            "sh", ["-c", "sleep 60 & echo $!; echo started >&2; wait"], new ProcessOptions { Timeout = TimeSpan.FromSeconds(2) });

        var exception = await Assert.ThrowsAsync<ProcessTimeoutException>(() => run);

        Assert.Contains("did not finish within 2 s", exception.Message, StringComparison.Ordinal);
        Assert.Contains("started", exception.StandardError, StringComparison.Ordinal);
        var grandchild = int.Parse(exception.StandardOutput.Trim(), CultureInfo.InvariantCulture);
        Assert.True(await ProcessTable.WaitUntilGoneAsync(grandchild), $"the background sleep {grandchild} survived");
    }

    [Fact]
    public async Task A_background_child_holding_the_output_open_is_reported_as_such()
    {
        var run = ProcessRunner.RunAsync("sh", ["-c", "sleep 5 &"], new ProcessOptions { Timeout = TimeSpan.FromSeconds(1.5) });

        var exception = await Assert.ThrowsAsync<ProcessTimeoutException>(() => run);

        Assert.Contains("exited, but a background process it started still held its output open", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_kills_the_process()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var run = ProcessRunner.RunAsync("sleep", ["60"], cancellationToken: cancellation.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task A_failed_exit_code_is_returned_and_EnsureSuccess_throws_with_standard_error()
    {
        var result = await ProcessRunner.RunAsync("sh", ["-c", "echo boom >&2; exit 2"]);

        Assert.False(result.Succeeded);
        var exception = Assert.Throws<ProcessFailedException>(() => result.EnsureSuccess());
        Assert.Contains("exited with code 2", exception.Message, StringComparison.Ordinal);
        Assert.Contains("boom", exception.Message, StringComparison.Ordinal);
        Assert.Same(result, exception.Result);
    }

    [Fact]
    public async Task A_missing_program_is_a_clear_error()
    {
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => ProcessRunner.RunAsync("/nonexistent/lifeboat-program", ["x"]));

        Assert.Contains("/nonexistent/lifeboat-program", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_as_another_user_only_when_root()
    {
        if (UnixUser.IsRoot)
        {
            var result = await ProcessRunner.RunAsync("sh", ["-c", "id -un; echo $HOME"], new ProcessOptions { User = "nobody" });

            Assert.Equal(["nobody", UnixUser.Get("nobody").Home], result.EnsureSuccess().StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.EndsWith("(as nobody)", result.CommandLine, StringComparison.Ordinal);
        }
        else
        {
            var run = ProcessRunner.RunAsync("id", ["-un"], new ProcessOptions { User = "root" });

            var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => run);
            Assert.Contains("needs root", exception.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Running_as_the_current_user_needs_no_privilege()
    {
        var result = await ProcessRunner.RunAsync("id", ["-un"], new ProcessOptions { User = Environment.UserName });

        Assert.Equal(Environment.UserName, result.EnsureSuccess().StandardOutput.Trim());
    }
}
