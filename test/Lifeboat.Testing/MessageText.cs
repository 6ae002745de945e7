using System.Text;

namespace Lifeboat.Testing;

internal static class MessageText
{
    /// <summary>The last <paramref name="maxChars"/> characters of <paramref name="text"/>, starting at a line boundary when possible.</summary>
    internal static string Tail(string text, int maxChars = 4000)
    {
        text = text.TrimEnd();
        if (text.Length <= maxChars)
        {
            return text;
        }

        var tail = text[^maxChars..];
        var newline = tail.IndexOf('\n', StringComparison.Ordinal);
        return "..." + (newline >= 0 ? tail[newline..] : tail);
    }

    /// <summary>A command line for messages: each argument quoted as a POSIX shell would need it.</summary>
    internal static string CommandLine(string fileName, IEnumerable<string> arguments, string? user = null)
    {
        var builder = new StringBuilder(Quote(fileName));
        foreach (var argument in arguments)
        {
            builder.Append(' ').Append(Quote(argument));
        }

        return user is null ? builder.ToString() : $"{builder} (as {user})";
    }

    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c, StringComparison.Ordinal))
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
