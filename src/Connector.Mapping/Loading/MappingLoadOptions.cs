namespace Connector.Mapping.Loading;

/// <summary>What a mapping is checked against beyond the canonical schema.</summary>
public sealed record MappingLoadOptions
{
    /// <summary>
    /// The Dataverse columns the solution package defines, as <c>table.column</c> (<c>arc_openitem.arc_openamount</c>).
    /// <c>null</c> skips the check (the package does not define columns yet).
    /// </summary>
    public IReadOnlySet<string>? DataverseColumns { get; init; }
}
