using Connector.Dataverse.Resilience;
using Connector.Dataverse.WebApi;

namespace Connector.Dataverse.Requests;

/// <summary>Who Dataverse thinks we are, and the degree of parallelism it recommends for us.</summary>
/// <param name="RecommendedDegreeOfParallelism">The <c>x-ms-dop-hint</c> header, when sent.</param>
public sealed record WhoAmIResult(Guid UserId, Guid BusinessUnitId, Guid OrganizationId, int? RecommendedDegreeOfParallelism);

/// <summary>GET <c>WhoAmI</c>: the cheapest authenticated call; checks the connection and reads <c>x-ms-dop-hint</c>.</summary>
public sealed class WhoAmIRequest : IDataverseRequest<WhoAmIResult>
{
    public HttpRequestMessage CreateHttpRequest(Uri apiBase) => new(HttpMethod.Get, new Uri(apiBase, "WhoAmI"));

    public async Task<WhoAmIResult> ReadResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var root = await JsonBodies.ReadAsync(response, cancellationToken);
        return new WhoAmIResult(
            EntityIds.FromProperty(root, "UserId") ?? Guid.Empty,
            EntityIds.FromProperty(root, "BusinessUnitId") ?? Guid.Empty,
            EntityIds.FromProperty(root, "OrganizationId") ?? Guid.Empty,
            AdaptiveConcurrencyHandler.ReadDegreeOfParallelismHint(response));
    }
}
