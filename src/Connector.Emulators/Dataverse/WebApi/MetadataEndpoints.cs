using System.Text.Json.Nodes;
using Connector.Emulators.Dataverse.Metadata;
using Connector.Emulators.Dataverse.Query;
using Connector.Emulators.Dataverse.Records;

namespace Connector.Emulators.Dataverse.WebApi;

/// <summary>
/// <c>EntityDefinitions</c> (a table's metadata with its Attributes and Keys, key index status included) and
/// <c>sdkmessagefilters</c> (which tables a message such as UpsertMultiple is registered for), enough for a client to
/// check a deployment and probe bulk support the documented way.
/// </summary>
internal static class MetadataEndpoints
{
    private static readonly string[] EntityProperties =
        ["MetadataId", "LogicalName", "SchemaName", "EntitySetName", "PrimaryIdAttribute", "PrimaryNameAttribute", "ChangeTrackingEnabled", "IsCustomEntity"];

    private static readonly string[] AttributeProperties =
        ["MetadataId", "LogicalName", "SchemaName", "AttributeType", "IsCustomAttribute", "IsSecured", "MaxLength", "Targets"];

    private static readonly string[] KeyProperties =
        ["MetadataId", "LogicalName", "SchemaName", "KeyAttributes", "EntityKeyIndexStatus"];

    public static ApiResponse EntityDefinitions(DataverseEnvironment environment, ApiRequest request, IReadOnlyList<PathSegment> segments)
    {
        var first = segments[0];
        if (first.KeyText is null)
        {
            if (segments.Count > 1)
            {
                throw new DataverseFaultException(404, ErrorCodes.ODataRequest, $"Resource not found for the segment '{segments[1].Name}'.");
            }

            return AllTables(environment, request);
        }

        var table = TableOf(environment, first.KeyText);
        var now = environment.Clock.GetUtcNow();
        var root = request.ServiceRoot;
        if (segments.Count == 1)
        {
            var select = Select(request.Query.GetValueOrDefault("$select"), EntityProperties, "EntityMetadata");
            var json = new JsonObject { ["@odata.context"] = $"{root}$metadata#EntityDefinitions/$entity" };
            WriteEntity(json, table, select);
            foreach (var (name, options) in Expand(request.Query.GetValueOrDefault("$expand")))
            {
                json[name] = name switch
                {
                    "Attributes" => Attributes(table, Select(Option(options, "$select"), AttributeProperties, "AttributeMetadata")),
                    "Keys" => Keys(table, Select(Option(options, "$select"), KeyProperties, "EntityKeyMetadata"), now),
                    _ => throw new DataverseFaultException(400, ErrorCodes.ODataRequest, $"Could not find a property named '{name}' on type 'Microsoft.Dynamics.CRM.EntityMetadata'."),
                };
            }

            return ApiResponse.Json(200, json);
        }

        var list = segments[1].Name switch
        {
            "Attributes" => Attributes(table, Select(request.Query.GetValueOrDefault("$select"), AttributeProperties, "AttributeMetadata")),
            "Keys" => Keys(table, Select(request.Query.GetValueOrDefault("$select"), KeyProperties, "EntityKeyMetadata"), now),
            _ => throw new DataverseFaultException(404, ErrorCodes.ODataRequest, $"Resource not found for the segment '{segments[1].Name}'."),
        };
        return ApiResponse.Json(200, new JsonObject
        {
            ["@odata.context"] = $"{root}$metadata#EntityDefinitions('{table.LogicalName}')/{segments[1].Name}",
            ["value"] = list,
        });
    }

    /// <summary>
    /// The message filters: Create, Update, Delete, Retrieve and RetrieveMultiple for every table, and the bulk messages
    /// for the tables that support them; filterable by <c>sdkmessageid/name</c> and <c>primaryobjecttypecode</c>.
    /// </summary>
    public static ApiResponse SdkMessageFilters(DataverseEnvironment environment, ApiRequest request)
    {
        string[] columns = ["sdkmessagefilterid", "primaryobjecttypecode", "sdkmessageid/name", "iscustomprocessingstepallowed"];
        var rows = new List<Dictionary<string, object?>>();
        foreach (var table in environment.AllTables.OrderBy(t => t.LogicalName, StringComparer.Ordinal))
        {
            var messages = new List<string> { "Create", "Update", "Delete", "Retrieve", "RetrieveMultiple" };
            if (BulkEndpoints.Supports(environment, table))
            {
                messages.AddRange(BulkEndpoints.Messages);
            }

            foreach (var message in messages)
            {
                rows.Add(new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["sdkmessagefilterid"] = DeterministicIds.Of($"sdkmessagefilter:{message}:{table.LogicalName}"),
                    ["primaryobjecttypecode"] = table.LogicalName,
                    ["sdkmessageid/name"] = message,
                    ["iscustomprocessingstepallowed"] = true,
                });
            }
        }

