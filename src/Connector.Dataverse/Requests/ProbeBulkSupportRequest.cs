using Connector.Dataverse.WebApi;

namespace Connector.Dataverse.Requests;

/// <summary>
/// Asks whether a table supports a bulk message, as bulk-operations advises (probe, do not assume):
/// <c>GET sdkmessagefilters?$select=sdkmessagefilterid&amp;$filter=sdkmessageid/name eq 'UpsertMultiple' and
/// primaryobjecttypecode eq 'account'</c>; an empty <c>value</c> means not supported.
/// </summary>
public sealed class ProbeBulkSupportRequest(string logicalName, string message = "UpsertMultiple") : IDataverseRequest<bool>
{
    public HttpRequestMessage CreateHttpRequest(Uri apiBase)
    {
        var filter = $"sdkmessageid/name eq {AlternateKey.Literal(message)} and primaryobjecttypecode eq {AlternateKey.Literal(logicalName)}";
        var path = ODataQuery.Append("sdkmessagefilters", ("$select", "sdkmessagefilterid"), ("$filter", filter));
        return new HttpRequestMessage(HttpMethod.Get, new Uri(apiBase, path));
    }

    public async Task<bool> ReadResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        JsonBodies.Values(await JsonBodies.ReadAsync(response, cancellationToken)).Count > 0;
}
