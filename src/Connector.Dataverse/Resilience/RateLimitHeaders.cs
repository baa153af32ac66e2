using System.Globalization;

namespace Connector.Dataverse.Resilience;

/// <summary>
/// The two informational service protection headers (api-limits): what the caller has left in the window on the web
/// server that answered. Dataverse formats the time as seconds with a thousands separator and two decimals
/// (<c>x-ms-ratelimit-time-remaining-xrm-requests: 1,200.00</c> in a live capture, fidelity facts item 12), so an
/// integer parse fails on it. The docs say not to steer by these values; the client only reports them.
/// </summary>
public static class RateLimitHeaders
{
    public const string RequestsRemainingHeader = "x-ms-ratelimit-burst-remaining-xrm-requests";
    public const string ExecutionTimeRemainingHeader = "x-ms-ratelimit-time-remaining-xrm-requests";

    /// <summary>Remaining requests in the window, when the answer carries a readable count.</summary>
    public static int? RequestsRemaining(HttpResponseMessage response) =>
        Value(response, RequestsRemainingHeader) is { } text
            && int.TryParse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var count)
            && count >= 0
                ? count
                : null;

    /// <summary>Remaining combined execution time in the window, when the answer carries a readable one.</summary>
    public static TimeSpan? ExecutionTimeRemaining(HttpResponseMessage response) =>
        Value(response, ExecutionTimeRemainingHeader) is { } text ? ParseSeconds(text) : null;

    /// <summary>Seconds as Dataverse writes them: <c>1,200.00</c>, <c>987.5</c> or <c>0</c>; null for anything else.</summary>
    public static TimeSpan? ParseSeconds(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return decimal.TryParse(text.Trim(), NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            && seconds <= (decimal)TimeSpan.MaxValue.TotalSeconds / 2
                ? TimeSpan.FromSeconds((double)seconds)
                : null;
    }

    private static string? Value(HttpResponseMessage response, string name)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.NonValidated.TryGetValues(name, out var values) ? values.LastOrDefault() : null;
    }
}
