using System.Globalization;
using Connector.Emulators.Dataverse.Records;

namespace Connector.Emulators.Dataverse.Query;

/// <summary>
/// The <c>$deltatoken</c> of a deltaLink, shaped like Dataverse's (<c>919042!07/01/2025 10:00:00</c>): the version the
/// read reached and when. A token older than the change tracking retention (7 days by default, the organization's
/// ExpireChangeTrackingInDays) is refused, and the client has to read everything again.
/// </summary>
internal sealed record DeltaToken(long Version, DateTimeOffset IssuedAt)
{
    private const string DateFormat = "MM/dd/yyyy HH:mm:ss";

    public static TimeSpan Retention { get; } = TimeSpan.FromDays(7);

    public override string ToString() =>
        $"{Version.ToString(CultureInfo.InvariantCulture)}!{IssuedAt.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture)}";

    public static DeltaToken Parse(string token, DateTimeOffset now)
    {
        var bang = token.IndexOf('!', StringComparison.Ordinal);
        if (bang <= 0
            || !long.TryParse(token.AsSpan(0, bang), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            || !DateTime.TryParseExact(token[(bang + 1)..], DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var issued))
        {
            throw new DataverseFaultException(400, ErrorCodes.ODataRequest, "The $deltatoken is not valid: use the @odata.deltaLink as it was returned.");
        }

        var parsed = new DeltaToken(version, new DateTimeOffset(issued, TimeSpan.Zero));
        if (now - parsed.IssuedAt > Retention)
        {
            throw new DataverseFaultException(400, ErrorCodes.ExpiredVersionStamp, "Version stamp associated with the client has expired. Please perform a full sync.");
        }

        return parsed;
    }
}
