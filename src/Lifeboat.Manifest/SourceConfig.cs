namespace Lifeboat.Manifest;

/// <summary>
/// One piece of a service's data (<c>sources:</c>), backed up to <c>&lt;service&gt;/&lt;source&gt;</c> in
/// the service's snapshot. Each kind is its own record with the options its data source needs.
/// </summary>
public abstract record SourceConfig : INamed
{
    public required string Name { get; init; }

    public abstract SourceKind Kind { get; }
}
