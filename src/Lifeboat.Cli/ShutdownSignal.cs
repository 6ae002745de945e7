using System.Runtime.InteropServices;

namespace Lifeboat.Cli;

/// <summary>
/// Turns SIGINT and SIGTERM into cancellation so that every command stops cleanly (removes its lock,
/// leaves the repository valid). A second signal is left to the runtime's default handling. SIGHUP is
/// ignored: restic (0.14 and older) asks whether the process named in a lock file is alive by sending
/// it SIGHUP, so a <c>restic unlock</c> on this host would otherwise kill every running command.
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;
    private readonly PosixSignalRegistration _hangUp;

    public ShutdownSignal()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        _hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context => context.Cancel = true);
    }

    public CancellationToken Token => _source.Token;

    public bool Signalled => _source.IsCancellationRequested;

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _hangUp.Dispose();
        _source.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (_source.IsCancellationRequested)
        {
            return; // a second signal: let the runtime terminate the process
        }

        context.Cancel = true;
        _source.Cancel();
    }
}
