namespace Lifeboat.Testing.Trees;

/// <summary>What <see cref="TreeGenerator.Modify"/> did, as relative paths.</summary>
public sealed record TreeChanges(string Changed, string Added, string Deleted);
