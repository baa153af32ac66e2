using System.Text.Json;
using Connector.Dataverse.WebApi;

namespace Connector.Dataverse.Requests;

/// <summary>A column as metadata describes it (<c>AttributeType</c>: String, Money, Picklist …).</summary>
public sealed record EntityColumn(string LogicalName, string AttributeType);

/// <summary>An alternate key and its index status; only an <c>Active</c> key can address records.</summary>
public sealed record EntityKey(string SchemaName, IReadOnlyList<string> KeyAttributes, string IndexStatus);

/// <summary>What <c>connector dataverse check</c> and the writers need to know about a table.</summary>
public sealed record EntityDefinition(
    string LogicalName,
    string EntitySetName,
    string PrimaryIdAttribute,
    bool ChangeTrackingEnabled,
    IReadOnlyList<EntityColumn> Columns,
    IReadOnlyList<EntityKey> Keys);

/// <summary>
/// GET <c>EntityDefinitions(LogicalName='account')</c> with the entity set name, change tracking flag, columns
/// (<c>$expand=Attributes($select=LogicalName,AttributeType)</c>) and keys
/// (<c>$expand=Keys($select=SchemaName,KeyAttributes,EntityKeyIndexStatus)</c>).
/// </summary>
public sealed class RetrieveEntityDefinitionRequest(string logicalName) : IDataverseRequest<EntityDefinition>
{
    public HttpRequestMessage CreateHttpRequest(Uri apiBase)
    {
        var path = ODataQuery.Append(
            $"EntityDefinitions(LogicalName={AlternateKey.Literal(logicalName)})",
            ("$select", "LogicalName,EntitySetName,PrimaryIdAttribute,ChangeTrackingEnabled"),
            ("$expand", "Attributes($select=LogicalName,AttributeType),Keys($select=SchemaName,KeyAttributes,EntityKeyIndexStatus)"));
        return new HttpRequestMessage(HttpMethod.Get, new Uri(apiBase, path));
    }

    public async Task<EntityDefinition> ReadResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var root = await JsonBodies.ReadAsync(response, cancellationToken);
        var columns = Array(root, "Attributes")
            .Select(a => new EntityColumn(JsonBodies.Text(a, "LogicalName") ?? string.Empty, JsonBodies.Text(a, "AttributeType") ?? string.Empty))
            .ToList();
        var keys = Array(root, "Keys")
            .Select(k => new EntityKey(
                JsonBodies.Text(k, "SchemaName") ?? string.Empty,
                [.. Array(k, "KeyAttributes").Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)],
                JsonBodies.Text(k, "EntityKeyIndexStatus") ?? string.Empty))
            .ToList();
        var changeTracking = root.TryGetProperty("ChangeTrackingEnabled", out var flag) && flag.ValueKind == JsonValueKind.True;
        return new EntityDefinition(
            JsonBodies.Text(root, "LogicalName") ?? logicalName,
            JsonBodies.Text(root, "EntitySetName") ?? string.Empty,
            JsonBodies.Text(root, "PrimaryIdAttribute") ?? logicalName + "id",
            changeTracking,
            columns,
            keys);
    }

    private static JsonElement.ArrayEnumerator Array(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : default;
}
