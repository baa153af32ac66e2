using System.Text.Json;
using System.Text.Json.Nodes;
using Connector.Emulators.Dataverse.Records;

namespace Connector.Emulators.Dataverse.WebApi;

/// <summary>
/// Single-record operations: create (POST), upsert (PATCH by id or alternate key, steered by <c>If-Match: *</c> and
/// <c>If-None-Match: *</c>), retrieve (GET) and delete, with the statuses and headers the Web API documents.
/// </summary>
internal static class RecordEndpoints
{
    public static ApiResponse Create(DataverseEnvironment environment, ApiRequest request, TableState table)
    {
        var preferences = request.Preferences;
        var select = RecordSerializer.ParseSelect(table, request.Query.GetValueOrDefault("$select"));
        var payload = PayloadReader.Read(environment, table, ReadBody(request), request.ResolveContentId);
        var user = environment.UserIdLocked(request.Caller);
        var id = environment.InsertLocked(table, payload.Id ?? Guid.NewGuid(), payload.Values, user, request.Journal);
        request.Cost?.AddRecords(1);
        return Written(environment, request, table, table.Records[id], select, preferences, created: true);
    }

    public static ApiResponse Upsert(DataverseEnvironment environment, ApiRequest request, TableState table, string keyText)
    {
        var address = RecordAddress.Resolve(environment, table, KeySegment.Parse(keyText));
        var preferences = request.Preferences;
        var select = RecordSerializer.ParseSelect(table, request.Query.GetValueOrDefault("$select"));
        var payload = PayloadReader.Read(environment, table, ReadBody(request), request.ResolveContentId);

        // Addressed by alternate key, OData-EntityId echoes the key URL as requested, not the id (fidelity facts item 3).
        var keyUrl = address.ByKey ? $"{request.ServiceRoot}{table.Definition.EntitySetName}({keyText})" : null;
        var ifMatch = request.Header("If-Match");
        var createOnly = string.Equals(request.Header("If-None-Match")?.Trim(), "*", StringComparison.Ordinal);
        var user = environment.UserIdLocked(request.Caller);
        request.Cost?.AddRecords(1);

        var existing = address.Find();
        if (existing is not null)
        {
            if (createOnly)
            {
                throw address.ByKey
                    ? new DataverseFaultException(412, ErrorCodes.DuplicateRecordEntityKey, "A record with matching key values already exists.")
                    : new DataverseFaultException(412, ErrorCodes.DuplicateRecord, "A record with matching key values already exists.");
            }

            if (ifMatch is not null && !string.Equals(ifMatch.Trim(), "*", StringComparison.Ordinal) && !string.Equals(ifMatch.Trim(), existing.ETag, StringComparison.Ordinal))
            {
                throw new DataverseFaultException(412, ErrorCodes.ConcurrencyVersionMismatch, "The version of the existing record doesn't match the RowVersion property provided.");
            }

            // Key values repeated in the body are ignored on update: the URL already names the record.
            var changes = payload.Values.Where(v => !address.KeyValues.ContainsKey(v.Key)).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
            var updated = environment.ModifyLocked(table, existing, changes, user, request.Journal);
            return Written(environment, request, table, updated, select, preferences, created: false, keyUrl);
        }

        if (ifMatch is not null)
        {
            throw address.NotFound();
        }

        // On create the URL's key values are written, and values in the body win over them.
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (column, value) in address.KeyValues)
        {
            values[column] = value;
        }

        foreach (var (column, value) in payload.Values)
        {
            values[column] = value;
        }

        var id = environment.InsertLocked(table, address.Id ?? payload.Id ?? Guid.NewGuid(), values, user, request.Journal);
        return Written(environment, request, table, table.Records[id], select, preferences, created: true, keyUrl);
    }

    public static ApiResponse Retrieve(DataverseEnvironment environment, ApiRequest request, TableState table, string keyText)
    {
        var address = RecordAddress.Resolve(environment, table, KeySegment.Parse(keyText));
        var select = RecordSerializer.ParseSelect(table, request.Query.GetValueOrDefault("$select"));
        var record = address.Find() ?? throw address.NotFound();
        request.Cost?.AddRecordsRead(1);
        return ApiResponse.Json(200, RecordSerializer.Serialize(environment, table, record, select, request.Preferences, EntityContext(request, table, select)));
    }

    public static ApiResponse Delete(DataverseEnvironment environment, ApiRequest request, TableState table, string keyText)
    {
        var address = RecordAddress.Resolve(environment, table, KeySegment.Parse(keyText));
        var record = address.Find() ?? throw address.NotFound();
        environment.RemoveLocked(table, record.Id, request.Journal);
        request.Cost?.AddRecords(1);
        return ApiResponse.NoContent();
    }

    public static string EntityUrl(ApiRequest request, TableState table, Guid id) =>
        $"{request.ServiceRoot}{table.Definition.EntitySetName}({id:D})";

    public static JsonObject ReadBody(ApiRequest request)
    {
        try
        {
            return JsonNode.Parse(request.Body) as JsonObject
                ?? throw new DataverseFaultException(400, ErrorCodes.ODataRequest, "The request body must be a JSON object.");
        }
        catch (JsonException exception)
        {
            throw new DataverseFaultException(400, ErrorCodes.ODataRequest, $"The request body is not valid JSON: {exception.Message}");
        }
    }

    private static string EntityContext(ApiRequest request, TableState table, IReadOnlyList<string>? select) =>
        select is null
            ? $"{request.ServiceRoot}$metadata#{table.Definition.EntitySetName}/$entity"
            : $"{request.ServiceRoot}$metadata#{table.Definition.EntitySetName}({string.Join(",", select)})/$entity";

    private static ApiResponse Written(DataverseEnvironment environment, ApiRequest request, TableState table, StoredRecord record, IReadOnlyList<string>? select, Preferences preferences, bool created, string? keyUrl = null)
    {
        var url = keyUrl ?? EntityUrl(request, table, record.Id);
        if (!preferences.ReturnRepresentation)
        {
            return ApiResponse.NoContent().WithEntityId(url);
        }

        var json = RecordSerializer.Serialize(environment, table, record, select, preferences, EntityContext(request, table, select));
        var response = ApiResponse.Json(created ? 201 : 200, json).WithEntityId(url).WithHeader("ETag", record.ETag);

        // As upsert-alternate-key.http prints it: Preference-Applied on the 201 of a create, not on the 200 of an update.
        return created ? response.WithHeader("Preference-Applied", "return=representation") : response;
    }
}
