using System.Globalization;
using System.Text.RegularExpressions;
using Connector.Emulators.Dataverse.Records;

namespace Connector.Emulators.Dataverse.Query;

/// <summary>
/// Where the next page starts, carried in <c>$skiptoken</c> the way paging.http (page-results.md) prints it: a
/// <c>&lt;cookie pagenumber="2" pagingcookie="…" istracking="False" /&gt;</c> element whose <c>pagingcookie</c> is the
/// inner <c>&lt;cookie page="1"&gt;&lt;contactid last="{…}" first="{…}" /&gt;&lt;/cookie&gt;</c> percent-encoded once in
/// lower case; in the nextLink the element is encoded again, leaving <c>=</c> and <c>/</c> as they are. Clients follow
/// the nextLink unchanged and never look inside. For a change tracking read it also fixes the version window it covers.
/// </summary>
/// <param name="PageNumber">The page the token leads to (2 for the first nextLink).</param>
/// <param name="LastId">The id of the last row returned (id-ordered queries).</param>
/// <param name="FromVersion">Change tracking: changes after this version…</param>
/// <param name="ToVersion">…up to this one (the environment's version when the read started)…</param>
/// <param name="LastVersion">…after the last change already returned.</param>
/// <param name="FirstId">The id of the first row returned (written, as Dataverse does, but not needed to resume).</param>
internal sealed partial record PagingCookie(int PageNumber, Guid? LastId, long? FromVersion = null, long? ToVersion = null, long? LastVersion = null, Guid? FirstId = null)
{
    public string Render(string primaryIdAttribute)
    {
        var inner = LastVersion is { } last
            ? $"<cookie page=\"{PageNumber - 1}\" versions=\"{FromVersion}!{ToVersion}!{last}\" />"
            : $"<cookie page=\"{PageNumber - 1}\"><{primaryIdAttribute} last=\"{Braced(LastId)}\" first=\"{Braced(FirstId ?? LastId)}\" /></cookie>";
        var tracking = LastVersion is null ? "False" : "True";
        return $"<cookie pagenumber=\"{PageNumber.ToString(CultureInfo.InvariantCulture)}\" pagingcookie=\"{PercentEncode(inner, lowerCase: true, keep: "")}\" istracking=\"{tracking}\" />";
    }

    /// <summary>The token as it stands in the nextLink: <c>%3Ccookie%20pagenumber=%222%22%20…%20/%3E</c>.</summary>
    public static string EncodeForLink(string token) => PercentEncode(token, lowerCase: false, keep: "=/");

    private static string Braced(Guid? id) => "{" + id?.ToString("D").ToUpperInvariant() + "}";

    /// <summary>Percent-encodes every character but letters, digits, <c>-._~</c> and <paramref name="keep"/> (UTF-8 bytes).</summary>
    private static string PercentEncode(string text, bool lowerCase, string keep)
    {
        var encoded = new System.Text.StringBuilder(text.Length * 2);
        var hex = lowerCase ? "x2" : "X2";
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (b < 0x80 && (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' || keep.Contains(c, StringComparison.Ordinal)))
            {
                encoded.Append(c);
            }
            else
            {
                encoded.Append('%').Append(b.ToString(hex, CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }

    public static PagingCookie Parse(string token)
    {
        var outer = OuterPattern().Match(token);
        if (!outer.Success)
        {
            throw Invalid();
        }

        var page = int.Parse(outer.Groups["page"].Value, CultureInfo.InvariantCulture);
        var inner = Uri.UnescapeDataString(outer.Groups["cookie"].Value);
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
