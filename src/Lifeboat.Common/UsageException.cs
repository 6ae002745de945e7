namespace Lifeboat;

/// <summary>The command line was wrong: a missing argument, conflicting options. Exit code 2.</summary>
public sealed class UsageException(string message) : LifeboatException(message);
