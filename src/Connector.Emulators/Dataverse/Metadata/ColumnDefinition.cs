namespace Connector.Emulators.Dataverse.Metadata;

/// <summary>
/// One attribute of a table as its metadata describes it. Values are validated against it on write:
/// a string longer than <see cref="MaxLength"/> fails with 0x80044331, an unknown choice value with 0x8004431A.
/// </summary>
/// <param name="LogicalName">Lower case, e.g. <c>arc_arbalance</c>.</param>
/// <param name="Type">What JSON the column accepts.</param>
/// <param name="MaxLength">String and memo columns only.</param>
/// <param name="Options">Choice values allowed (Picklist only).</param>
/// <param name="Targets">Tables a lookup may point at (Lookup, Customer, Owner).</param>
/// <param name="SchemaName">Case-sensitive name; for a lookup it is also the navigation property used with <c>@odata.bind</c>.</param>
/// <param name="IsSecured">Field-level security is on (a field security profile governs who may write it).</param>
public sealed record ColumnDefinition(
    string LogicalName,
    ColumnType Type,
    int? MaxLength = null,
    IReadOnlyList<int>? Options = null,
    IReadOnlyList<string>? Targets = null,
    string? SchemaName = null,
    bool IsSecured = false)
{
    public string SchemaNameOrLogical => SchemaName ?? LogicalName;
}
