using System.CommandLine;
using Lifeboat.Manifest;

namespace Lifeboat.Cli.Commands;

/// <summary><c>lifeboat config validate|schema</c>: check the manifest, print its JSON Schema.</summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var config = new Command("config", "Validate the manifest or print its JSON schema");
        config.Subcommands.Add(new Command("validate", "Check the manifest and every file it includes; report every problem with file:line:column")
            .Handle(ValidateAsync));
        config.Subcommands.Add(new Command("schema", "Print the manifest's JSON Schema (draft 2020-12), for editors and CI")
            .Handle(context =>
            {
                context.Ui.WriteData(ManifestSchema.ToJson() + "\n");
                return Task.FromResult(ExitCodes.Success);
            }));
        return config;
    }

    private static async Task<int> ValidateAsync(CommandContext context)
    {
        var result = await ManifestLoader.TryLoadAsync(context.ConfigPath, cancellationToken: context.CancellationToken);
        if (context.Ui.Json)
        {
            context.Ui.WriteJson(result.Problems.Select(p => new ProblemJson(p.File, p.Line, p.Column, p.Message, p.Hint)).ToList());
        }

        if (result.IsValid)
        {
            var manifest = result.Manifest!;
            context.Ui.Info($"manifest OK: {Count(manifest.Services.Count, "service")}, {Count(manifest.Repositories.Count, "repository", "repositories")}");
            return ExitCodes.Success;
        }

        if (!context.Ui.Json)
        {
            foreach (var problem in result.Problems)
            {
                context.Ui.StdoutWriter.WriteLine(problem.ToString());
            }

            context.Ui.StdoutWriter.Flush();
        }

        context.Ui.Error($"the manifest has {Count(result.Problems.Count, "problem")}");
        return ExitCodes.UsageError;
    }

    private static string Count(int count, string noun, string? plural = null) =>
        $"{count} {(count == 1 ? noun : plural ?? noun + "s")}";

    private sealed record ProblemJson(
        [property: System.Text.Json.Serialization.JsonPropertyName("file")] string File,
        [property: System.Text.Json.Serialization.JsonPropertyName("line")] int Line,
        [property: System.Text.Json.Serialization.JsonPropertyName("column")] int Column,
        [property: System.Text.Json.Serialization.JsonPropertyName("message")] string Message,
        [property: System.Text.Json.Serialization.JsonPropertyName("hint")] string? Hint);
}
