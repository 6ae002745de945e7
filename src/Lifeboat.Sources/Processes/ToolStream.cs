using Lifeboat.Repository.Archiver;

namespace Lifeboat.Sources.Processes;

/// <summary>
/// A tool's standard output as a snapshot file: the tool starts when the archiver opens the item (or
/// earlier, with <see cref="Start"/>: then it does its setup while the repository opens, and waits on
/// the full pipe until the archiver reads), its output goes straight into the repository, and the item's completion fails the snapshot when the
/// tool failed (with its scrubbed standard error). <see cref="DisposeAsync"/> (from the capture's
/// cleanup) kills the tool if the backup stopped before reading it all.
/// </summary>
public sealed class ToolStream : IAsyncDisposable
{
    private readonly ToolCommand _command;
    private readonly CancellationToken _cancellationToken;
    private ToolProcess? _process;
    private bool _opened;

    public ToolStream(IReadOnlyList<string> snapshotPath, ToolCommand command, CancellationToken cancellationToken = default)
    {
        _command = command;
        _cancellationToken = cancellationToken;
        Item = new BackupItem.Stream(snapshotPath, Open, CompleteAsync);
    }

    /// <summary>The item to give the archiver.</summary>
    public BackupItem.Stream Item { get; }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _process, null) is { } process)
        {
            await process.DisposeAsync();
        }
    }

    /// <summary>Starts the tool now; the archiver reads its output when it reaches the item.</summary>
    public void Start()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException($"{_command.Name} was already started for this snapshot");
        }

        _process = ToolProcess.Start(_command, streamOutput: true);
    }

    private Stream Open()
    {
        if (_opened)
        {
            throw new InvalidOperationException($"{_command.Name} was already read for this snapshot");
        }

        _opened = true;
        if (_process is null)
        {
            Start();
        }

        return _process!.StandardOutput;
    }

    private async Task CompleteAsync()
    {
        var process = _process ?? throw new InvalidOperationException($"{_command.Name} was never started");
        await process.EnsureSuccessAsync(_cancellationToken);
    }
}
