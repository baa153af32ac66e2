using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;

namespace Connector.Graph.Authentication;

/// <summary>
/// <c>Graph:AccessToken</c> sent as is (emulators, tests, short scripts), never refreshed. Unlike Kiota's Azure token
/// provider it also works over plain http on any loopback address, which is what an emulator listens on.
/// </summary>
public sealed class StaticTokenAuthenticationProvider : IAuthenticationProvider
{
    private readonly string token;

    public StaticTokenAuthenticationProvider(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        this.token = token;
    }

    public Task AuthenticateRequestAsync(RequestInformation request, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Remove("Authorization");
        request.Headers.Add("Authorization", "Bearer " + token);
        return Task.CompletedTask;
    }

    /// <summary>Never the token itself: this object may end up in a log or a debugger display.</summary>
    public override string ToString() => "static access token";
}
