using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lifeboat.Repository.Chunking;

/// <summary>
/// A polynomial over GF(2) of degree at most 63, bit <c>i</c> being the coefficient of <c>x^i</c>:
/// restic's chunker polynomial. In a repository's config it is written as lowercase hexadecimal
/// digits without a prefix or leading zeros (<c>"chunker_polynomial": "3da3358b4dc173"</c>), which is
/// what <see cref="ToString"/> returns, <see cref="Parse"/> reads and the JSON converter uses.
/// An immutable value type, safe to share between threads.
/// </summary>
[JsonConverter(typeof(PolynomialJsonConverter))]
public readonly struct Polynomial : IEquatable<Polynomial>
{
    /// <summary>The degree of the random polynomials restic chooses: the largest prime below 64 - 8.</summary>
    public const int RandomDegree = 53;

    // Restic gives up after this many candidates; the chance of getting there is negligible.
    private const int MaxRandomTries = 1_000_000;

    public Polynomial(ulong value) => Value = value;

    /// <summary>The coefficients, bit <c>i</c> for <c>x^i</c>.</summary>
    public ulong Value { get; }

    /// <summary>The degree, or -1 for the zero polynomial.</summary>
    public int Degree => 63 - BitOperations.LeadingZeroCount(Value);

    public bool IsZero => Value == 0;

    /// <summary>The sum (and difference) of two polynomials: the XOR of their coefficients.</summary>
    public Polynomial Add(Polynomial other) => new(Value ^ other.Value);

    /// <summary>The product.</summary>
    /// <exception cref="OverflowException">The product has a degree above 63.</exception>
    public Polynomial Multiply(Polynomial other)
    {
        if (Value == 0 || other.Value == 0)
        {
            return default;
        }

        if (Degree + other.Degree > 63)
        {
            throw new OverflowException($"{this} * {other} has a degree above 63");
        }

        ulong result = 0;
        var factor = other.Value;
        for (var shifted = Value; factor != 0; factor >>= 1, shifted <<= 1)
        {
            if ((factor & 1) != 0)
            {
                result ^= shifted;
            }
        }

        return new Polynomial(result);
    }

    /// <summary>Quotient and remainder of the division by <paramref name="divisor"/>.</summary>
    /// <exception cref="DivideByZeroException"><paramref name="divisor"/> is zero.</exception>
    public (Polynomial Quotient, Polynomial Remainder) DivMod(Polynomial divisor)
    {
        if (divisor.Value == 0)
        {
            throw new DivideByZeroException("division of a polynomial by zero");
        }

        var divisorDegree = divisor.Degree;
        ulong quotient = 0;
        var remainder = Value;
        for (var diff = DegreeOf(remainder) - divisorDegree; diff >= 0; diff = DegreeOf(remainder) - divisorDegree)
        {
            quotient |= 1UL << diff;
            remainder ^= divisor.Value << diff;
        }

        return (new Polynomial(quotient), new Polynomial(remainder));
    }

    /// <summary>The remainder of the division by <paramref name="divisor"/>.</summary>
    public Polynomial Mod(Polynomial divisor) => DivMod(divisor).Remainder;

    /// <summary>The quotient of the division by <paramref name="divisor"/>.</summary>
    public Polynomial Divide(Polynomial divisor) => DivMod(divisor).Quotient;

    /// <summary><c>this * factor mod modulus</c>, without overflow whatever the degrees (up to 63).</summary>
    public Polynomial MulMod(Polynomial factor, Polynomial modulus)
    {
        var m = modulus.Value;
        if (m == 0)
        {
            throw new DivideByZeroException("reduction of a polynomial modulo zero");
        }

        var top = 1UL << modulus.Degree;
        var a = Mod(modulus).Value;
        var f = factor.Mod(modulus).Value;
        ulong result = 0;

        // Horner's scheme over the bits of f, highest first, reducing after every doubling.
        for (var bit = DegreeOf(f); bit >= 0; bit--)
        {
            result = Times2Mod(result, m, top);
            if (((f >> bit) & 1) != 0)
            {
                result ^= a;
            }
        }

        return new Polynomial(result);
    }

    /// <summary>The greatest common divisor (monic, as every nonzero polynomial over GF(2) is).</summary>
    public Polynomial Gcd(Polynomial other)
    {
        var a = Value;
        var b = other.Value;
        while (b != 0)
        {
            (a, b) = (b, new Polynomial(a).Mod(new Polynomial(b)).Value);
        }

        return new Polynomial(a);
    }

    /// <summary>
    /// Whether the polynomial is irreducible over GF(2), by Ben-Or's test as restic's chunker does it:
    /// for every <c>i</c> from 1 to <c>degree / 2</c>, <c>gcd(f, x^(2^i) - x mod f)</c> must be 1.
    /// Constants (degree 0 or less) are not irreducible.
    /// </summary>
    public bool IsIrreducible
    {
        get
        {
            var degree = Degree;
            if (degree < 1)
            {
                return false;
            }

            var x = new Polynomial(2);
            var power = x.Mod(this); // x^(2^0)
            for (var i = 1; i <= degree / 2; i++)
            {
                power = power.MulMod(power, this); // x^(2^i) mod f
                if (Gcd(power.Add(x).Mod(this)).Value != 1)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>
    /// A new random irreducible polynomial of degree 53, chosen as restic chooses a repository's: 64
    /// bits from the system CSPRNG read little-endian, bits above 53 cleared, bits 53 and 0 set, tried
    /// until one is irreducible. Thread-safe.
    /// </summary>
    /// <exception cref="InvalidOperationException">No irreducible polynomial in a million tries (practically never).</exception>
    public static Polynomial Random()
    {
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        for (var attempt = 0; attempt < MaxRandomTries; attempt++)
        {
            RandomNumberGenerator.Fill(bytes);
            var candidate = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            candidate &= (1UL << (RandomDegree + 1)) - 1;
            candidate |= (1UL << RandomDegree) | 1;
            var polynomial = new Polynomial(candidate);
            if (polynomial.IsIrreducible)
            {
                return polynomial;
            }
        }

        throw new InvalidOperationException("no random irreducible polynomial found");
    }

    /// <summary>Parses restic's form: hexadecimal digits, case-insensitive, without a prefix.</summary>
    /// <exception cref="FormatException">Not 1 to 16 hexadecimal digits.</exception>
    public static Polynomial Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var polynomial)
            ? polynomial
            : throw new FormatException($"'{text}' is not a chunker polynomial (hexadecimal digits)");
    }

    public static bool TryParse(ReadOnlySpan<char> text, out Polynomial polynomial)
    {
        if (text.Length is > 0 and <= 16
            && ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            polynomial = new Polynomial(value);
            return true;
        }

        polynomial = default;
        return false;
    }

    /// <summary>Lowercase hexadecimal without a prefix or leading zeros, as restic's config stores it.</summary>
    public override string ToString() => Value.ToString("x", CultureInfo.InvariantCulture);

    public bool Equals(Polynomial other) => Value == other.Value;

    public override bool Equals(object? obj) => obj is Polynomial other && Equals(other);

    public override int GetHashCode() => Value.GetHashCode();

    public static bool operator ==(Polynomial left, Polynomial right) => left.Equals(right);

    public static bool operator !=(Polynomial left, Polynomial right) => !left.Equals(right);

    private static int DegreeOf(ulong value) => 63 - BitOperations.LeadingZeroCount(value);

    // value * x mod m, for value of lower degree than m (top = x^deg(m)).
    private static ulong Times2Mod(ulong value, ulong m, ulong top)
    {
        var overflow = (value & (top >> 1)) != 0;
        value <<= 1;
        return overflow ? value ^ m : value;
    }

    internal sealed class PolynomialJsonConverter : JsonConverter<Polynomial>
    {
        public override Polynomial Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            return text is not null && TryParse(text, out var polynomial)
                ? polynomial
                : throw new JsonException($"invalid chunker polynomial '{text}'");
        }

        public override void Write(Utf8JsonWriter writer, Polynomial value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }
}
