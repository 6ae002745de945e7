namespace Lifeboat.Repository.Tests.Engine;

/// <summary>The oracle in a repository of format version 1 (no compression).</summary>
public sealed class ResticV1TreeFixture : ResticTreeFixture
{
    protected override int Version => 1;
}
