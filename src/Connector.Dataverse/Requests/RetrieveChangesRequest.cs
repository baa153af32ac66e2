using System.Text.Json;
using Connector.Dataverse.WebApi;

namespace Connector.Dataverse.Requests;

/// <summary>One page of change tracking: new or changed records, deleted ids, and the next or delta link.</summary>
public sealed record ChangeTrackingPage(IReadOnlyList<JsonElement> Changed, IReadOnlyList<Guid> Deleted, string? NextLink, string? DeltaLink);

/// <summary>
/// Change tracking (use-change-tracking-synchronize-data-external-systems): the first read GETs the entity set
/// with <c>Prefer: odata.track-changes</c> and <c>$select</c> only ($filter, $orderby, $expand, $top are not
/// allowed); later reads GET the stored delta link as is. Deletions arrive as <c>$deletedEntity</c> items. Every annotation is asked
/// for: formatted values, and <c>lookuplogicalname</c> to tell an order's account customer from a contact.
/// </summary>
public sealed class RetrieveChangesRequest : IDataverseRequest<ChangeTrackingPage>
{
    /// <summary>Largest page Dataverse serves.</summary>
    public const int MaxPageSize = 5000;

    private readonly string relativeOrAbsolute;
    private readonly int maxPageSize;

    public RetrieveChangesRequest(string entitySetName, IEnumerable<string> select, int maxPageSize = MaxPageSize)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entitySetName);
        ArgumentNullException.ThrowIfNull(select);
        relativeOrAbsolute = ODataQuery.Append(entitySetName, ("$select", string.Join(",", select)));
        this.maxPageSize = maxPageSize;
    }

    private RetrieveChangesRequest(string link, int maxPageSize)
    {
        relativeOrAbsolute = link;
        this.maxPageSize = maxPageSize;
    }

    /// <summary>Follows a next link or a stored delta link unchanged.</summary>
    public static RetrieveChangesRequest FromLink(string link, int maxPageSize = MaxPageSize)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(link);
        return new RetrieveChangesRequest(link, maxPageSize);
    }

    public HttpRequestMessage CreateHttpRequest(Uri apiBase)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(apiBase, relativeOrAbsolute));
        ODataHeaders.Prefer(request, ODataHeaders.TrackChanges, ODataHeaders.MaxPageSize(maxPageSize), ODataHeaders.AllAnnotations);
        return request;
    }

    public async Task<ChangeTrackingPage> ReadResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var root = await JsonBodies.ReadAsync(response, cancellationToken);
        var changed = new List<JsonElement>();
        var deleted = new List<Guid>();
        foreach (var item in JsonBodies.Values(root))
        {
            if (IsDeletion(item))
            {
                if (EntityIds.FromProperty(item, "id") is { } id)
                {
                    deleted.Add(id);
                }
            }
            else
            {
                changed.Add(item);
            }
        }

        return new ChangeTrackingPage(changed, deleted, JsonBodies.Text(root, "@odata.nextLink"), JsonBodies.Text(root, "@odata.deltaLink"));
    }

    private static bool IsDeletion(JsonElement item) =>
        JsonBodies.Text(item, "@odata.context") is { } context
            ? context.EndsWith("$deletedEntity", StringComparison.Ordinal)
            : string.Equals(JsonBodies.Text(item, "reason"), "deleted", StringComparison.Ordinal) && item.TryGetProperty("id", out _);
}
