using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lifeboat.Repository;

/// <summary>
/// A 32-byte SHA-256 identifier of a blob or a repository file, written as 64 lowercase hex digits.
/// A value type: cheap to copy, compare and hash; usable as a dictionary key.
/// </summary>
[JsonConverter(typeof(IdJsonConverter))]
public readonly struct Id : IEquatable<Id>, IComparable<Id>
{
    public const int Size = 32;

    private readonly ulong _a;
    private readonly ulong _b;
    private readonly ulong _c;
    private readonly ulong _d;

    public Id(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"an id has {Size} bytes, not {bytes.Length}", nameof(bytes));
        }

        _a = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _b = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _c = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        _d = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
    }

    public bool IsZero => (_a | _b | _c | _d) == 0;

    /// <summary>The SHA-256 of <paramref name="data"/>.</summary>
    public static Id Hash(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[Size];
        SHA256.HashData(data, hash);
        return new Id(hash);
    }

    public static Id Parse(string hex)
    {
        return TryParse(hex, out var id)
            ? id
            : throw new FormatException($"'{hex}' is not a 64-digit hexadecimal id");
    }

    public static bool TryParse(ReadOnlySpan<char> hex, out Id id)
    {
        id = default;
        if (hex.Length != Size * 2)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[Size];
        if (Convert.FromHexString(hex, bytes, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != Size)
        {
            return false;
        }

        id = new Id(bytes);
        return true;
    }

    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _d);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        CopyTo(bytes);
        return bytes;
    }

    /// <summary>The first 8 hex digits, as restic shows ids.</summary>
    public string ToShortString() => _a.ToString("x16")[..8];

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        CopyTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    public bool Equals(Id other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    public override bool Equals(object? obj) => obj is Id other && Equals(other);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override int GetHashCode() => unchecked((int)(_a ^ (_a >> 32)));

    public int CompareTo(Id other)
    {
        var c = _a.CompareTo(other._a);
        if (c != 0)
        {
            return c;
        }

        c = _b.CompareTo(other._b);
        return c != 0 ? c : (c = _c.CompareTo(other._c)) != 0 ? c : _d.CompareTo(other._d);
    }

    public static bool operator ==(Id left, Id right) => left.Equals(right);

    public static bool operator !=(Id left, Id right) => !left.Equals(right);

    public static bool operator <(Id left, Id right) => left.CompareTo(right) < 0;

    public static bool operator >(Id left, Id right) => left.CompareTo(right) > 0;

    public static bool operator <=(Id left, Id right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Id left, Id right) => left.CompareTo(right) >= 0;

    internal sealed class IdJsonConverter : JsonConverter<Id>
    {
        public override Id Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString();
            return text is not null && TryParse(text, out var id)
                ? id
                : throw new JsonException($"invalid id '{text}'");
        }

        public override void Write(Utf8JsonWriter writer, Id value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }
}
