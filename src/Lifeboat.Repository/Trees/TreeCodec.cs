using System.Globalization;
using System.Text;
using System.Text.Json;
using Lifeboat.Repository.GoFormats;

namespace Lifeboat.Repository.Trees;

/// <summary>
/// Reads and writes tree blobs in restic's JSON form. Writing reproduces Go's encoding byte for byte
/// (field order, omitted empty fields, escaping, quoted names, trailing newline), so a tree we write
/// for the same metadata has the same id as restic's and deduplicates with it.
/// </summary>
public static class TreeCodec
{
    /// <summary>Parses a tree blob's plaintext.</summary>
    /// <exception cref="FormatException">The bytes are not a valid tree.</exception>
    public static Tree Decode(ReadOnlySpan<byte> json)
    {
        var tree = new Tree();
        var reader = new Utf8JsonReader(json);
        try
        {
            Expect(ref reader, JsonTokenType.StartObject);
            while (Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("nodes"u8))
                {
                    Read(ref reader);
                    if (reader.TokenType == JsonTokenType.Null)
                    {
                        continue;
                    }

                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        throw new FormatException("tree: 'nodes' is not an array");
                    }

                    while (Read(ref reader) && reader.TokenType == JsonTokenType.StartObject)
                    {
                        tree.Nodes.Add(ReadNode(ref reader));
                    }
                }
                else
                {
                    Read(ref reader);
                    reader.Skip();
                }
            }
        }
        catch (JsonException ex)
        {
            throw new FormatException($"tree: invalid JSON ({ex.Message})", ex);
        }

        return tree;
    }

    /// <summary>Encodes a tree exactly as restic 0.14 does (nodes must already be sorted).</summary>
    public static byte[] Encode(Tree tree)
    {
        var builder = new StringBuilder(256 * (tree.Nodes.Count + 1));
        builder.Append("{\"nodes\":[");
        for (var i = 0; i < tree.Nodes.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            WriteNode(builder, tree.Nodes[i]);
        }

        builder.Append("]}\n");
        return System.Text.Encoding.UTF8.GetBytes(builder.ToString());
    }

    private static void WriteNode(StringBuilder b, Node node)
    {
        b.Append("{\"name\":");
        GoStrings.AppendJsonString(b, GoStrings.Quote(node.Name));
        b.Append(",\"type\":");
        GoStrings.AppendJsonString(b, node.Type);
        if (node.Mode != 0)
        {
            b.Append(",\"mode\":").Append(node.Mode.ToString(CultureInfo.InvariantCulture));
        }

        b.Append(",\"mtime\":\"").Append(node.ModTime.ToString()).Append('"');
        b.Append(",\"atime\":\"").Append(node.AccessTime.ToString()).Append('"');
        b.Append(",\"ctime\":\"").Append(node.ChangeTime.ToString()).Append('"');
        b.Append(",\"uid\":").Append(node.Uid.ToString(CultureInfo.InvariantCulture));
        b.Append(",\"gid\":").Append(node.Gid.ToString(CultureInfo.InvariantCulture));
        AppendString(b, "user", node.User);
        AppendString(b, "group", node.Group);
        AppendNumber(b, "inode", node.Inode);
        AppendNumber(b, "device_id", node.DeviceId);
        AppendNumber(b, "size", node.Size);
        AppendNumber(b, "links", node.Links);
        AppendString(b, "linktarget", node.LinkTarget);
        if (node.ExtendedAttributes is { Count: > 0 } attributes)
        {
            b.Append(",\"extended_attributes\":[");
            for (var i = 0; i < attributes.Count; i++)
            {
                b.Append(i > 0 ? ",{\"name\":" : "{\"name\":");
                GoStrings.AppendJsonString(b, attributes[i].Name);
                b.Append(",\"value\":\"").Append(Convert.ToBase64String(attributes[i].Value)).Append("\"}");
            }

            b.Append(']');
        }

        AppendNumber(b, "device", node.Device);
        b.Append(",\"content\":");
        if (node.Content is null)
        {
            b.Append("null");
        }
        else
        {
            b.Append('[');
            for (var i = 0; i < node.Content.Count; i++)
            {
                b.Append(i > 0 ? ",\"" : "\"").Append(node.Content[i].ToString()).Append('"');
            }

            b.Append(']');
        }

        if (node.Subtree is { } subtree)
        {
            b.Append(",\"subtree\":\"").Append(subtree.ToString()).Append('"');
        }

        AppendString(b, "error", node.Error);
        b.Append('}');
    }

    private static void AppendString(StringBuilder b, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            b.Append(",\"").Append(name).Append("\":");
            GoStrings.AppendJsonString(b, value);
        }
    }

    private static void AppendNumber(StringBuilder b, string name, ulong value)
    {
        if (value != 0)
        {
            b.Append(",\"").Append(name).Append("\":").Append(value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static Node ReadNode(ref Utf8JsonReader reader)
    {
        var node = new Node { Name = string.Empty, Type = string.Empty };
        string? linkTargetRaw = null;
        while (Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = reader.GetString();
            Read(ref reader);
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            switch (property)
            {
                case "name": node.Name = GoStrings.Unquote(reader.GetString()!); break;
                case "type": node.Type = reader.GetString()!; break;
                case "mode": node.Mode = reader.GetUInt32(); break;
                case "mtime": node.ModTime = ResticTime.Parse(reader.GetString()!); break;
                case "atime": node.AccessTime = ResticTime.Parse(reader.GetString()!); break;
                case "ctime": node.ChangeTime = ResticTime.Parse(reader.GetString()!); break;
                case "uid": node.Uid = reader.GetUInt32(); break;
                case "gid": node.Gid = reader.GetUInt32(); break;
                case "user": node.User = reader.GetString(); break;
                case "group": node.Group = reader.GetString(); break;
                case "inode": node.Inode = reader.GetUInt64(); break;
                case "device_id": node.DeviceId = reader.GetUInt64(); break;
                case "size": node.Size = reader.GetUInt64(); break;
                case "links": node.Links = reader.GetUInt64(); break;
                case "linktarget": node.LinkTarget = reader.GetString(); break;
                case "linktarget_raw":
                    linkTargetRaw = System.Text.Encoding.UTF8.GetString(reader.GetBytesFromBase64());
                    break;
                case "device": node.Device = reader.GetUInt64(); break;
                case "subtree": node.Subtree = Id.Parse(reader.GetString()!); break;
                case "error": node.Error = reader.GetString(); break;
                case "content":
                    node.Content = [];
                    while (Read(ref reader) && reader.TokenType == JsonTokenType.String)
                    {
                        node.Content.Add(Id.Parse(reader.GetString()!));
                    }

                    break;
                case "extended_attributes":
                    node.ExtendedAttributes = [];
                    while (Read(ref reader) && reader.TokenType == JsonTokenType.StartObject)
                    {
                        string? name = null;
                        byte[] value = [];
                        while (Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            var key = reader.GetString();
                            Read(ref reader);
                            if (key == "name")
                            {
                                name = reader.GetString();
                            }
                            else if (key == "value" && reader.TokenType == JsonTokenType.String)
                            {
                                value = reader.GetBytesFromBase64();
                            }
                            else
                            {
                                reader.Skip();
                            }
                        }

                        node.ExtendedAttributes.Add(new ExtendedAttribute(name ?? string.Empty, value));
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (linkTargetRaw is not null)
        {
            node.LinkTarget = linkTargetRaw;
        }

        if (node.Name.Length == 0 || node.Type.Length == 0)
        {
            throw new FormatException("tree: a node without name or type");
        }

        return node;
    }

    private static bool Read(ref Utf8JsonReader reader) =>
        reader.Read() ? true : throw new FormatException("tree: unexpected end of JSON");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            throw new FormatException($"tree: expected {type}");
        }
    }
}