        PropertyKind KindOf(string property) => property switch
        {
            "sdkmessagefilterid" => PropertyKind.Guid,
            "iscustomprocessingstepallowed" => PropertyKind.Boolean,
            "primaryobjecttypecode" or "sdkmessageid/name" => PropertyKind.Text,
            _ => throw new DataverseFaultException(400, ErrorCodes.ODataRequest, $"Could not find a property named '{property}' on type 'Microsoft.Dynamics.CRM.sdkmessagefilter'."),
        };

        var filter = request.Query.TryGetValue("$filter", out var text) ? FilterExpression.Parse(text, KindOf) : null;
        var select = request.Query.TryGetValue("$select", out var selectText)
            ? selectText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : columns.Where(c => !c.Contains('/', StringComparison.Ordinal)).ToArray();
        foreach (var property in select)
        {
            if (property.Contains('/', StringComparison.Ordinal))
            {
                throw new DataverseFaultException(400, ErrorCodes.ODataRequest, $"Could not find a property named '{property}' on type 'Microsoft.Dynamics.CRM.sdkmessagefilter'.");
            }

            _ = KindOf(property);
        }

        var value = new JsonArray();
        foreach (var row in rows.Where(r => filter is null || filter.Matches(p => r.GetValueOrDefault(p))))
        {
            var item = new JsonObject { ["@odata.etag"] = "W/\"1\"" };
            foreach (var property in select)
            {
                item[property] = RecordSerializer.ToJson(row[property]);
            }

            value.Add(item);
        }

