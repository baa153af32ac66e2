using System.Globalization;
using System.Net.Http.Headers;

namespace Connector.Http;

/// <summary>
/// Reads <c>Retry-After</c> in both forms RFC 9110 allows: seconds (Dataverse sends integers, Graph fractions such as
/// 2.128, which the Graph SDK's own retry handler cannot parse; both parse here, invariantly) or an HTTP-date, measured
/// against a <see cref="TimeProvider"/>; a date already past means "now", never a negative wait. Shared by every
/// outbound boundary's retry pipeline.
/// </summary>
public static class RetryAfter
{
    /// <summary>The wait a header value asks for, or null when it is missing or unreadable.</summary>
    public static TimeSpan? Parse(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            return double.IsFinite(seconds) && seconds <= TimeSpan.MaxValue.TotalSeconds ? TimeSpan.FromSeconds(seconds) : null;
        }

        if (DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var date))
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary>The wait a response's <c>Retry-After</c> header asks for (the raw value, so fractions survive).</summary>
    public static TimeSpan? From(HttpResponseHeaders headers, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(timeProvider);
        return headers.NonValidated.TryGetValues("Retry-After", out var values)
            ? Parse(values.FirstOrDefault(), timeProvider.GetUtcNow())
            : null;
    }
}
