using System.Text;

namespace Lifeboat.Manifest.Interpolation;

/// <summary>
/// Replaces <c>${VAR}</c>, <c>${VAR:-default}</c> (unset or empty: the default, itself interpolated)
/// and <c>${VAR:?message}</c> (unset or empty: an error with the message) in scalar values;
/// <c>$$</c> is a literal dollar and a <c>$</c> not followed by <c>{</c> is kept as it is.
/// </summary>
internal static class Interpolator
{
    private const string SyntaxHint = "write ${NAME}, ${NAME:-default} or ${NAME:?message}, and $$ for a literal '$'";

    public static InterpolatedText Interpolate(string text, IVariableProvider variables)
    {
        var state = new State(variables);
        Evaluate(text, 0, state, sensitiveContext: false, topLevel: true);
        return new InterpolatedText(
            state.Value.ToString(), state.Display.ToString(), state.Sensitive, state.References > 0, state.Errors)
        {
            IsOnlyReferences = state.References > 0 && state.LiteralLength == 0,
            SecretValues = state.SecretValues,
        };
    }

    /// <summary>
    /// The text as written, with the defaults and messages of secret-looking variables replaced by
    /// [redacted] (<c>${DB_PASSWORD:-hunter2}</c> becomes <c>${DB_PASSWORD:-[redacted]}</c>).
    /// </summary>
    public static string RedactAsWritten(string text, bool redactAllOperands = false)
    {
        var result = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (!TryParseReference(text, i, out var reference, out _))
            {
                result.Append(text[i]);
                i++;
                continue;
            }

            if (reference.Escape)
            {
                result.Append("$$");
            }
            else if (reference.Operand is null)
            {
                result.Append("${").Append(reference.Name).Append('}');
            }
            else
            {
                var operand = redactAllOperands || SecretNames.LooksSecret(reference.Name)
                    ? SecretValue.Redacted
                    : RedactAsWritten(reference.Operand);
                result.Append("${").Append(reference.Name).Append(':').Append(reference.Op).Append(operand).Append('}');
            }

            i = reference.End;
        }

        return result.ToString();
    }

    private static void Evaluate(string text, int baseOffset, State state, bool sensitiveContext, bool topLevel)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] != '$')
            {
                state.AppendLiteral(text[i].ToString(), sensitiveContext, topLevel);
                i++;
                continue;
            }

            if (!TryParseReference(text, i, out var reference, out var error))
            {
                if (error is not null)
                {
                    state.Errors.Add(new InterpolationError(baseOffset + i, error, SyntaxHint));
                    return;
                }

                state.AppendLiteral("$", sensitiveContext, topLevel);
                i++;
                continue;
            }

            i = reference.End;
            if (reference.Escape)
            {
                state.AppendLiteral("$", sensitiveContext, topLevel);
                continue;
            }

            state.References++;
            var secret = sensitiveContext || SecretNames.LooksSecret(reference.Name);
            var value = state.Variables.Get(reference.Name);
            var offset = baseOffset + reference.Start;
            if (reference.Operand is null)
            {
                if (value is null)
                {
                    state.Errors.Add(new InterpolationError(offset, $"environment variable {reference.Name} is not set",
                        $"set it, or give a default: ${{{reference.Name}:-value}}"));
                    continue;
                }

                state.AppendValue(value, secret);
            }
            else if (!string.IsNullOrEmpty(value))
            {
                state.AppendValue(value, secret);
            }
            else if (reference.Op == '-')
            {
                Evaluate(reference.Operand, offset + reference.OperandStart, state, secret, topLevel: false);
            }
            else
            {
                var message = reference.Operand.Trim();
                state.Errors.Add(new InterpolationError(offset,
                    message.Length == 0
                        ? $"environment variable {reference.Name} is required"
                        : $"environment variable {reference.Name} is not set: {message}",
                    null));
            }
        }
    }

    /// <summary>
    /// Parses a reference or a <c>$$</c> escape at <paramref name="start"/>. Returns false with a null
    /// error for a lone '$', false with an error for a malformed reference.
    /// </summary>
    private static bool TryParseReference(string text, int start, out Reference reference, out string? error)
    {
        reference = default;
        error = null;
        if (text[start] != '$' || start + 1 >= text.Length)
        {
            return false;
        }

        if (text[start + 1] == '$')
        {
            reference = new Reference(start, start + 2, "", ' ', null, 0) { Escape = true };
            return true;
        }

        if (text[start + 1] != '{')
        {
            return false;
        }

        var j = start + 2;
        while (j < text.Length && (char.IsAsciiLetterOrDigit(text[j]) || text[j] == '_'))
        {
            j++;
        }

        var name = text[(start + 2)..j];
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            error = $"invalid interpolation '{Excerpt(text, start)}': '${{' must be followed by a variable name";
            return false;
        }

        if (j >= text.Length)
        {
            error = $"invalid interpolation '{Excerpt(text, start)}': no closing '}}'";
            return false;
        }

        if (text[j] == '}')
        {
            reference = new Reference(start, j + 1, name, ' ', null, 0);
            return true;
        }

        if (text[j] != ':' || j + 1 >= text.Length || text[j + 1] is not ('-' or '?'))
        {
            error = $"invalid interpolation '{Excerpt(text, start)}': expected '}}', ':-' or ':?' after the name";
            return false;
        }

        var op = text[j + 1];
        var operandStart = j + 2;
        var depth = 0;
        var m = operandStart;
        for (; m < text.Length; m++)
        {
            if (text[m] == '$' && m + 1 < text.Length && text[m + 1] is '$' or '{')
            {
                depth += text[m + 1] == '{' ? 1 : 0;
                m++;
            }
            else if (text[m] == '}')
            {
                if (depth == 0)
                {
                    break;
                }

                depth--;
            }
        }

        if (m >= text.Length)
        {
            error = $"invalid interpolation '{Excerpt(text, start)}': no closing '}}'";
            return false;
        }

        reference = new Reference(start, m + 1, name, op, text[operandStart..m], operandStart - start);
        return true;
    }

    private static string Excerpt(string text, int start)
    {
        var excerpt = text[start..];
        return excerpt.Length > 24 ? excerpt[..24] + "..." : excerpt;
    }

    private readonly record struct Reference(int Start, int End, string Name, char Op, string? Operand, int OperandStart)
    {
        public bool Escape { get; init; }
    }

    private sealed class State(IVariableProvider variables)
    {
        private bool _redactedLast;

        public IVariableProvider Variables { get; } = variables;

        public StringBuilder Value { get; } = new();

        public StringBuilder Display { get; } = new();

        public List<InterpolationError> Errors { get; } = [];

        public List<string> SecretValues { get; } = [];

        public bool Sensitive { get; private set; }

        public int References { get; set; }

        public int LiteralLength { get; private set; }

        public void AppendLiteral(string text, bool sensitive, bool topLevel)
        {
            Value.Append(text);
            if (topLevel)
            {
                LiteralLength += text.Length;
            }

            AppendDisplay(text, sensitive);
        }

        public void AppendValue(string text, bool sensitive)
        {
            if (sensitive && text.Length > 0)
            {
                SecretValues.Add(text);
            }

            Value.Append(text);
            AppendDisplay(text, sensitive);
        }

        private void AppendDisplay(string text, bool sensitive)
        {
            if (!sensitive)
            {
                Display.Append(text);
                _redactedLast = false;
                return;
            }

            Sensitive = true;
            if (!_redactedLast)
            {
                Display.Append(SecretValue.Redacted);
                _redactedLast = true;
            }
        }
    }
}
