using System.Text.Json;
using Connector.Dataverse.WebApi;

namespace Connector.Dataverse.Requests;

/// <summary>
/// GET <c>salesorders(&lt;id&gt;)?$select=…</c> with <c>Prefer: odata.include-annotations="*"</c>, so lookups
/// (<c>_customerid_value</c>) come with the table they point at (<c>lookuplogicalname</c>) and their formatted value.
/// A missing record is a 404 the caller turns into "absent".
/// </summary>
public sealed class RetrieveRecordRequest : IDataverseRequest<JsonElement>
{
    private readonly string path;

    /// <param name="select">The properties to return, lookups as <c>_x_value</c>; empty for every column.</param>
    public RetrieveRecordRequest(string entitySetName, Guid id, IEnumerable<string> select)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entitySetName);
        ArgumentNullException.ThrowIfNull(select);
        path = ODataQuery.Append(EntityPath.Of(entitySetName, id), ("$select", string.Join(",", select)));
    }

    public HttpRequestMessage CreateHttpRequest(Uri apiBase)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(apiBase, path));
        ODataHeaders.Prefer(request, ODataHeaders.AllAnnotations);
        return request;
    }

    public Task<JsonElement> ReadResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        JsonBodies.ReadAsync(response, cancellationToken);
}
