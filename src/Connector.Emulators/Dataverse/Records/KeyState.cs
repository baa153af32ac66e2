using Connector.Emulators.Dataverse.Metadata;

namespace Connector.Emulators.Dataverse.Records;

/// <summary>
/// An alternate key with its index: unique canonical key values → record id. Its index status is evaluated lazily
/// against the clock: Pending until <see cref="ActiveAt"/>, then Active (Failed when existing rows broke uniqueness).
/// </summary>
internal sealed class KeyState(KeyDefinition definition, DateTimeOffset activeAt)
{
    public KeyDefinition Definition { get; } = definition;

    public DateTimeOffset ActiveAt { get; } = activeAt;

    public bool Failed { get; set; }

    public Dictionary<string, Guid> Index { get; } = new(StringComparer.Ordinal);

    public KeyIndexStatus StatusAt(DateTimeOffset now) =>
        Failed ? KeyIndexStatus.Failed : now >= ActiveAt ? KeyIndexStatus.Active : KeyIndexStatus.Pending;

    /// <summary>The index entry of a row, or null when one of the key's columns is empty (such rows are not indexed).</summary>
    public string? EntryOf(TableState table, StoredRecord record)
    {
        var parts = new string[Definition.KeyAttributes.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            var value = record.Get(table, Definition.KeyAttributes[i]);
            if (value is null)
            {
                return null;
            }

            parts[i] = ColumnValues.Canonical(value);
        }

        return string.Join('\u001f', parts);
    }

    /// <summary>The index entry of key values given in the order of <see cref="KeyDefinition.KeyAttributes"/>.</summary>
    public static string EntryOf(IReadOnlyList<object> values) =>
        string.Join('\u001f', values.Select(ColumnValues.Canonical));
}
