using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Lifeboat.Manifest;

/// <summary>
/// An immutable name-to-value map that keeps the order of declaration (services, sources, repositories
/// are listed in the order the manifest declares them) and compares by value.
/// </summary>
public sealed class NamedMap<T> : IReadOnlyDictionary<string, T>, IEquatable<NamedMap<T>>
{
    private readonly KeyValuePair<string, T>[] _entries;
    private readonly Dictionary<string, T> _index;

    public NamedMap(IEnumerable<KeyValuePair<string, T>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = [.. entries];
        _index = new Dictionary<string, T>(_entries.Length, StringComparer.Ordinal);
        foreach (var (key, value) in _entries)
        {
            if (!_index.TryAdd(key, value))
            {
                throw new ArgumentException($"duplicate name '{key}'", nameof(entries));
            }
        }
    }

    public static NamedMap<T> Empty { get; } = new([]);

    public int Count => _entries.Length;

    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    public IEnumerable<T> Values => _entries.Select(e => e.Value);

    public T this[string key] => _index.TryGetValue(key, out var value)
        ? value
        : throw new KeyNotFoundException($"'{key}' is not declared");

    public bool ContainsKey(string key) => _index.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out T value) => _index.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, T>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, T>>)_entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(NamedMap<T>? other)
    {
        if (other is null || other._entries.Length != _entries.Length)
        {
            return false;
        }

        var comparer = EqualityComparer<T>.Default;
        for (var i = 0; i < _entries.Length; i++)
        {
            if (_entries[i].Key != other._entries[i].Key || !comparer.Equals(_entries[i].Value, other._entries[i].Value))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is NamedMap<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (key, value) in _entries)
        {
            hash.Add(key);
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => "{" + string.Join(", ", _entries.Select(e => $"{e.Key}: {e.Value}")) + "}";
}

/// <summary>Creates <see cref="NamedMap{T}"/> values.</summary>
public static class NamedMap
{
    /// <summary>A map of values that carry their own name (services, sources, repositories).</summary>
    public static NamedMap<T> Of<T>(params IEnumerable<T> items)
        where T : INamed => new(items.Select(item => KeyValuePair.Create(item.Name, item)));

    public static NamedMap<string> Of(params IEnumerable<(string Key, string Value)> items) =>
        new(items.Select(item => KeyValuePair.Create(item.Key, item.Value)));
}
