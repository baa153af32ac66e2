using System.Globalization;
using System.Text.Json.Nodes;
using Connector.Emulators.Dataverse.Metadata;
using Connector.Emulators.Dataverse.Records;

namespace Connector.Emulators.Dataverse.WebApi;

/// <summary>
/// Writes rows as the Web API returns them: <c>@odata.etag</c> from the version, the primary id always, lookups as
/// <c>_x_value</c> (with the FormattedValue / lookuplogicalname / associatednavigationproperty annotations when the
/// client asks for them), money and numbers as JSON numbers, date-times as ISO-8601 UTC.
/// </summary>
internal static class RecordSerializer
{
    private const string FormattedValue = "OData.Community.Display.V1.FormattedValue";
    private const string LookupLogicalName = "Microsoft.Dynamics.CRM.lookuplogicalname";
    private const string AssociatedNavigationProperty = "Microsoft.Dynamics.CRM.associatednavigationproperty";

    /// <summary>
    /// The properties of <c>$select</c> checked against the table (400 "Could not find a property named …" for an
    /// unknown one or a lookup named without <c>_x_value</c>); null when absent, meaning every column.
    /// </summary>
    public static IReadOnlyList<string>? ParseSelect(TableState table, string? select)
    {
        if (string.IsNullOrWhiteSpace(select))
        {
            return null;
        }

        var properties = select.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var property in properties)
        {
            if (!IsSelectable(table, property))
            {
                throw UnknownProperty(table, property);
            }
        }

        return properties;
    }

    public static DataverseFaultException UnknownProperty(TableState table, string property) =>
        new(400, ErrorCodes.ODataRequest, $"Could not find a property named '{property}' on type '{table.EntityTypeName}'.");

    /// <summary>Whether <paramref name="property"/> can be selected, filtered or ordered by.</summary>
    public static bool IsSelectable(TableState table, string property) =>
        string.Equals(property, SystemColumns.VersionNumber, StringComparison.Ordinal)
        || table.LookupOfValueProperty(property) is not null
        || (table.Columns.TryGetValue(property, out var column) && !TableState.IsLookup(column));

    /// <summary>The value behind a selectable property (a lookup's <c>_x_value</c> gives its target id).</summary>
    public static object? ValueOf(TableState table, StoredRecord record, string property)
    {
        if (table.LookupOfValueProperty(property) is { } lookup)
        {
            return (record.Get(table, lookup.LogicalName) as RecordReference)?.Id;
        }

        return record.Get(table, property);
    }

    public static JsonObject Serialize(DataverseEnvironment environment, TableState table, StoredRecord record, IReadOnlyList<string>? select, Preferences preferences, string? context = null)
    {
        var json = new JsonObject();
        if (context is not null)
        {
            json["@odata.context"] = context;
        }

        json["@odata.etag"] = record.ETag;
        var properties = select ?? AllProperties(table);
        foreach (var property in properties)
        {
            if (table.LookupOfValueProperty(property) is { } lookup)
            {
                WriteLookup(environment, table, json, property, lookup, record.Get(table, lookup.LogicalName) as RecordReference, preferences);
                continue;
            }

            var value = record.Get(table, property);
            if (value is not null && preferences.Includes(FormattedValue) && table.Columns.TryGetValue(property, out var column) && Formatted(column, value) is { } formatted)
            {
                json[$"{property}@{FormattedValue}"] = formatted;
            }

            json[property] = ToJson(value);
        }

        var primary = table.Definition.PrimaryIdAttribute;
        if (!json.ContainsKey(primary))
        {
            json[primary] = record.Id.ToString("D");
        }

        return json;
    }

    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string text => JsonValue.Create(text),
        decimal number => JsonValue.Create(number),
        int number => JsonValue.Create(number),
        long number => JsonValue.Create(number),
        bool flag => JsonValue.Create(flag),
        Guid id => JsonValue.Create(id.ToString("D")),
        DateTimeOffset moment => JsonValue.Create(moment.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
        RecordReference reference => JsonValue.Create(reference.Id.ToString("D")),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    private static IEnumerable<string> AllProperties(TableState table)
    {
        yield return table.Definition.PrimaryIdAttribute;
        foreach (var column in table.Columns.Values)
        {
            if (string.Equals(column.LogicalName, table.Definition.PrimaryIdAttribute, StringComparison.Ordinal))
            {
                continue;
            }

            yield return TableState.IsLookup(column) ? TableState.ValuePropertyOf(column) : column.LogicalName;
        }

        yield return SystemColumns.VersionNumber;
    }

    private static void WriteLookup(DataverseEnvironment environment, TableState table, JsonObject json, string property, ColumnDefinition lookup, RecordReference? reference, Preferences preferences)
    {
        if (reference is not null)
        {
            if (preferences.Includes(FormattedValue) && environment.TableByName(reference.Table) is { } target
                && target.Records.TryGetValue(reference.Id, out var targetRecord)
                && targetRecord.Get(target, target.Definition.PrimaryNameAttribute) is string name)
            {
                json[$"{property}@{FormattedValue}"] = name;
            }

            if (preferences.Includes(AssociatedNavigationProperty))
            {
                var navigation = table.Navigation.Values.FirstOrDefault(n => n.Column == lookup && (n.Target is null || n.Target == reference.Table));
                json[$"{property}@{AssociatedNavigationProperty}"] = navigation?.Name ?? lookup.LogicalName;
            }

            if (preferences.Includes(LookupLogicalName))
            {
                json[$"{property}@{LookupLogicalName}"] = reference.Table;
            }
        }

        json[property] = reference is null ? null : JsonValue.Create(reference.Id.ToString("D"));
    }

    private static string? Formatted(ColumnDefinition column, object value) => (column.Type, value) switch
    {
        (ColumnType.Boolean, bool flag) => flag ? "Yes" : "No",
        (ColumnType.Money, decimal amount) => amount.ToString("C2", CultureInfo.GetCultureInfo("en-US")),
        (ColumnType.Decimal, decimal number) => number.ToString("N2", CultureInfo.GetCultureInfo("en-US")),
        (ColumnType.Integer or ColumnType.Picklist, int number) => number.ToString("N0", CultureInfo.GetCultureInfo("en-US")),
        (ColumnType.DateTime, DateTimeOffset moment) => moment.UtcDateTime.ToString("M/d/yyyy h:mm tt", CultureInfo.GetCultureInfo("en-US")),
        _ => null,
    };
}
