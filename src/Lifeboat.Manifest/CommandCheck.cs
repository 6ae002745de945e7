namespace Lifeboat.Manifest;

/// <summary>Any command, passing when it exits 0; scratch locations are in its environment.</summary>
public sealed record CommandCheck : VerifyCheck
{
    public required CommandLine Run { get; init; }
}
