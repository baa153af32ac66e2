using Microsoft.AspNetCore.Http;

namespace Connector.Emulators.Dataverse.Protection;

/// <summary>
/// Who is calling: the front door rejects a request without a bearer token (401) and stores the caller's identity
/// here (the token's <c>oid</c>/<c>appid</c> claim when it is a JWT, else a digest of the token). Limits count per caller.
/// </summary>
public static class CallerIdentity
{
    private const string ItemKey = "Connector.Emulators.Dataverse.Caller";

    public static void Set(HttpContext context, string caller)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[ItemKey] = caller;
    }

    /// <summary>The caller, or null when the request did not pass the front door (e.g. in-process state calls).</summary>
    public static string? Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(ItemKey, out var caller) ? caller as string : null;
    }
}
