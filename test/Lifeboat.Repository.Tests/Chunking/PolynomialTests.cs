using System.Text.Json;
using Lifeboat.Repository.Chunking;

namespace Lifeboat.Repository.Tests.Chunking;

public sealed class PolynomialTests
{
    // The polynomial restic's chunker tests use.
    private static readonly Polynomial ResticTestPolynomial = new(0x3DA3358B4DC173);

    [Fact]
    public void Restics_test_polynomial_is_irreducible_of_degree_53()
    {
        Assert.Equal(53, ResticTestPolynomial.Degree);
        Assert.True(ResticTestPolynomial.IsIrreducible);
    }

    [Theory]
    [InlineData(0x3DA3358B4DC173UL ^ 1)] // divisible by x
    [InlineData(0x5UL)] // x^2 + 1 = (x + 1)^2
    [InlineData(0xFUL)] // x^3 + x^2 + x + 1 = (x + 1)^3
    [InlineData(0x11UL)] // x^4 + 1 = (x + 1)^4
    [InlineData(0x15UL)] // x^4 + x^2 + 1 = (x^2 + x + 1)^2
    [InlineData(0x1UL)]
    [InlineData(0x0UL)]
    public void Reducible_polynomials_are_not_irreducible(ulong value)
    {
        Assert.False(new Polynomial(value).IsIrreducible);
    }

    [Theory]
    [InlineData(0x2UL)] // x
    [InlineData(0x3UL)] // x + 1
    [InlineData(0x7UL)] // x^2 + x + 1
    [InlineData(0xBUL)] // x^3 + x + 1
    [InlineData(0x13UL)] // x^4 + x + 1
    [InlineData(0x11BUL)] // the AES polynomial
    [InlineData(0x3DA3358B4DC173UL)]
    public void Known_irreducible_polynomials_are_irreducible(ulong value)
    {
        Assert.True(new Polynomial(value).IsIrreducible);
    }

    [Fact]
    public void Product_of_two_irreducible_polynomials_is_reducible()
    {
        var product = new Polynomial(0x11B).Multiply(new Polynomial(0x13)); // degree 12
        Assert.False(product.IsIrreducible);

        // A product with a degree-53 factor, from restic's own irreducible polynomial.
        var big = ResticTestPolynomial.Multiply(new Polynomial(0x7));
        Assert.Equal(55, big.Degree);
        Assert.False(big.IsIrreducible);
    }

    [Fact]
    public void Random_yields_irreducible_polynomials_of_degree_53_as_restic_constrains_them()
    {
        var seen = new HashSet<Polynomial>();
        for (var i = 0; i < 20; i++)
        {
            var polynomial = Polynomial.Random();
            Assert.Equal(53, polynomial.Degree);
            Assert.Equal(1UL, polynomial.Value & 1);
            Assert.True(polynomial.IsIrreducible);
            seen.Add(polynomial);
        }

        Assert.True(seen.Count > 15);
    }

    [Fact]
    public void Arithmetic_follows_GF2()
    {
        var a = new Polynomial(0b1011); // x^3 + x + 1
        var b = new Polynomial(0b110); // x^2 + x
        Assert.Equal(new Polynomial(0b1101), a.Add(b));
        Assert.Equal(new Polynomial(0b111010), a.Multiply(b)); // x^5 + x^4 + x^3 + x
        Assert.Equal(-1, default(Polynomial).Degree);
        Assert.Equal(0, new Polynomial(1).Degree);
        Assert.Equal(63, new Polynomial(ulong.MaxValue).Degree);

        var (q, r) = new Polynomial(0b111011).DivMod(a);
        Assert.Equal(b, q);
        Assert.Equal(new Polynomial(1), r);
        Assert.Equal(new Polynomial(1), new Polynomial(0b111011).Mod(a));
        Assert.Equal(b, new Polynomial(0b111011).Divide(a));
        Assert.Equal(a, a.Multiply(b).Gcd(a.Multiply(new Polynomial(0b111))));

        Assert.Throws<OverflowException>(() => new Polynomial(1UL << 40).Multiply(new Polynomial(1UL << 30)));
        Assert.Throws<DivideByZeroException>(() => a.Mod(default));
    }

    [Fact]
    public void MulMod_equals_multiply_then_mod()
    {
        var random = new Random(7);
        for (var i = 0; i < 1000; i++)
        {
            var x = new Polynomial((ulong)random.NextInt64() & 0xFFFFFFFF);
            var f = new Polynomial((ulong)random.NextInt64() & 0x7FFFFFFF);
            Assert.Equal(x.Multiply(f).Mod(ResticTestPolynomial), x.MulMod(f, ResticTestPolynomial));
        }

        // Degrees whose product overflows 64 bits still work.
        var big = new Polynomial(0x3FFFFFFFFFFFFF);
        var expected = big.Mod(ResticTestPolynomial);
        Assert.Equal(expected.MulMod(expected, ResticTestPolynomial), big.MulMod(big, ResticTestPolynomial));
    }

    [Fact]
    public void Formats_and_parses_as_restics_config_stores_it()
    {
        Assert.Equal("3da3358b4dc173", ResticTestPolynomial.ToString());
        Assert.Equal(ResticTestPolynomial, Polynomial.Parse("3da3358b4dc173"));
        Assert.Equal(ResticTestPolynomial, Polynomial.Parse("3DA3358B4DC173"));
        Assert.Equal("{\"p\":\"3da3358b4dc173\"}", JsonSerializer.Serialize(new { p = ResticTestPolynomial }));
        Assert.Equal(ResticTestPolynomial, JsonSerializer.Deserialize<Polynomial>("\"3da3358b4dc173\""));

        Assert.False(Polynomial.TryParse("0x3da3358b4dc173", out _));
        Assert.False(Polynomial.TryParse("", out _));
        Assert.False(Polynomial.TryParse("12345678901234567", out _));
        Assert.Throws<FormatException>(() => Polynomial.Parse("xyz"));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Polynomial>("12"));
    }
}
