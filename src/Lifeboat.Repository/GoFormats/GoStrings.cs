using System.Globalization;
using System.Text;

namespace Lifeboat.Repository.GoFormats;

/// <summary>
/// String encodings restic inherits from Go, reproduced exactly so that what we write is byte-identical
/// to what restic writes: JSON string escaping as <c>encoding/json</c> does it (HTML-safe), and the
/// quoting <c>strconv.Quote</c> applies to node names before they go into JSON.
/// </summary>
public static class GoStrings
{
    private const string LowerHex = "0123456789abcdef";

    /// <summary>Appends <paramref name="value"/> as a JSON string literal, escaped as Go does.</summary>
    public static void AppendJsonString(StringBuilder builder, string value)
    {
        builder.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case '<' or '>' or '&' or '\u2028' or '\u2029':
                    AppendUnicodeEscape(builder, c);
                    break;
                case < ' ':
                    AppendUnicodeEscape(builder, c);
                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        builder.Append(c).Append(value[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        builder.Append("\\ufffd"); // invalid UTF-8 becomes U+FFFD in Go
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }

    /// <summary>Go's <c>strconv.Quote</c> without the surrounding quotes.</summary>
    public static string Quote(string value)
    {
        if (IsPlain(value))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        foreach (var rune in value.EnumerateRunes())
        {
            var r = rune.Value;
            switch (r)
            {
                case '"':
                    builder.Append("\\\"");
                    continue;
                case '\\':
                    builder.Append("\\\\");
                    continue;
            }

            if (IsPrint(rune))
            {
                builder.Append(rune.ToString());
                continue;
            }

            switch (r)
            {
                case '\a': builder.Append("\\a"); continue;
                case '\b': builder.Append("\\b"); continue;
                case '\f': builder.Append("\\f"); continue;
                case '\n': builder.Append("\\n"); continue;
                case '\r': builder.Append("\\r"); continue;
                case '\t': builder.Append("\\t"); continue;
                case '\v': builder.Append("\\v"); continue;
            }

            if (r < ' ' || r == 0x7f)
            {
                builder.Append("\\x").Append(LowerHex[r >> 4]).Append(LowerHex[r & 0xF]);
            }
            else if (r < 0x10000)
            {
                builder.Append("\\u").Append(r.ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append("\\U").Append(r.ToString("x8", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>Reverses <see cref="Quote"/> (Go's <c>strconv.Unquote</c> of a double-quoted string).</summary>
    /// <exception cref="FormatException">An invalid escape sequence.</exception>
    public static string Unquote(string value)
    {
        if (!value.Contains('\\', StringComparison.Ordinal))
        {
            return value;
        }

        var bytes = new List<byte>(value.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c != '\\')
            {
                var rune = Rune.GetRuneAt(value, i);
                var n = rune.EncodeToUtf8(utf8);
                for (var k = 0; k < n; k++)
                {
                    bytes.Add(utf8[k]);
                }

                i += rune.Utf16SequenceLength - 1;
                continue;
            }

            if (++i >= value.Length)
            {
                throw new FormatException("name ends in a lone backslash");
            }

            switch (value[i])
            {
                case 'a': bytes.Add(7); break;
                case 'b': bytes.Add(8); break;
                case 'f': bytes.Add(12); break;
                case 'n': bytes.Add(10); break;
                case 'r': bytes.Add(13); break;
                case 't': bytes.Add(9); break;
                case 'v': bytes.Add(11); break;
                case '\\': bytes.Add((byte)'\\'); break;
                case '"': bytes.Add((byte)'"'); break;
                case '\'': bytes.Add((byte)'\''); break;
                case 'x':
                    bytes.Add((byte)ParseHex(value, i + 1, 2));
                    i += 2;
                    break;
                case 'u' or 'U':
                    var digits = value[i] == 'u' ? 4 : 8;
                    var codePoint = ParseHex(value, i + 1, digits);
                    var runeValue = Rune.IsValid(codePoint) ? new Rune(codePoint) : Rune.ReplacementChar;
                    var count = runeValue.EncodeToUtf8(utf8);
                    for (var k = 0; k < count; k++)
                    {
                        bytes.Add(utf8[k]);
                    }

                    i += digits;
                    break;
                case >= '0' and <= '7':
                    if (i + 2 >= value.Length)
                    {
                        throw new FormatException("truncated octal escape");
                    }

                    bytes.Add((byte)(((value[i] - '0') << 6) | ((value[i + 1] - '0') << 3) | (value[i + 2] - '0')));
                    i += 2;
                    break;
                default:
                    throw new FormatException($"invalid escape '\\{value[i]}'");
            }
        }

        return System.Text.Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>Go's <c>unicode.IsPrint</c>: letters, marks, numbers, punctuation, symbols and ASCII space.</summary>
    public static bool IsPrint(Rune rune)
    {
        if (rune.Value == ' ')
        {
            return true;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
                or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
                or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
                or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation
                or UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol
                or UnicodeCategory.OtherSymbol => true,
            _ => false,
        };
    }

    private static bool IsPlain(string value)
    {
        foreach (var c in value)
        {
            if (c < ' ' || c > '~' || c == '"' || c == '\\')
            {
                return false;
            }
        }

        return true;
    }

    private static int ParseHex(string value, int start, int digits)
    {
        if (start + digits > value.Length
            || !int.TryParse(value.AsSpan(start, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var result))
        {
            throw new FormatException("invalid hexadecimal escape");
        }

        return result;
    }

    private static void AppendUnicodeEscape(StringBuilder builder, char c)
    {
        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
    }
}
