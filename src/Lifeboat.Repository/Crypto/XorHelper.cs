using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Lifeboat.Repository.Crypto;

internal static class XorHelper
{
    /// <summary>destination[i] = left[i] ^ right[i] for i below destination.Length. Exact aliasing of destination with left or right is fine.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Xor(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        var length = (nuint)destination.Length;
        if ((nuint)left.Length < length || (nuint)right.Length < length)
        {
            throw new ArgumentException("the inputs are shorter than the destination");
        }

        ref var l = ref MemoryMarshal.GetReference(left);
        ref var r = ref MemoryMarshal.GetReference(right);
        ref var d = ref MemoryMarshal.GetReference(destination);
        nuint i = 0;

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 128 <= length; i += 128)
            {
                var a0 = Vector256.LoadUnsafe(ref l, i) ^ Vector256.LoadUnsafe(ref r, i);
                var a1 = Vector256.LoadUnsafe(ref l, i + 32) ^ Vector256.LoadUnsafe(ref r, i + 32);
                var a2 = Vector256.LoadUnsafe(ref l, i + 64) ^ Vector256.LoadUnsafe(ref r, i + 64);
                var a3 = Vector256.LoadUnsafe(ref l, i + 96) ^ Vector256.LoadUnsafe(ref r, i + 96);
                a0.StoreUnsafe(ref d, i);
                a1.StoreUnsafe(ref d, i + 32);
                a2.StoreUnsafe(ref d, i + 64);
                a3.StoreUnsafe(ref d, i + 96);
            }

            for (; i + 32 <= length; i += 32)
            {
                (Vector256.LoadUnsafe(ref l, i) ^ Vector256.LoadUnsafe(ref r, i)).StoreUnsafe(ref d, i);
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + 16 <= length; i += 16)
            {
                (Vector128.LoadUnsafe(ref l, i) ^ Vector128.LoadUnsafe(ref r, i)).StoreUnsafe(ref d, i);
            }
        }

        for (; i + 8 <= length; i += 8)
        {
            var value = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref l, i)) ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref r, i));
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, i), value);
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref d, i) = (byte)(Unsafe.Add(ref l, i) ^ Unsafe.Add(ref r, i));
        }
    }
}
