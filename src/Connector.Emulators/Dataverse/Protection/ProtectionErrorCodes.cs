namespace Connector.Emulators.Dataverse.Protection;

/// <summary>
/// The error codes the front door answers with, as the hex strings Dataverse puts in <c>error.code</c>. Clients are told
/// to read the code, not the message, so these must be exact (reference §4 and §5, learn.microsoft.com
/// power-apps/developer/data-platform/api-limits and reference/web-service-error-codes).
/// </summary>
public static class ProtectionErrorCodes
{
    /// <summary>Number of requests over the window exceeded (-2147015902).</summary>
    public const string RequestsExceeded = "0x80072322";

    /// <summary>Combined execution time over the window exceeded (-2147015903).</summary>
    public const string ExecutionTimeExceeded = "0x80072321";

    /// <summary>Concurrent requests exceeded (-2147015898).</summary>
    public const string ConcurrencyExceeded = "0x80072326";

    /// <summary>
    /// UnExpected, "An unexpected error occurred." (-2147220970): Dataverse's generic failure code. The documentation
    /// gives no body for a 503, so injected 503s carry this code.
    /// </summary>
    public const string Unexpected = "0x80040216";

    /// <summary>AccessTokenExpired, "The requested resource requires authentication." (-2147094271): used for a 401.</summary>
    public const string AuthenticationRequired = "0x8005F101";
}
