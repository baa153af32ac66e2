using Connector.Dataverse.WebApi;

namespace Connector.Dataverse.Requests;

/// <summary>
/// PATCH <c>salesorders(&lt;id&gt;)</c> with a condition (perform-conditional-operations-using-web-api):
/// <see cref="UpsertMode.UpdateOnly"/> sends <c>If-Match: *</c> (a missing record answers 404, nothing is created),
/// <see cref="UpsertMode.CreateOnly"/> sends <c>If-None-Match: *</c> (the record is created with that id; an existing
/// one answers 412). Either way the request is idempotent, so the retry pipeline may repeat it after a timeout: a
/// repeated create answers 412 instead of creating twice.
/// </summary>
public sealed class WriteRecordByIdRequest : IDataverseRequest<WrittenRecord>
{
    private readonly string entitySetName;
    private readonly Guid id;
    private readonly string columnsJson;
    private readonly UpsertMode mode;

    public WriteRecordByIdRequest(string entitySetName, Guid id, string columnsJson, UpsertMode mode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entitySetName);
        ArgumentNullException.ThrowIfNull(columnsJson);
        if (mode == UpsertMode.Upsert)
        {
            // An unconditional PATCH by id would create a deleted order again: a write by id always says which it means.
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "A write by id must be UpdateOnly or CreateOnly.");
        }

        this.entitySetName = entitySetName;
        this.id = id;
        this.columnsJson = columnsJson;
        this.mode = mode;
    }

    public HttpRequestMessage CreateHttpRequest(Uri apiBase)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, new Uri(apiBase, EntityPath.Of(entitySetName, id))) { Content = ODataHeaders.Json(columnsJson) };
        request.Headers.TryAddWithoutValidation(mode == UpsertMode.UpdateOnly ? "If-Match" : "If-None-Match", "*");
        return request;
    }

    public Task<WrittenRecord> ReadResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        WrittenRecords.ReadAsync(response, cancellationToken);
}
