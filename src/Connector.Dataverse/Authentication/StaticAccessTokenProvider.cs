namespace Connector.Dataverse.Authentication;

/// <summary>A token configured as is (<c>Dataverse:AccessToken</c>): emulators and short scripts; it is never refreshed.</summary>
public sealed class StaticAccessTokenProvider : IAccessTokenProvider
{
    private readonly string token;

    public StaticAccessTokenProvider(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        this.token = token;
    }

    public Task<string> GetAccessTokenAsync(CancellationToken cancellationToken) => Task.FromResult(token);

    /// <summary>Never the token itself: this object may end up in a log or a debugger display.</summary>
    public override string ToString() => "static access token";
}
