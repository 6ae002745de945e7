using System.Buffers;
using System.Text;

namespace Lifeboat.Sources.Processes;

/// <summary>
/// Runs tools to completion: small outputs (<c>--version</c>), a stream piped into a tool's standard
/// input (a snapshot's dump into <c>pg_restore</c>), or one tool's output piped into another's input.
/// Memory stays bounded whatever the data's size. Thread-safe.
/// </summary>
public static class ToolRunner
{
    private const int CopyBufferSize = 1024 * 1024;
    private const int MaxCapturedOutput = 1024 * 1024;

    /// <summary>Runs a tool whose output is small and returns its exit code and output.</summary>
    /// <exception cref="SourceException">The program cannot be started.</exception>
    public static async Task<ToolResult> RunAsync(ToolCommand command, CancellationToken cancellationToken = default)
    {
        await using var process = ToolProcess.Start(command, streamOutput: true);
        using var output = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await process.StandardOutput.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (output.Length < MaxCapturedOutput)
            {
                output.Write(buffer, 0, read);
            }
        }

        var exitCode = await process.WaitForExitAsync(cancellationToken);
        return new ToolResult(exitCode, command.Scrubber.Scrub(Encoding.UTF8.GetString(output.ToArray())), process.ErrorOutput, process);
    }

    /// <summary>Runs a tool and returns its output; throws when it fails.</summary>
    /// <exception cref="SourceException">The program cannot be started or failed.</exception>
    public static async Task<string> RunCheckedAsync(ToolCommand command, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(command, cancellationToken);
        return result.ExitCode == 0 ? result.Output : throw result.Failure;
    }

    /// <summary>
    /// Feeds <paramref name="input"/> to the tool's standard input and waits for it to succeed. Its
    /// standard output is drained and kept only for the failure message.
    /// </summary>
    /// <exception cref="SourceException">The tool failed (also when it stopped reading early).</exception>
    public static async Task PipeIntoAsync(ToolCommand command, Stream input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var process = ToolProcess.Start(command, writeInput: true);
        var stoppedReading = await CopyAsync(input, process, cancellationToken);
        var exitCode = await process.WaitForExitAsync(cancellationToken);
        if (exitCode != 0)
        {
            throw process.Failure(exitCode);
        }

        if (stoppedReading)
        {
            throw new SourceException(command.Source, $"{command.Name} exited before reading all of its input");
        }
    }

    /// <summary>Runs <paramref name="producer"/> with its output piped into <paramref name="consumer"/>; both must succeed.</summary>
    /// <exception cref="SourceException">Either tool failed; the producer's failure is reported first.</exception>
    public static async Task PipeAsync(ToolCommand producer, ToolCommand consumer, CancellationToken cancellationToken = default)
    {
        await using var from = ToolProcess.Start(producer, streamOutput: true);
        await using var to = ToolProcess.Start(consumer, writeInput: true);
        var stoppedReading = await CopyAsync(from.StandardOutput, to, cancellationToken);
        if (stoppedReading)
        {
            from.Kill();
        }

        var producerExit = await from.WaitForExitAsync(cancellationToken);
        var consumerExit = await to.WaitForExitAsync(cancellationToken);
        if (producerExit != 0 && !stoppedReading)
        {
            throw from.Failure(producerExit);
        }

        if (consumerExit != 0)
        {
            throw to.Failure(consumerExit);
        }

        if (stoppedReading)
        {
            throw new SourceException(consumer.Source, $"{consumer.Name} exited before reading all of its input");
        }
    }

    /// <summary>Copies into the tool's input and closes it; true when the tool stopped reading (broken pipe).</summary>
    private static async Task<bool> CopyAsync(Stream input, ToolProcess process, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            int read;
            while ((read = await input.ReadAsync(buffer.AsMemory(0, CopyBufferSize), cancellationToken)) > 0)
            {
                try
                {
                    await process.StandardInput.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                catch (IOException)
                {
                    return true;
                }
            }

            try
            {
                await process.StandardInput.FlushAsync(cancellationToken);
            }
            catch (IOException)
            {
                return true;
            }

            return false;
        }
        catch
        {
            process.Kill(); // the input failed (repository error, cancellation): the tool must not commit half of it
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            process.CloseInput();
        }
    }
}
