using Connector.Emulators.Dataverse.Metadata;

namespace Connector.Emulators.Dataverse.Records;

/// <summary>
/// Columns every Dataverse table has whatever its definition lists: set by the platform, readable and filterable,
/// silently ignored when a client writes them (as Dataverse ignores read-only attributes).
/// </summary>
internal static class SystemColumns
{
    public const string CreatedOn = "createdon";
    public const string ModifiedOn = "modifiedon";
    public const string VersionNumber = "versionnumber";
    public const string ModifiedBy = "modifiedby";
    public const string OwnerId = "ownerid";

    /// <summary>The platform columns added to a table's own; versionnumber is typed as BigInt in metadata.</summary>
    public static IReadOnlyList<ColumnDefinition> Implicit { get; } =
    [
        new(CreatedOn, ColumnType.DateTime),
        new(ModifiedOn, ColumnType.DateTime),
    ];

    public static bool IsReadOnly(string column) =>
        column is CreatedOn or ModifiedOn or VersionNumber;
}
