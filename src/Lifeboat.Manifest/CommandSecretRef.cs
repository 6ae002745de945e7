using Lifeboat.Secrets;

namespace Lifeboat.Manifest;

/// <summary>A secret printed by a shell command (run with <c>/bin/sh -c</c>), trimmed.</summary>
public sealed record CommandSecretRef(string Command) : SecretRef
{
    public override async Task<SecretValue> ResolveAsync(CancellationToken cancellationToken = default) =>
        new(await SecretReader.FromCommandAsync(Command, cancellationToken));

    public override string Describe() => $"command '{Command}'";
}
