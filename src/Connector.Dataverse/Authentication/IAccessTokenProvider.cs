namespace Connector.Dataverse.Authentication;

/// <summary>Supplies the bearer token for each Dataverse request; implementations cache, so asking per request is cheap.</summary>
public interface IAccessTokenProvider
{
    Task<string> GetAccessTokenAsync(CancellationToken cancellationToken);
}
