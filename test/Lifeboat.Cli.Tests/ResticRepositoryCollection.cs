namespace Lifeboat.Cli.Tests;

[CollectionDefinition(ResticRepositoryFixture.Collection)]
public sealed class ResticRepositoryCollection : ICollectionFixture<ResticRepositoryFixture>;
