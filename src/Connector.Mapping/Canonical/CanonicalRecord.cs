namespace Connector.Mapping.Canonical;

/// <summary>
/// A mapped row in canonical text form: one value per field of <see cref="CanonicalEntitySchema.Fields"/>,
/// in that order; <c>null</c> for an empty optional field. The same text is hashed for change detection,
/// stored in the ledger and turned into Domain records, so equal business data always compares equal.
/// </summary>
public sealed class CanonicalRecord
{
    public CanonicalRecord(CanonicalEntity entity, string key, string?[] values)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(values);
        Entity = entity;
        Key = key;
        Values = values;
    }

    public CanonicalEntity Entity { get; }

    /// <summary>The record's key: the id, or the key fields joined by <c>|</c> for entities without one.</summary>
    public string Key { get; }

    public string?[] Values { get; }

    public string? this[int field] => Values[field];
}
