using Connector.Emulators.Dataverse.Metadata;

namespace Connector.Emulators.Dataverse.Records;

/// <summary>A lookup's navigation property: the column it sets and, for a polymorphic (customer) lookup, the one target it names.</summary>
internal sealed record NavigationProperty(string Name, ColumnDefinition Column, string? Target);

/// <summary>One change to a table as change tracking reports it: the row's current version, or a deletion.</summary>
internal sealed record ChangeEntry(long Version, Guid Id, bool Deleted);

/// <summary>
/// A table's definition and rows with the indexes the Web API needs: by id (ordered, for paging), by alternate key, and
/// by version (for change tracking deltas).
/// </summary>
internal sealed class TableState
{
    private TableDefinition definition = null!;

    public TableState(TableDefinition definition) => Definition = definition;

    public TableDefinition Definition
    {
        get => definition;
        set
        {
            definition = value;
            Columns = new Dictionary<string, ColumnDefinition>(StringComparer.Ordinal);
            foreach (var column in SystemColumns.Implicit.Concat(value.Columns))
            {
                Columns[column.LogicalName] = column;
            }

            Navigation = new Dictionary<string, NavigationProperty>(StringComparer.Ordinal);
            foreach (var column in value.Columns)
            {
                if (column.Type is ColumnType.Lookup or ColumnType.Owner)
                {
                    Navigation[column.SchemaNameOrLogical] = new(column.SchemaNameOrLogical, column, null);
                }
                else if (column.Type is ColumnType.Customer)
                {
                    // A polymorphic lookup is bound through one navigation property per target: customerid_account.
                    foreach (var target in column.Targets ?? [])
                    {
                        var name = $"{column.SchemaNameOrLogical}_{target}";
                        Navigation[name] = new(name, column, target);
                    }
                }
            }
        }
    }

    public string LogicalName => Definition.LogicalName;

    public string EntityTypeName => $"Microsoft.Dynamics.CRM.{Definition.LogicalName}";

    /// <summary>Every column by logical name, the platform's createdon/modifiedon included.</summary>
    public Dictionary<string, ColumnDefinition> Columns { get; private set; } = null!;

    /// <summary>Lookup navigation properties (case-sensitive, as <c>@odata.bind</c> needs them).</summary>
    public Dictionary<string, NavigationProperty> Navigation { get; private set; } = null!;

    public Dictionary<Guid, StoredRecord> Records { get; } = [];

    /// <summary>Ids in order: the default sort Dataverse pages by.</summary>
    public SortedSet<Guid> Order { get; } = [];

    public List<KeyState> Keys { get; } = [];

    /// <summary>Versions in order, each to its row or deletion.</summary>
    public SortedSet<long> ChangeOrder { get; } = [];

    public Dictionary<long, ChangeEntry> Changes { get; } = [];

    /// <summary>The lookup column a <c>_x_value</c> property stands for, or null.</summary>
    public ColumnDefinition? LookupOfValueProperty(string property)
    {
        if (property.Length > 8 && property.StartsWith('_') && property.EndsWith("_value", StringComparison.Ordinal)
            && Columns.TryGetValue(property[1..^6], out var column) && IsLookup(column))
        {
            return column;
        }

        return null;
    }

    public static bool IsLookup(ColumnDefinition column) => column.Type is ColumnType.Lookup or ColumnType.Customer or ColumnType.Owner;

    public static string ValuePropertyOf(ColumnDefinition column) => $"_{column.LogicalName}_value";
}
