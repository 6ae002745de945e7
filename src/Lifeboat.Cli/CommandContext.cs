using System.CommandLine;
using Lifeboat.Cli.Output;

namespace Lifeboat.Cli;

/// <summary>What a command handler needs: its parsed arguments, the console and the cancellation.</summary>
internal sealed class CommandContext(ParseResult parseResult, ConsoleUi ui, CancellationToken cancellationToken)
{
    public ParseResult ParseResult { get; } = parseResult;

    public ConsoleUi Ui { get; } = ui;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public TimeProvider Clock { get; } = TimeProvider.System;

    public string ConfigPath => ParseResult.GetValue(GlobalOptions.Config) ?? "lifeboat.yaml";

    public T? Get<T>(Option<T> option) => ParseResult.GetValue(option);

    public T? Get<T>(Argument<T> argument) => ParseResult.GetValue(argument);
}
