namespace Lifeboat.Sources.Tests.Conformance;

/// <summary>
/// A source whose capture must fail, the secret its message must not contain, and what it must say.
/// <see cref="DiagnoseFindsIt"/> is false when only running the capture can tell (a command that fails).
/// </summary>
public sealed record FailingCapture(IDataSource Source, string? Secret, string ExpectedFragment, bool DiagnoseFindsIt = true);
