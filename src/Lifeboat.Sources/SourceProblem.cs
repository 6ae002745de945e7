namespace Lifeboat.Sources;

/// <summary>Something that will make a backup or restore of a source fail, with how to fix it.</summary>
public sealed record SourceProblem(string Source, string Message, string? Hint = null);
