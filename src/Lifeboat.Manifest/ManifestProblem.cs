namespace Lifeboat.Manifest;

/// <summary>
/// One thing wrong in a manifest, with the place to fix it. <see cref="ToString"/> gives the form
/// compilers use, <c>file:line:column: message (hint)</c>, which editors and terminals link.
/// </summary>
/// <param name="File">The manifest file as the user named it (or as an include resolved it).</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Message">What is wrong, starting with the key path where it helps.</param>
/// <param name="Hint">A likely fix ("did you mean 'retention'?"), or null.</param>
public sealed record ManifestProblem(string File, int Line, int Column, string Message, string? Hint = null)
{
    public override string ToString() =>
        Hint is null ? $"{File}:{Line}:{Column}: {Message}" : $"{File}:{Line}:{Column}: {Message} ({Hint})";
}
