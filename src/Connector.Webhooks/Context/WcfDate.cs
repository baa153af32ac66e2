using System.Globalization;

namespace Connector.Webhooks.Context;

/// <summary>
/// The WCF JSON date, <c>/Date(1506409448000-0700)/</c> (the JSON text escapes the slashes as <c>\/</c>; the reader has
/// already unescaped them): milliseconds since the Unix epoch in UTC, and an optional offset that only says which
/// zone the writer was in.
/// </summary>
public static class WcfDate
{
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = default;
        const string Prefix = "/Date(", Suffix = ")/";
        if (!text.StartsWith(Prefix, StringComparison.Ordinal) || !text.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return false;
        }

        var inner = text.AsSpan(Prefix.Length, text.Length - Prefix.Length - Suffix.Length);
        var sign = inner.Length > 1 ? inner[1..].IndexOfAny('+', '-') : -1;
        var millisText = sign < 0 ? inner : inner[..(sign + 1)];
        var offset = TimeSpan.Zero;
        if (sign >= 0)
        {
            var zone = inner[(sign + 1)..];
            if (zone.Length != 5 || !int.TryParse(zone[1..3], NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
                || !int.TryParse(zone[3..], NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) || hours > 14 || minutes > 59)
            {
                return false;
            }

            offset = new TimeSpan(hours, minutes, 0) * (zone[0] == '-' ? -1 : 1);
        }

        if (!long.TryParse(millisText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var millis)
            || millis < -62_135_510_400_000L || millis > 253_402_214_399_999L)
        {
            return false;
        }

        value = DateTimeOffset.FromUnixTimeMilliseconds(millis).ToOffset(offset);
        return true;
    }
}
