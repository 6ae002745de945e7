namespace Lifeboat.Repository.Trees;

/// <summary>An extended attribute of a file (xattr): its name and raw value.</summary>
public sealed record ExtendedAttribute(string Name, byte[] Value);
