namespace Lifeboat.Repository.Checking;

/// <summary>One finding of a check: the repository file involved, what is wrong, and whether it is an error.</summary>
public sealed record CheckProblem(string File, string Message, bool IsError);
