using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace Lifeboat.Cli.Output;

/// <summary>
/// The one layer through which commands talk to the user. On a terminal it draws tables, colours and
/// progress bars; when piped it writes plain lines; with <c>--json</c> stdout carries only JSON and every
/// human message goes to stderr.
/// </summary>
internal sealed class ConsoleUi
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly object _lock = new();

    public ConsoleUi(bool json, bool quiet, bool verbose, bool noColor, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        Json = json;
        Quiet = quiet;
        Verbose = verbose;
        var outRedirected = stdout is not null || Console.IsOutputRedirected;
        var errRedirected = stderr is not null || Console.IsErrorRedirected;
        var colour = !noColor && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
            && Environment.GetEnvironmentVariable("TERM") != "dumb";
        IsTerminal = !outRedirected;
        IsErrorTerminal = !errRedirected;
        StdoutWriter = stdout ?? Console.Out;
        StderrWriter = stderr ?? Console.Error;
        Out = CreateConsole(StdoutWriter, !outRedirected, colour);
        Err = CreateConsole(StderrWriter, !errRedirected, colour);
    }

    public bool Json { get; }

    public bool Quiet { get; }

    public bool Verbose { get; }

    /// <summary>True when stdout is a terminal (tables and progress may be drawn).</summary>
    public bool IsTerminal { get; }

    /// <summary>True when stderr is a terminal (progress bars go there).</summary>
    public bool IsErrorTerminal { get; }

    /// <summary>True when a human can answer a question on this terminal.</summary>
    public bool CanPrompt => !Console.IsInputRedirected && IsErrorTerminal;

    public IAnsiConsole Out { get; }

    public IAnsiConsole Err { get; }

    public TextWriter StdoutWriter { get; }

    public TextWriter StderrWriter { get; }

    public static ConsoleUi From(ParseResult parseResult) => new(
        parseResult.GetValue(GlobalOptions.Json),
        parseResult.GetValue(GlobalOptions.Quiet),
        parseResult.GetValue(GlobalOptions.Verbose),
        parseResult.GetValue(GlobalOptions.NoColor));

    /// <summary>A line for the human reader: stdout normally, stderr under --json, nothing under --quiet.</summary>
    public void Info(string text)
    {
        if (Quiet)
        {
            return;
        }

        lock (_lock)
        {
            (Json ? Err : Out).MarkupLine(Spectre.Console.Markup.Escape(text));
        }
    }

    /// <summary>Like <see cref="Info"/> but with Spectre markup (callers escape user text).</summary>
    public void Markup(string markup)
    {
        if (Quiet)
        {
            return;
        }

        lock (_lock)
        {
            (Json ? Err : Out).MarkupLine(markup);
        }
    }

    /// <summary>Detail shown only with --verbose, on stderr.</summary>
    public void Detail(string text)
    {
        if (!Verbose)
        {
            return;
        }

        lock (_lock)
        {
            Err.MarkupLine("[grey]" + Spectre.Console.Markup.Escape(text) + "[/]");
        }
    }

    public void Warning(string text)
    {
        lock (_lock)
        {
            Err.MarkupLine("[yellow]warning:[/] " + Spectre.Console.Markup.Escape(text));
        }
    }

    public void Error(string text, string? hint = null)
    {
        lock (_lock)
        {
            Err.MarkupLine("[red]error:[/] " + Spectre.Console.Markup.Escape(text));
            if (hint is not null)
            {
                Err.MarkupLine("[grey]hint:[/] " + Spectre.Console.Markup.Escape(hint));
            }
        }
    }

    /// <summary>Writes one JSON value as one line on stdout.</summary>
    public void WriteJson<T>(T value)
    {
        var text = JsonSerializer.Serialize(value, JsonOptions);
        lock (_lock)
        {
            StdoutWriter.WriteLine(text);
            StdoutWriter.Flush();
        }
    }

    /// <summary>Writes raw text on stdout (data the user asked for, e.g. a file's content).</summary>
    public void WriteData(string text)
    {
        lock (_lock)
        {
            StdoutWriter.Write(text);
            StdoutWriter.Flush();
        }
    }

    /// <summary>
    /// A table: box-drawn on a terminal, aligned plain columns when piped. Not written under --json
    /// (commands write their JSON shape instead).
    /// </summary>
    public void WriteTable(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string? footer = null)
    {
        var table = new Table
        {
            Border = IsTerminal ? TableBorder.Rounded : TableBorder.None,
            ShowHeaders = true,
        };
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(IsTerminal ? $"[bold]{Spectre.Console.Markup.Escape(header)}[/]" : Spectre.Console.Markup.Escape(header)));
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => new Text(cell)).ToArray());
        }

        lock (_lock)
        {
            Out.Write(table);
            if (footer is not null)
            {
                Out.WriteLine(footer);
            }
        }
    }

    private static IAnsiConsole CreateConsole(TextWriter writer, bool terminal, bool colour)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal && colour ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal && colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (!terminal)
        {
            // Piped output is read by programs and people with wide terminals: never wrap lines.
            console.Profile.Width = 4096;
        }

        return console;
    }
}
