namespace Lifeboat.Testing.Services;

/// <summary>
/// A clock that says what the test sets: snapshots, locks and evidence get the test's times (two
/// backups minutes or days apart without waiting). Timers and elapsed time stay real.
/// </summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();

    public void Advance(TimeSpan by) => Now += by;
}
