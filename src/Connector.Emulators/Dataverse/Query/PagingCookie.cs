using System.Globalization;
using System.Text.RegularExpressions;
using Connector.Emulators.Dataverse.Records;

namespace Connector.Emulators.Dataverse.Query;

/// <summary>
/// Where the next page starts, carried in <c>$skiptoken</c> the way Dataverse carries it: a <c>&lt;cookie&gt;</c>
/// element whose <c>pagingcookie</c> attribute is itself URL-encoded twice. Clients follow the nextLink unchanged and
/// never look inside. For a change tracking read it also fixes the version window the read covers.
/// </summary>
/// <param name="PageNumber">The page the token leads to (2 for the first nextLink).</param>
/// <param name="LastId">The id of the last row returned (id-ordered queries).</param>
/// <param name="FromVersion">Change tracking: changes after this version…</param>
/// <param name="ToVersion">…up to this one (the environment's version when the read started)…</param>
/// <param name="LastVersion">…after the last change already returned.</param>
internal sealed partial record PagingCookie(int PageNumber, Guid? LastId, long? FromVersion = null, long? ToVersion = null, long? LastVersion = null)
{
    public string Render(string primaryIdAttribute)
    {
        var inner = LastVersion is { } last
            ? $"<cookie page=\"{PageNumber - 1}\" versions=\"{FromVersion}!{ToVersion}!{last}\" />"
            : $"<cookie page=\"{PageNumber - 1}\"><{primaryIdAttribute} last=\"{{{LastId?.ToString("D").ToUpperInvariant()}}}\" /></cookie>";
        var encoded = Uri.EscapeDataString(Uri.EscapeDataString(inner));
        var tracking = LastVersion is null ? "False" : "True";
        return $"<cookie pagenumber=\"{PageNumber.ToString(CultureInfo.InvariantCulture)}\" pagingcookie=\"{encoded}\" istracking=\"{tracking}\" />";
    }

    public static PagingCookie Parse(string token)
    {
        var outer = OuterPattern().Match(token);
        if (!outer.Success)
        {
            throw Invalid();
        }

        var page = int.Parse(outer.Groups["page"].Value, CultureInfo.InvariantCulture);
        var inner = Uri.UnescapeDataString(Uri.UnescapeDataString(outer.Groups["cookie"].Value));
        if (VersionsPattern().Match(inner) is { Success: true } versions)
        {
            return new PagingCookie(page, null,
                long.Parse(versions.Groups["from"].Value, CultureInfo.InvariantCulture),
                long.Parse(versions.Groups["to"].Value, CultureInfo.InvariantCulture),
                long.Parse(versions.Groups["last"].Value, CultureInfo.InvariantCulture));
        }

        if (LastIdPattern().Match(inner) is { Success: true } last && Guid.TryParse(last.Groups["id"].Value, out var id))
        {
            return new PagingCookie(page, id);
        }

        throw Invalid();
    }

    private static DataverseFaultException Invalid() =>
        new(400, ErrorCodes.ODataRequest, "The $skiptoken is not valid: follow @odata.nextLink unchanged.");

    [GeneratedRegex("pagenumber=\"(?<page>[0-9]{1,9})\"\\s+pagingcookie=\"(?<cookie>[^\"]*)\"")]
    private static partial Regex OuterPattern();

    [GeneratedRegex("versions=\"(?<from>[0-9]+)!(?<to>[0-9]+)!(?<last>[0-9]+)\"")]
    private static partial Regex VersionsPattern();

    [GeneratedRegex("last=\"\\{(?<id>[0-9A-Fa-f-]{36})\\}\"")]
    private static partial Regex LastIdPattern();
}
