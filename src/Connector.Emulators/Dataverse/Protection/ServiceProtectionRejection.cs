namespace Connector.Emulators.Dataverse.Protection;

/// <summary>
/// A request refused by service protection: HTTP 429 with <c>Retry-After</c> and <c>{"error":{"code","message"}}</c>.
/// </summary>
/// <param name="ErrorCode">One of the <see cref="ProtectionErrorCodes"/> service protection codes.</param>
/// <param name="Message">The documented message with the configured numbers.</param>
/// <param name="RetryAfter">Real time until the request would be admitted.</param>
/// <param name="RetryAfterHeader">The <c>Retry-After</c> header value (see <see cref="RetryAfterValue"/>).</param>
public sealed record ServiceProtectionRejection(string ErrorCode, string Message, TimeSpan RetryAfter, string RetryAfterHeader)
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "An instance property, so a rejection answers like any other response.")]
    public int StatusCode => 429;
}
