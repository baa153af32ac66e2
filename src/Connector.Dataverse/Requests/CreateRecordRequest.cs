using System.Text.Json;
using Connector.Dataverse.WebApi;

namespace Connector.Dataverse.Requests;

/// <summary>The record a create or upsert wrote.</summary>
/// <param name="Id">
/// From <c>OData-EntityId</c> when it names the record by id; null after an upsert by alternate key, whose
/// <c>OData-EntityId</c> is the key URL (use-upsert-insert-update-record: <c>…/accounts(accountnumber='C-1')</c>).
/// </param>
/// <param name="Created">True for 201, false for 200; null when Dataverse answered 204 (a plain upsert cannot tell).</param>
/// <param name="Record">The returned representation, when asked for.</param>
/// <param name="EntityUrl">The <c>OData-EntityId</c> as Dataverse sent it, when it sent one.</param>
public sealed record WrittenRecord(Guid? Id, bool? Created, JsonElement? Record, string? EntityUrl = null);

/// <summary>
/// POST to an entity set: 204 + <c>OData-EntityId</c>, or 201 + the record with <c>Prefer: return=representation</c>.
/// Not idempotent: retried only after a 429 (<see cref="Resilience.DataversePipelines.NotIdempotent"/>), so a timeout
/// never creates the record twice; prefer <see cref="UpsertRecordRequest"/> where the record has a key.
/// </summary>
public sealed class CreateRecordRequest(string entitySetName, string columnsJson, bool returnRepresentation = false) : IDataverseRequest<WrittenRecord>
{
    public HttpRequestMessage CreateHttpRequest(Uri apiBase)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(apiBase, entitySetName)) { Content = ODataHeaders.Json(columnsJson) };
        request.Options.Set(Resilience.DataversePipelines.NotIdempotent, true);
        if (returnRepresentation)
        {
            ODataHeaders.Prefer(request, ODataHeaders.ReturnRepresentation);
        }

        return request;
    }

    public Task<WrittenRecord> ReadResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        WrittenRecords.ReadAsync(response, cancellationToken);
}

internal static class WrittenRecords
{
    public static async Task<WrittenRecord> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var url = EntityIds.EntityIdUrl(response);
        var id = EntityIds.FromEntityIdUrl(url);
        var status = (int)response.StatusCode;
        if (status == 204 || response.Content.Headers.ContentLength == 0)
        {
            return new WrittenRecord(id, null, null, url);
        }

        var record = await JsonBodies.ReadAsync(response, cancellationToken);
        return new WrittenRecord(id, status == 201, record, url);
    }
}
