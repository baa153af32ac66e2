namespace Connector.Emulators.Dataverse.Records;

/// <summary>
/// One row as the environment holds it: an immutable snapshot (an update stores a new one), so a rolled-back change
/// set only has to put the old snapshot back.
/// </summary>
/// <param name="Id">Primary id.</param>
/// <param name="Values">Column values by logical name (string, decimal, int, bool, DateTimeOffset, Guid, RecordReference).</param>
/// <param name="Version">The row version (<c>versionnumber</c>); drives the etag and change tracking.</param>
/// <param name="CreatedOn">When it was created, to the second.</param>
/// <param name="ModifiedOn">When it last changed, to the second.</param>
internal sealed record StoredRecord(Guid Id, IReadOnlyDictionary<string, object?> Values, long Version, DateTimeOffset CreatedOn, DateTimeOffset ModifiedOn)
{
    /// <summary>The value of any column, the system columns included; null when unset.</summary>
    public object? Get(TableState table, string column)
    {
        if (string.Equals(column, table.Definition.PrimaryIdAttribute, StringComparison.Ordinal))
        {
            return Id;
        }

        return column switch
        {
            SystemColumns.CreatedOn => CreatedOn,
            SystemColumns.ModifiedOn => ModifiedOn,
            SystemColumns.VersionNumber => Version,
            _ => Values.TryGetValue(column, out var value) ? value : null,
        };
    }

    /// <summary>The weak etag Dataverse derives from the row version.</summary>
    public string ETag => $"W/\"{Version.ToString(System.Globalization.CultureInfo.InvariantCulture)}\"";
}
