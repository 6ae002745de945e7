using System.Collections;

namespace Lifeboat.Repository.Snapshots;

/// <summary>
/// A list of tags that must all be present, as given to <c>--tag</c> and <c>--keep-tag</c>
/// ("a,b" is one list of two tags). Immutable.
/// </summary>
public sealed class TagList : IReadOnlyList<string>, IEquatable<TagList>
{
    private readonly string[] _tags;

    public TagList(IEnumerable<string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        _tags = [.. tags];
    }

    public int Count => _tags.Length;

    public string this[int index] => _tags[index];

    /// <summary>Splits at commas and trims white space around each tag, as restic does. "" is one empty tag.</summary>
    public static TagList Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new TagList(text.Split(',').Select(t => t.Trim()));
    }

    /// <summary>
    /// restic's rule: true when the snapshot has every tag of the list. An empty tag matches a snapshot
    /// without tags, and restic checks the tags in order and stops there: ",a" matches every untagged
    /// snapshot while "a," matches none.
    /// </summary>
    public bool IsSatisfiedBy(Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var untagged = snapshot.Tags is null || snapshot.Tags.Count == 0;
        foreach (var tag in _tags)
        {
            if (tag.Length == 0 && untagged)
            {
                return true;
            }

            if (!snapshot.HasTag(tag))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>restic's text form, "[a, b]", used in the "has tags [a, b]" keep reason.</summary>
    public override string ToString() => "[" + string.Join(", ", _tags) + "]";

    public bool Equals(TagList? other) => other is not null && _tags.AsSpan().SequenceEqual(other._tags);

    public override bool Equals(object? obj) => Equals(obj as TagList);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var tag in _tags)
        {
            hash.Add(tag, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)_tags).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
