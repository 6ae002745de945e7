namespace Lifeboat.Repository.Tests.Engine;

public sealed class ResticV1SnapshotRestorerTests(ResticV1TreeFixture fixture) : SnapshotRestorerTests<ResticV1TreeFixture>(fixture);
