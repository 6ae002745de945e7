using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Runtime;
using System.Text.Json;

#pragma warning disable CA1050 // the runtime looks for a StartupHook class outside any namespace

/// <summary>Loaded by the runtime before Main (DOTNET_STARTUP_HOOKS); records figures at exit.</summary>
internal static class StartupHook
{
    private static PoolListener? s_pool;

    public static void Initialize()
    {
        var path = Environment.GetEnvironmentVariable("LIFEBOAT_BENCH_RUNTIME_STATS");
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        s_pool = new PoolListener();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            var info = GC.GetGCMemoryInfo(GCKind.Any);
            using var process = Process.GetCurrentProcess();
            var stats = new Dictionary<string, object>
            {
                ["wall_s"] = Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 3),
                ["cpu_user_s"] = Math.Round(process.UserProcessorTime.TotalSeconds, 3),
                ["cpu_sys_s"] = Math.Round(process.PrivilegedProcessorTime.TotalSeconds, 3),
                ["peak_working_set_mib"] = process.PeakWorkingSet64 / (1 << 20),
                ["gc_pause_s"] = Math.Round(GC.GetTotalPauseDuration().TotalSeconds, 3),
                ["gc_gen0"] = GC.CollectionCount(0),
                ["gc_gen1"] = GC.CollectionCount(1),
                ["gc_gen2"] = GC.CollectionCount(2),
                ["allocated_mib"] = GC.GetTotalAllocatedBytes() / (1 << 20),
                ["gc_heap_mib_last"] = info.HeapSizeBytes / (1 << 20),
                ["gc_committed_mib_last"] = info.TotalCommittedBytes / (1 << 20),
                ["gc_server"] = GCSettings.IsServerGC,
                ["jit_s"] = Math.Round(System.Runtime.JitInfo.GetCompilationTime().TotalSeconds, 3),
                ["jit_methods"] = System.Runtime.JitInfo.GetCompiledMethodCount(),
                ["threadpool_threads"] = ThreadPool.ThreadCount,
                ["threadpool_work_items"] = ThreadPool.CompletedWorkItemCount,
                ["lock_contentions"] = Monitor.LockContentionCount,
                ["arraypool_new_buffers_mib"] = s_pool.Allocated
                    .Where(kv => kv.Key >= 1 << 20)
                    .OrderBy(kv => kv.Key)
                    .ToDictionary(kv => (kv.Key / (double)(1 << 20)).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture), kv => kv.Value),
                ["arraypool_new_mib_total"] = s_pool.Allocated.Sum(kv => (long)kv.Key * kv.Value) / (1 << 20),
            };
            File.AppendAllText(path, JsonSerializer.Serialize(stats) + "\n");
        };
    }
}

/// <summary>
/// Counts the arrays ArrayPool.Shared had to allocate (its BufferAllocated event), by size: the pool
/// keeps what it allocates, so these are what pooled buffers cost in memory.
/// </summary>
internal sealed class PoolListener : EventListener
{
    public ConcurrentDictionary<int, int> Allocated { get; } = new();

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "System.Buffers.ArrayPoolEventSource")
        {
            EnableEvents(eventSource, EventLevel.Informational);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        // BufferAllocated(bufferId, bufferSize, poolId, bucketId, reason)
        if (eventData.EventName == "BufferAllocated" && eventData.Payload is { Count: >= 2 } payload && payload[1] is int size)
        {
            Allocated.AddOrUpdate(size, 1, (_, n) => n + 1);
        }
    }
}
