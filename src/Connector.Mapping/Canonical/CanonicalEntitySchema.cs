namespace Connector.Mapping.Canonical;

/// <summary>
/// The fields of one canonical entity, in canonical CSV column order, and which of them make its key.
/// </summary>
public sealed class CanonicalEntitySchema
{
    private readonly Dictionary<string, int> indexes;

    public CanonicalEntitySchema(CanonicalEntity entity, string name, IReadOnlyList<CanonicalField> fields, IReadOnlyList<string> keyFields)
    {
        Entity = entity;
        Name = name;
        Fields = fields;
        indexes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            indexes.Add(fields[i].Name, i);
        }

        KeyIndexes = [.. keyFields.Select(f => indexes[f])];
    }

    public CanonicalEntity Entity { get; }

    /// <summary>The name used in mapping files, commands and the store (<c>invoices</c>).</summary>
    public string Name { get; }

    public IReadOnlyList<CanonicalField> Fields { get; }

    /// <summary>Indexes into <see cref="Fields"/> of the key fields, in key order.</summary>
    public IReadOnlyList<int> KeyIndexes { get; }

    /// <summary>The canonical CSV file name (<c>invoices.csv</c>).</summary>
    public string FileName => Name + ".csv";

    /// <summary>The index of a field by its canonical name, or -1.</summary>
    public int IndexOf(string field) => indexes.TryGetValue(field, out var index) ? index : -1;

    /// <summary>The key of a row of canonical values: the id, or the key fields joined by <c>|</c>.</summary>
    public string KeyOf(string?[] values)
    {
        if (KeyIndexes.Count == 1)
        {
            return values[KeyIndexes[0]] ?? string.Empty;
        }

        return string.Join('|', KeyIndexes.Select(i => values[i] ?? string.Empty));
    }
}
