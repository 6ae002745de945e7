using System.Diagnostics;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Lifeboat.Cli.Output;

/// <summary>
/// Shows how far a long operation has got: a live bar on a terminal (stderr), JSON status lines about
/// once a second with --json, nothing when piped or quiet. Updates may come from any thread.
/// </summary>
internal sealed class ProgressDisplay
{
    private readonly ConsoleUi _ui;
    private readonly string _description;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private long _done;
    private long _total;
    private long _items;
    private long _itemsTotal;
    private string? _current;
    private long _lastJson;

    public ProgressDisplay(ConsoleUi ui, string description)
    {
        _ui = ui;
        _description = description;
    }

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Records progress: bytes done of total, items (files) done of total, the current item.</summary>
    public void Update(long done, long total, long items, long itemsTotal, string? current)
    {
        lock (_lock)
        {
            _done = done;
            _total = total;
            _items = items;
            _itemsTotal = itemsTotal;
            _current = current;
        }

        if (_ui.Json && _clock.ElapsedMilliseconds - Interlocked.Read(ref _lastJson) >= 1000)
        {
            Interlocked.Exchange(ref _lastJson, _clock.ElapsedMilliseconds);
            _ui.WriteJson(StatusJson());
        }
    }

    /// <summary>Runs <paramref name="work"/> while the display is live.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        if (_ui.Json || _ui.Quiet || !_ui.IsErrorTerminal)
        {
            return await work();
        }

        T result = default!;
        await _ui.Err.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(_description, maxValue: 1);
                var running = work();
                while (!running.IsCompleted)
                {
                    Refresh(task);
                    await Task.WhenAny(running, Task.Delay(200));
                }

                Refresh(task);
                result = await running;
            });
        return result;
    }

    private void Refresh(ProgressTask task)
    {
        lock (_lock)
        {
            task.MaxValue = Math.Max(1, _total);
            task.Value = Math.Min(_done, task.MaxValue);
            var rate = _clock.Elapsed.TotalSeconds > 0 ? _done / _clock.Elapsed.TotalSeconds : 0;
            var current = _current is null ? string.Empty : " " + Shorten(_current, 40);
            task.Description = Markup.Escape(
                $"{_description} {_items}/{_itemsTotal} files, {Format.Bytes(_done)}/{Format.Bytes(_total)}, {Format.Bytes((long)rate)}/s{current}");
        }
    }

    private JsonObject StatusJson()
    {
        lock (_lock)
        {
            return new JsonObject
            {
                ["message_type"] = "status",
                ["seconds_elapsed"] = (long)_clock.Elapsed.TotalSeconds,
                ["percent_done"] = _total > 0 ? Math.Round((double)_done / _total, 4) : 0,
                ["total_files"] = _itemsTotal,
                ["files_done"] = _items,
                ["total_bytes"] = _total,
                ["bytes_done"] = _done,
                ["current_file"] = _current,
            };
        }
    }

    private static string Shorten(string text, int length) =>
        text.Length <= length ? text : "…" + text[^(length - 1)..];
}
