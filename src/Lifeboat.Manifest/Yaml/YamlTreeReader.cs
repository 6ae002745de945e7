using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Lifeboat.Manifest.Yaml;

/// <summary>
/// Turns YAML text into a <see cref="YNode"/> tree with positions, using YamlDotNet's parser for the
/// syntax. Unlike YamlDotNet's representation model it reports duplicate keys as problems and goes on,
/// resolves aliases, and applies merge keys (<c>&lt;&lt;: *anchor</c>).
/// </summary>
internal sealed class YamlTreeReader
{
    private readonly string _file;
    private readonly List<ManifestProblem> _problems;
    private readonly Dictionary<string, YNode> _anchors = new(StringComparer.Ordinal);
    private readonly Parser _parser;
    private readonly Stack<(Mark Mark, char Bracket)> _openFlows = new();
    private Mark _last = Mark.Start;
    private bool _started;

    private YamlTreeReader(string text, string file, List<ManifestProblem> problems)
    {
        _file = file;
        _problems = problems;
        _parser = new Parser(new StringReader(text));
    }

    /// <summary>
    /// Parses one YAML document. Returns null for an empty file or when the YAML syntax is broken (the
    /// problem is added to <paramref name="problems"/>).
    /// </summary>
    public static YNode? Read(string text, string file, List<ManifestProblem> problems) =>
        new YamlTreeReader(text, file, problems).ReadDocument();

    private YNode? ReadDocument()
    {
        try
        {
            Expect<StreamStart>();
            if (Peek() is StreamEnd)
            {
                return null;
            }

            Expect<DocumentStart>();
            var root = ReadNode();
            Expect<DocumentEnd>();
            if (Peek() is DocumentStart second)
            {
                Report(Mark.From(second.Start), "a manifest file holds one YAML document",
                    "remove the '---' line, or move the second document to a file of its own and include it");
            }

            return root;
        }
        catch (YamlException ex)
        {
            Report(Mark.From(ex.Start), "invalid YAML: " + ex.Message.TrimEnd('.'));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this for some unterminated flow collections.
            if (_openFlows.TryPeek(out var open))
            {
                Report(open.Mark, $"invalid YAML: this '{open.Bracket}' is not closed", $"close it with '{(open.Bracket == '[' ? ']' : '}')}'");
            }
            else
            {
                Report(_last, "invalid YAML: a '[' or '{' is not closed", "close the list with ']' or the mapping with '}'");
            }

            return null;
        }
    }

    private YNode ReadNode()
    {
        var ev = Next();
        switch (ev)
        {
            case AnchorAlias alias:
                if (_anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    return target;
                }

                Report(Mark.From(alias.Start), $"unknown alias '*{alias.Value.Value}'", "define it first with '&" + alias.Value.Value + "'");
                return new YScalar("", ScalarStyle.Plain, Mark.From(alias.Start), Mark.From(alias.End));
            case Scalar scalar:
                return Anchor(scalar.Anchor, new YScalar(scalar.Value, scalar.Style, Mark.From(scalar.Start), Mark.From(scalar.End)));
            case SequenceStart start:
                {
                    OpenFlow(start.Style == SequenceStyle.Flow, start.Start, '[');
                    var items = new List<YNode>();
                    while (Peek() is not SequenceEnd)
                    {
                        items.Add(ReadNode());
                    }

                    var end = Next();
                    CloseFlow(start.Style == SequenceStyle.Flow);
                    return Anchor(start.Anchor, new YSequence(items, Mark.From(start.Start), Mark.From(end.End)));
                }

            case MappingStart start:
                {
                    OpenFlow(start.Style == MappingStyle.Flow, start.Start, '{');
                    var mapping = ReadMapping(start);
                    CloseFlow(start.Style == MappingStyle.Flow);
                    return Anchor(start.Anchor, mapping);
                }
            default:
                throw new YamlException(ev.Start, ev.End, $"unexpected {ev.GetType().Name}");
        }
    }

    private YMapping ReadMapping(MappingStart start)
    {
        var entries = new List<YEntry>();
        var seen = new Dictionary<string, YScalar>(StringComparer.Ordinal);
        var merges = new List<(int Position, YNode Value)>();
        while (Peek() is not MappingEnd)
        {
            var keyNode = ReadNode();
            var value = ReadNode();
            if (keyNode is not YScalar key)
            {
                Report(keyNode.Start, "a key must be a plain name, not " + keyNode.Describe());
                continue;
            }

            if (key.Value == "<<" && key.Style == ScalarStyle.Plain)
            {
                merges.Add((entries.Count, value));
                continue;
            }

            if (seen.TryGetValue(key.Value, out var first))
            {
                Report(key.Start, $"duplicate key '{key.Value}'", $"first defined at line {first.Start.Line}");
                continue;
            }

            seen.Add(key.Value, key);
            entries.Add(new YEntry(key, value));
        }

        var end = Next();
        for (var i = merges.Count - 1; i >= 0; i--)
        {
            var (position, value) = merges[i];
            var merged = new List<YEntry>();
            foreach (var source in value is YSequence sequence ? sequence.Items : [value])
            {
                if (source is not YMapping mapping)
                {
                    Report(source.Start, "a merge key '<<' takes a mapping or a list of mappings, not " + source.Describe());
                    continue;
                }

                foreach (var entry in mapping.Entries)
                {
                    if (seen.TryAdd(entry.Key.Value, entry.Key))
                    {
                        merged.Add(entry);
                    }
                }
            }

            entries.InsertRange(position, merged);
        }

        return new YMapping(entries, Mark.From(start.Start), Mark.From(end.End));
    }

    private void OpenFlow(bool flow, YamlDotNet.Core.Mark start, char bracket)
    {
        if (flow)
        {
            _openFlows.Push((Mark.From(start), bracket));
        }
    }

    private void CloseFlow(bool flow)
    {
        if (flow)
        {
            _openFlows.Pop();
        }
    }

    private YNode Anchor(AnchorName anchor, YNode node)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = node;
        }

        return node;
    }

    private ParsingEvent? Peek()
    {
        if (!_started)
        {
            _started = true;
            _parser.MoveNext();
        }

        return _parser.Current;
    }

    private ParsingEvent Next()
    {
        var current = Peek() ?? throw new YamlException(_last.ToCore(), _last.ToCore(), "unexpected end of the file");
        _last = Mark.From(current.End);
        _parser.MoveNext();
        return current;
    }

    private void Expect<T>()
        where T : ParsingEvent
    {
        var ev = Next();
        if (ev is not T)
        {
            throw new YamlException(ev.Start, ev.End, $"unexpected {ev.GetType().Name}");
        }
    }

    private void Report(Mark at, string message, string? hint = null) =>
        _problems.Add(new ManifestProblem(_file, at.Line, at.Column, message, hint));
}
