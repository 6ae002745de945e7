namespace Lifeboat.Repository.Tests.Engine;

/// <summary>The oracle in a repository of format version 2 (compressed).</summary>
public sealed class ResticV2TreeFixture : ResticTreeFixture
{
    protected override int Version => 2;
}
