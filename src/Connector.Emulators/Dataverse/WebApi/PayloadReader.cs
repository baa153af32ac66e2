using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connector.Emulators.Dataverse.Metadata;
using Connector.Emulators.Dataverse.Records;

namespace Connector.Emulators.Dataverse.WebApi;

/// <summary>The columns a create or update body sets, validated and typed; lookups resolved to the records they bind.</summary>
/// <param name="Id">The primary id the body names, if any.</param>
/// <param name="Values">Column logical name → value (string, decimal, int, bool, DateTimeOffset, Guid, RecordReference, or null to clear).</param>
internal sealed record RecordPayload(Guid? Id, Dictionary<string, object?> Values);

/// <summary>
/// Reads an entity body the way the Web API does: every property must be a column of the table (lookups only through
/// <c>nav@odata.bind</c>, polymorphic ones through their target-specific navigation property), values must have the
/// column's JSON type, strings fit MaxLength (0x80044331), choices are among the options (0x8004431A), and a bind must
/// point at an existing record (404). Read-only platform columns are ignored, as Dataverse ignores them.
/// </summary>
internal static class PayloadReader
{
    /// <summary>For writes outside a change set: no <c>$n</c> reference resolves.</summary>
    public static Func<string, string?> NoBatchReferences { get; } = static _ => null;

    public static RecordPayload Read(DataverseEnvironment environment, TableState table, JsonObject body, Func<string, string?> contentIdUrl)
    {
        Guid? id = null;
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (property, node) in body)
        {
            if (property.StartsWith('@'))
            {
                continue;
            }

            var at = property.IndexOf('@', StringComparison.Ordinal);
            if (at > 0)
            {
                if (string.Equals(property[(at + 1)..], "odata.bind", StringComparison.Ordinal))
                {
                    var (column, reference) = Bind(environment, table, property[..at], node, contentIdUrl);
                    values[column] = reference;
                }

                continue;
            }

            if (SystemColumns.IsReadOnly(property))
            {
                continue;
            }

            if (string.Equals(property, table.Definition.PrimaryIdAttribute, StringComparison.Ordinal))
            {
                id = node is null ? null : (Guid)Convert(table, table.Columns[property], node)!;
                continue;
            }

            if (!table.Columns.TryGetValue(property, out var definition))
            {
                throw new DataverseFaultException(400, ErrorCodes.ODataRequest,
                    $"The property '{property}' does not exist on type '{table.EntityTypeName}'. Make sure to only use property names that are defined by the type or mark the type as open type.");
            }

            if (TableState.IsLookup(definition))
            {
                throw new DataverseFaultException(400, ErrorCodes.ODataRequest,
                    $"The property '{property}' of '{table.EntityTypeName}' is a lookup: set it with '{NavigationNameOf(table, definition)}@odata.bind'.");
            }

            values[property] = node is null ? null : Convert(table, definition, node);
        }

