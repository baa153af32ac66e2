namespace Connector.Dataverse.Solution;

/// <summary>
/// A table as a live environment reports it (<c>EntityDefinitions</c> with its attributes and keys, plus whether the
/// bulk messages answered): the input of <see cref="EnvironmentCheck.Compare"/>.
/// </summary>
/// <param name="LogicalName">e.g. <c>account</c>.</param>
/// <param name="Columns">Logical names of its columns.</param>
/// <param name="Keys">Its alternate keys with their index status.</param>
/// <param name="ChangeTrackingEnabled">EntityMetadata <c>ChangeTrackingEnabled</c>.</param>
/// <param name="BulkSupported">Whether <c>UpsertMultiple</c> is available for the table (probed, not assumed).</param>
public sealed record LiveTable(
    string LogicalName,
    IReadOnlyList<string> Columns,
    IReadOnlyList<LiveKey> Keys,
    bool ChangeTrackingEnabled,
    bool BulkSupported);

/// <summary>An alternate key as EntityKeyMetadata reports it.</summary>
/// <param name="SchemaName">e.g. <c>arc_accountnumber_key</c>.</param>
/// <param name="Attributes">KeyAttributes (logical names).</param>
/// <param name="IndexStatus">EntityKeyIndexStatus as the Web API spells it: <c>Pending</c>, <c>InProgress</c>, <c>Active</c> or <c>Failed</c>.</param>
public sealed record LiveKey(string SchemaName, IReadOnlyList<string> Attributes, string IndexStatus);