        request.Cost?.AddRecordsRead(value.Count);
        return ApiResponse.Json(200, new JsonObject
        {
            ["@odata.context"] = $"{request.ServiceRoot}$metadata#sdkmessagefilters({string.Join(",", select)})",
            ["value"] = value,
        });
    }

    private static ApiResponse AllTables(DataverseEnvironment environment, ApiRequest request)
    {
        var select = Select(request.Query.GetValueOrDefault("$select"), EntityProperties, "EntityMetadata");
        PropertyKind KindOf(string property) => property switch
        {
            "LogicalName" or "SchemaName" or "EntitySetName" or "PrimaryIdAttribute" or "PrimaryNameAttribute" => PropertyKind.Text,
            "ChangeTrackingEnabled" or "IsCustomEntity" => PropertyKind.Boolean,
            _ => throw new DataverseFaultException(400, ErrorCodes.ODataRequest, $"Could not find a property named '{property}' on type 'Microsoft.Dynamics.CRM.EntityMetadata'."),
        };
        var filter = request.Query.TryGetValue("$filter", out var text) ? FilterExpression.Parse(text, KindOf) : null;
        var value = new JsonArray();
        foreach (var table in environment.AllTables.OrderBy(t => t.LogicalName, StringComparer.Ordinal))
        {
            var definition = table.Definition;
            var row = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["LogicalName"] = definition.LogicalName,
                ["SchemaName"] = definition.LogicalName,
                ["EntitySetName"] = definition.EntitySetName,
                ["PrimaryIdAttribute"] = definition.PrimaryIdAttribute,
                ["PrimaryNameAttribute"] = definition.PrimaryNameAttribute,
                ["ChangeTrackingEnabled"] = definition.ChangeTrackingEnabled,
                ["IsCustomEntity"] = definition.IsCustomEntity,
            };
            if (filter is null || filter.Matches(row.GetValueOrDefault))
            {
                var selected = new JsonObject();
                WriteEntity(selected, table, select);
                value.Add(selected);
            }
        }

        return ApiResponse.Json(200, new JsonObject { ["@odata.context"] = $"{request.ServiceRoot}$metadata#EntityDefinitions", ["value"] = value });
    }

    private static TableState TableOf(DataverseEnvironment environment, string keyText)
    {
        var key = KeySegment.Parse(keyText);
        var logicalName = key.Pairs.Count == 1 && string.Equals(key.Pairs[0].Key, "LogicalName", StringComparison.Ordinal) && key.Pairs[0].Value.Value is string name
            ? name
            : throw new DataverseFaultException(400, ErrorCodes.ODataRequest, "Address a table as EntityDefinitions(LogicalName='name').");
        return environment.TableByName(logicalName)
            ?? throw new DataverseFaultException(404, ErrorCodes.ObjectDoesNotExist, $"Could not find an entity with name {logicalName} and id {Guid.Empty:D}.");
    }

    private static void WriteEntity(JsonObject json, TableState table, IReadOnlyList<string> select)
    {
        var definition = table.Definition;
        foreach (var property in select)
        {
            json[property] = property switch
            {
                "MetadataId" => DeterministicIds.Of("entity:" + definition.LogicalName).ToString("D"),
                "LogicalName" => definition.LogicalName,
                "SchemaName" => definition.LogicalName,
                "EntitySetName" => definition.EntitySetName,
                "PrimaryIdAttribute" => definition.PrimaryIdAttribute,
                "PrimaryNameAttribute" => definition.PrimaryNameAttribute,
                "ChangeTrackingEnabled" => definition.ChangeTrackingEnabled,
                _ => definition.IsCustomEntity,
            };
        }
    }

    private static JsonArray Attributes(TableState table, IReadOnlyList<string> select)
    {
        var list = new JsonArray();
        foreach (var column in table.Columns.Values.Append(new ColumnDefinition(SystemColumns.VersionNumber, ColumnType.Integer)))
        {
            var isVersion = string.Equals(column.LogicalName, SystemColumns.VersionNumber, StringComparison.Ordinal);
            var attributeType = isVersion ? "BigInt" : column.Type.ToString();
            var item = new JsonObject { ["@odata.type"] = $"#Microsoft.Dynamics.CRM.{MetadataTypeOf(column.Type, isVersion)}" };
            foreach (var property in select)
            {
                item[property] = property switch
                {
                    "MetadataId" => DeterministicIds.Of($"attribute:{table.LogicalName}.{column.LogicalName}").ToString("D"),
                    "LogicalName" => column.LogicalName,
                    "SchemaName" => column.SchemaNameOrLogical,
                    "AttributeType" => attributeType,
                    "IsCustomAttribute" => column.LogicalName.Contains('_', StringComparison.Ordinal),
                    "IsSecured" => column.IsSecured,
                    "MaxLength" => column.MaxLength,
                    _ => column.Targets is { } targets ? new JsonArray(targets.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()) : null,
                };
            }

            list.Add(item);
        }

        return list;
    }

    private static JsonArray Keys(TableState table, IReadOnlyList<string> select, DateTimeOffset now)
    {
        var list = new JsonArray();
        foreach (var key in table.Keys)
        {
            var item = new JsonObject();
            foreach (var property in select)
            {
                item[property] = property switch
                {
                    "MetadataId" => DeterministicIds.Of($"key:{table.LogicalName}.{key.Definition.SchemaName}").ToString("D"),
                    "LogicalName" => key.Definition.SchemaName.ToLowerInvariant(),
                    "SchemaName" => key.Definition.SchemaName,
                    "KeyAttributes" => new JsonArray(key.Definition.KeyAttributes.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
                    _ => key.StatusAt(now).ToString(),
                };
            }

            list.Add(item);
        }

        return list;
    }

    private static string MetadataTypeOf(ColumnType type, bool isVersion) => isVersion ? "BigIntAttributeMetadata" : type switch
    {
        ColumnType.Uniqueidentifier => "UniqueIdentifierAttributeMetadata",
        ColumnType.Customer or ColumnType.Owner => "LookupAttributeMetadata",
        ColumnType.Boolean => "BooleanAttributeMetadata",
        ColumnType.Picklist => "PicklistAttributeMetadata",
        _ => $"{type}AttributeMetadata",
    };

    private static string[] Select(string? text, string[] known, string typeName)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return known;
        }

        var properties = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var property in properties)
        {
            if (!known.Contains(property, StringComparer.Ordinal))
            {
                throw new DataverseFaultException(400, ErrorCodes.ODataRequest, $"Could not find a property named '{property}' on type 'Microsoft.Dynamics.CRM.{typeName}'.");
            }
        }

        return properties;
    }

    /// <summary><c>Attributes($select=a,b),Keys($select=c)</c> → (name, options) pairs.</summary>
    private static List<(string Name, string Options)> Expand(string? text)
    {
        var items = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return items;
        }

        var depth = 0;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ',';
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0)
            {
                var item = text[start..i].Trim();
                var open = item.IndexOf('(', StringComparison.Ordinal);
                items.Add(open < 0 ? (item, string.Empty) : (item[..open], item[(open + 1)..^1]));
                start = i + 1;
            }
        }

        return items;
    }

    private static string? Option(string options, string name) =>
        options.Split(';', StringSplitOptions.TrimEntries)
            .Where(o => o.StartsWith(name + "=", StringComparison.Ordinal))
            .Select(o => o[(name.Length + 1)..])
            .FirstOrDefault();
}
