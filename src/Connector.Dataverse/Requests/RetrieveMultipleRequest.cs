using System.Text.Json;
using Connector.Dataverse.WebApi;

namespace Connector.Dataverse.Requests;

/// <summary>One page of records and the link to the next, if any.</summary>
public sealed record RecordPage(IReadOnlyList<JsonElement> Records, string? NextLink);

/// <summary>
/// GET an entity set with <c>$select</c>/<c>$filter</c> and <c>Prefer: odata.maxpagesize</c>; the next page is
/// <see cref="NextPage"/> on the returned <c>@odata.nextLink</c>, followed unchanged with the same page size
/// (page-results: never edit the skip token, never add <c>$top</c>).
/// </summary>
public sealed class RetrieveMultipleRequest : IDataverseRequest<RecordPage>
{
    private readonly string relativeOrAbsolute;
    private readonly int? maxPageSize;

    public RetrieveMultipleRequest(string entitySetName, IEnumerable<string>? select = null, string? filter = null, int? maxPageSize = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entitySetName);
        var columns = select is null ? null : string.Join(",", select);
        relativeOrAbsolute = ODataQuery.Append(entitySetName, ("$select", columns), ("$filter", filter));
        this.maxPageSize = maxPageSize;
    }

    private RetrieveMultipleRequest(string nextLink, int? maxPageSize)
    {
        relativeOrAbsolute = nextLink;
        this.maxPageSize = maxPageSize;
    }

    /// <summary>The page after the one that returned <paramref name="nextLink"/>.</summary>
    public static RetrieveMultipleRequest NextPage(string nextLink, int? maxPageSize = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nextLink);
        return new RetrieveMultipleRequest(nextLink, maxPageSize);
    }

    public HttpRequestMessage CreateHttpRequest(Uri apiBase)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(apiBase, relativeOrAbsolute));
        if (maxPageSize is { } size)
        {
            ODataHeaders.Prefer(request, ODataHeaders.MaxPageSize(size));
        }

        return request;
    }

    public async Task<RecordPage> ReadResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var root = await JsonBodies.ReadAsync(response, cancellationToken);
        return new RecordPage(JsonBodies.Values(root), JsonBodies.Text(root, "@odata.nextLink"));
    }
}
