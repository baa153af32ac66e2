using Connector.Emulators.Dataverse.Metadata;
using Connector.Emulators.Dataverse.Query;
using Connector.Emulators.Dataverse.Records;

namespace Connector.Emulators.Dataverse.WebApi;

/// <summary>
/// A record addressed by id or by alternate key, checked against the table's metadata: the named columns must be one
/// defined key (else 400 EntityKeyNotDefined) whose index is Active, and each value must be a literal of its column's
/// type. <see cref="KeyValues"/> are what an upsert that creates writes.
/// </summary>
internal sealed class RecordAddress
{
    private RecordAddress(TableState table, Guid? id, KeyState? key, string? entry, IReadOnlyDictionary<string, object> keyValues)
    {
        Table = table;
        Id = id;
        Key = key;
        Entry = entry;
        KeyValues = keyValues;
    }

    public TableState Table { get; }

    public Guid? Id { get; }

    public KeyState? Key { get; }

    public IReadOnlyDictionary<string, object> KeyValues { get; }

    private string? Entry { get; }

    public bool ByKey => Key is not null;

    /// <summary>Which record this names, comparable between addresses of one table: the id, or the key and its values.</summary>
    public string Identity => Id is { } id ? id.ToString("D") : $"{Key!.Definition.SchemaName}:{Entry}";

    public StoredRecord? Find() =>
        Id is { } id ? Table.Records.GetValueOrDefault(id) : DataverseEnvironment.FindByKey(Table, Key!, Entry!);

    /// <summary>The 404 a missing record gets: ObjectDoesNotExist by id, the key variant by alternate key.</summary>
    public DataverseFaultException NotFound() => Id is { } id
        ? new(404, ErrorCodes.ObjectDoesNotExist, $"{Table.LogicalName} With Id = {id} Does Not Exist")
        : new(404, ErrorCodes.KeyedRecordDoesNotExist, $"A record with the specified key values does not exist in {Table.LogicalName} entity");

    public static RecordAddress Resolve(DataverseEnvironment environment, TableState table, KeySegment segment)
    {
        if (segment.Id is { } id)
        {
            return new RecordAddress(table, id, null, null, new Dictionary<string, object>());
        }

        if (segment.Pairs.Count == 1
            && string.Equals(segment.Pairs[0].Key, table.Definition.PrimaryIdAttribute, StringComparison.Ordinal)
            && segment.Pairs[0].Value is { Kind: LiteralKind.Guid, Value: Guid primary })
        {
            return new RecordAddress(table, primary, null, null, new Dictionary<string, object>());
        }

        var byColumn = new Dictionary<string, ODataLiteral>(StringComparer.Ordinal);
        foreach (var (name, literal) in segment.Pairs)
        {
            var column = table.LookupOfValueProperty(name)?.LogicalName ?? name;
            byColumn[column] = literal;
        }

        var key = table.Keys.FirstOrDefault(k => k.Definition.KeyAttributes.Count == byColumn.Count && k.Definition.KeyAttributes.All(byColumn.ContainsKey))
            ?? throw new DataverseFaultException(400, ErrorCodes.EntityKeyNotDefined, $"The specified key attributes are not a defined key for the {table.LogicalName} entity");

        var status = key.StatusAt(environment.Clock.GetUtcNow());
        if (status != KeyIndexStatus.Active)
        {
            // The documentation says a key works only once its index is Active; the exact code Dataverse returns for an
            // inactive key was not found, so this uses InvalidArgument with a message that names the key and status.
            throw new DataverseFaultException(400, ErrorCodes.InvalidArgument,
                $"The entity key {key.Definition.SchemaName} of the {table.LogicalName} entity cannot be used: its index status is {status}, not Active.");
        }

        var values = new List<object>();
        var keyValues = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var attribute in key.Definition.KeyAttributes)
        {
            var column = table.Columns[attribute];
            var value = Convert(table, column, byColumn[attribute]);
            values.Add(value);
            keyValues[attribute] = value;
        }

        return new RecordAddress(table, null, key, KeyState.EntryOf(values), keyValues);
    }

    private static object Convert(TableState table, ColumnDefinition column, ODataLiteral literal)
    {
        object? value = (column.Type, literal.Value) switch
        {
            (ColumnType.String or ColumnType.Memo, string text) => text,
            (ColumnType.Integer or ColumnType.Picklist, decimal number) when number == decimal.Truncate(number) && number is >= int.MinValue and <= int.MaxValue => (int)number,
            (ColumnType.Money or ColumnType.Decimal, decimal number) => number,
            (ColumnType.DateTime, DateTimeOffset moment) => moment,
            (ColumnType.Uniqueidentifier, Guid id) => id,
            (ColumnType.Lookup or ColumnType.Customer or ColumnType.Owner, Guid id) => new RecordReference(column.Targets is { Count: > 0 } targets ? targets[0] : table.LogicalName, id),
            (ColumnType.Boolean, bool flag) => flag,
            _ => null,
        };

        return value ?? throw new DataverseFaultException(400, ErrorCodes.ODataRequest,
            $"The key value {literal.Value ?? "null"} is not a valid {PropertyKinds.EdmName(PropertyKinds.Of(column.Type))} literal for '{column.LogicalName}' of {table.LogicalName}.");
    }
}