        return new RecordPayload(id, values);
    }

    /// <summary>The entity URL a bind or a batch reference stands for, <c>$n</c> references resolved.</summary>
    public static string ResolveReference(string url, Func<string, string?> contentIdUrl)
    {
        if (!url.StartsWith('$'))
        {
            return url;
        }

        var slash = url.IndexOf('/', StringComparison.Ordinal);
        var reference = slash < 0 ? url : url[..slash];
        return contentIdUrl(reference)
            ?? throw new DataverseFaultException(400, ErrorCodes.ODataRequest, $"Content-ID Reference: '{reference}' does not exist in the batch context.");
    }

    private static (string Column, RecordReference Reference) Bind(
        DataverseEnvironment environment, TableState table, string navigationName, JsonNode? node, Func<string, string?> contentIdUrl)
    {
        if (!table.Navigation.TryGetValue(navigationName, out var navigation))
        {
            throw new DataverseFaultException(400, ErrorCodes.ODataRequest,
                $"An undeclared property '{navigationName}' which only has property annotations in the payload but no property value was found in the payload. In OData, only declared navigation properties and declared named streams can be represented as properties without values.");
        }

        if (node is not JsonValue value || !value.TryGetValue<string>(out var url) || url.Length == 0)
        {
            throw new DataverseFaultException(400, ErrorCodes.ODataRequest,
                $"The value of '{navigationName}@odata.bind' must be the URL of a record, e.g. '/accounts(<guid>)'.");
        }

        var (target, key) = ResourcePath.EntityReference(environment, ResolveReference(url, contentIdUrl));
        var allowed = navigation.Target is { } only
            ? string.Equals(only, target.LogicalName, StringComparison.Ordinal)
            : navigation.Column.Targets?.Contains(target.LogicalName, StringComparer.Ordinal) ?? true;
        if (!allowed)
        {
            throw new DataverseFaultException(400, ErrorCodes.ODataRequest,
                $"A record of type '{target.LogicalName}' cannot be bound to '{navigationName}' of '{table.EntityTypeName}'.");
        }

        var address = RecordAddress.Resolve(environment, target, key);
        var record = address.Find() ?? throw address.NotFound();
        return (navigation.Column.LogicalName, new RecordReference(target.LogicalName, record.Id));
    }

    private static string NavigationNameOf(TableState table, ColumnDefinition column) =>
        table.Navigation.Values.FirstOrDefault(n => n.Column == column)?.Name ?? column.LogicalName;

    private static object? Convert(TableState table, ColumnDefinition column, JsonNode node)
    {
        if (node is not JsonValue value)
        {
            throw Mismatch(column, node.ToJsonString());
        }

        var kind = value.GetValueKind();
        switch (column.Type)
        {
            case ColumnType.String or ColumnType.Memo:
                if (kind != JsonValueKind.String)
                {
                    throw Mismatch(column, value.ToJsonString());
                }

                var text = value.GetValue<string>();
                if (column.MaxLength is { } max && text.Length > max)
                {
                    throw new DataverseFaultException(400, ErrorCodes.StringTooLong,
                        $"A validation error occurred. The length of the '{column.LogicalName}' attribute of the '{table.LogicalName}' entity exceeded the maximum allowed length of '{max.ToString(CultureInfo.InvariantCulture)}'.");
                }

                return text;
            case ColumnType.Money or ColumnType.Decimal:
                return kind == JsonValueKind.Number && value.TryGetValue<decimal>(out var amount) ? amount : throw Mismatch(column, value.ToJsonString());
            case ColumnType.Integer or ColumnType.Picklist:
                if (kind != JsonValueKind.Number || !value.TryGetValue<int>(out var number))
                {
                    throw Mismatch(column, value.ToJsonString());
                }

                if (column.Type == ColumnType.Picklist && column.Options is { } options && !options.Contains(number))
                {
                    throw new DataverseFaultException(400, ErrorCodes.PicklistValueOutOfRange,
                        $"A validation error occurred. The value {number.ToString(CultureInfo.InvariantCulture)} of '{column.LogicalName}' on record of type '{table.LogicalName}' is outside the valid range.");
                }

                return number;
            case ColumnType.Boolean:
                return kind is JsonValueKind.True or JsonValueKind.False ? kind == JsonValueKind.True : throw Mismatch(column, value.ToJsonString());
            case ColumnType.DateTime:
                if (kind == JsonValueKind.String
                    && DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var moment))
                {
                    var utc = moment.ToUniversalTime();
                    return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
                }

                throw Mismatch(column, value.ToJsonString());
            case ColumnType.Uniqueidentifier:
                return kind == JsonValueKind.String && Guid.TryParse(value.GetValue<string>(), out var id) ? id : throw Mismatch(column, value.ToJsonString());
            default:
                throw Mismatch(column, value.ToJsonString());
        }
    }

    private static DataverseFaultException Mismatch(ColumnDefinition column, string raw) =>
        new(400, ErrorCodes.ODataRequest,
            $"Cannot convert the literal '{raw}' to the expected type '{EdmTypeOf(column.Type)}' of property '{column.LogicalName}'.");

    public static string EdmTypeOf(ColumnType type) => type switch
    {
        ColumnType.String or ColumnType.Memo => "Edm.String",
        ColumnType.Money or ColumnType.Decimal => "Edm.Decimal",
        ColumnType.Integer or ColumnType.Picklist => "Edm.Int32",
        ColumnType.Boolean => "Edm.Boolean",
        ColumnType.DateTime => "Edm.DateTimeOffset",
        _ => "Edm.Guid",
    };
}
