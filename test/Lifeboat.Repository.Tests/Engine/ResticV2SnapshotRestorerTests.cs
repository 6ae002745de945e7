namespace Lifeboat.Repository.Tests.Engine;

public sealed class ResticV2SnapshotRestorerTests(ResticV2TreeFixture fixture) : SnapshotRestorerTests<ResticV2TreeFixture>(fixture);
