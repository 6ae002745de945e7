namespace Lifeboat.Repository;

/// <summary>The two kinds of blobs a pack holds: file content and directory listings.</summary>
public enum BlobType : byte
{
    Data = 0,
    Tree = 1,
}
