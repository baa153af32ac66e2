namespace Connector.Emulators.Dataverse.Metadata;

/// <summary>
/// A table (EntityMetadata) as the emulator knows it. Standard tables exist from the start
/// (<see cref="StandardTables"/>); custom tables, extra columns, keys and change tracking arrive by importing a
/// solution, as in a real environment.
/// </summary>
/// <param name="LogicalName">e.g. <c>account</c>, <c>arc_openitem</c>.</param>
/// <param name="EntitySetName">e.g. <c>accounts</c>, <c>arc_openitems</c>.</param>
/// <param name="PrimaryIdAttribute">e.g. <c>accountid</c>.</param>
/// <param name="PrimaryNameAttribute">e.g. <c>name</c>.</param>
/// <param name="Columns">Every attribute, the primary id included.</param>
/// <param name="Keys">Alternate keys.</param>
/// <param name="ChangeTrackingEnabled">Whether <c>Prefer: odata.track-changes</c> is honoured.</param>
/// <param name="IsCustomEntity">Custom tables support the bulk messages; standard ones only when listed in the options.</param>
public sealed record TableDefinition(
    string LogicalName,
    string EntitySetName,
    string PrimaryIdAttribute,
    string PrimaryNameAttribute,
    IReadOnlyList<ColumnDefinition> Columns,
    IReadOnlyList<KeyDefinition> Keys,
    bool ChangeTrackingEnabled = false,
    bool IsCustomEntity = false);
