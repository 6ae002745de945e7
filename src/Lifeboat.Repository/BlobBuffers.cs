using System.Buffers;

namespace Lifeboat.Repository;

/// <summary>
/// The pool for buffers of blob size (chunks, their compressed and encrypted forms, pack ranges being
/// restored). Unlike <see cref="ArrayPool{T}.Shared"/>, it keeps no array in a per-thread slot: with
/// a dozen pool threads taking turns, per-thread slots held several unused megabyte arrays each, and
/// the pool kept allocating new ones. Here every returned buffer is available to the next caller, so
/// what the pool holds is what was in flight at the busiest moment.
/// </summary>
internal static class BlobBuffers
{
    /// <summary>Large enough for a pack range read during restore (several blobs of one pack).</summary>
    private const int MaxLength = 64 * 1024 * 1024;

    private static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(MaxLength, maxArraysPerBucket: 32);

    public static byte[] Rent(int minimumLength) => Pool.Rent(minimumLength);

    public static void Return(byte[] buffer) => Pool.Return(buffer);
}
