namespace Lifeboat.Cli.Output;

/// <summary>An <see cref="IProgress{T}"/> that calls its handler on the reporting thread (no queueing).</summary>
internal sealed class InlineProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
