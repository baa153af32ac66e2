using Connector.Dataverse.WebApi;

namespace Connector.Dataverse.Requests;

/// <summary>What a PATCH by key may do (use-upsert-insert-update-record).</summary>
public enum UpsertMode
{
    /// <summary>No condition: create when missing, update otherwise.</summary>
    Upsert,

    /// <summary><c>If-Match: *</c>: update only; a missing record answers 404.</summary>
    UpdateOnly,

    /// <summary><c>If-None-Match: *</c>: create only; an existing record answers 412.</summary>
    CreateOnly,
}

/// <summary>
/// PATCH <c>accounts(accountnumber='C-1')</c>. With <paramref name="returnRepresentation"/> the answer says which
/// branch ran (201 created, 200 updated); without it Dataverse answers 204 for both. The key stays out of the body:
/// Dataverse takes it from the URL.
/// </summary>
public sealed class UpsertRecordRequest(
    string entitySetName,
    string keyColumn,
    string keyValue,
    string columnsJson,
    UpsertMode mode = UpsertMode.Upsert,
    bool returnRepresentation = false,
    string? select = null) : IDataverseRequest<WrittenRecord>
{
    public HttpRequestMessage CreateHttpRequest(Uri apiBase)
    {
        var path = AlternateKey.Render(entitySetName, keyColumn, keyValue);
        if (returnRepresentation)
        {
            path = ODataQuery.Append(path, ("$select", select));
        }

        var request = new HttpRequestMessage(HttpMethod.Patch, new Uri(apiBase, path)) { Content = ODataHeaders.Json(columnsJson) };
        switch (mode)
        {
            case UpsertMode.UpdateOnly:
                request.Headers.TryAddWithoutValidation("If-Match", "*");
                break;
            case UpsertMode.CreateOnly:
                request.Headers.TryAddWithoutValidation("If-None-Match", "*");
                break;
        }

        if (returnRepresentation)
        {
            ODataHeaders.Prefer(request, ODataHeaders.ReturnRepresentation);
        }

        return request;
    }

    public Task<WrittenRecord> ReadResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        WrittenRecords.ReadAsync(response, cancellationToken);
}
