namespace Lifeboat.Manifest;

/// <summary>A manifest element declared under a name (a service, a source, a repository).</summary>
public interface INamed
{
    string Name { get; }
}
