using System.Text.RegularExpressions;

namespace Connector.Emulators.Tests.Dataverse.WebApi;

/// <summary>
/// Paging as paging.docs.http prints it (page-results.md, MicrosoftDocs CC-BY-4.0; fidelity facts item 15): an absolute
/// <c>@odata.nextLink</c> after <c>value</c> whose <c>$skiptoken</c> is the encoded XML paging cookie.
/// </summary>
public sealed partial class QueryEndpointTests
{
    private static readonly string PagingFixture = DataverseFixtures.Read("paging.docs.http");

    [Fact]
    public async Task Query_Paged_NextLinkSkipTokenIsThePrintedPagingCookieByteForByte()
    {
        var printed = PrintedNextLinks();
        await using var dv = await RunningEmulator.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            dv.Account($"A-{i}");
        }

        (string, string) pageSize = ("Prefer", "odata.maxpagesize=2");
        var first = await dv.GetAsync("accounts?$select=name", pageSize);
        var firstLink = first.Json["@odata.nextLink"]!.GetValue<string>();
        var second = await dv.GetAsync(firstLink, pageSize);
        var secondLink = second.Json["@odata.nextLink"]!.GetValue<string>();

        // The printed links with their ids and names made neutral, then the emulator's made neutral the same way.
        Assert.Equal(Neutral(printed[0], "contacts", "fullname", "contactid"), Neutral(firstLink, "accounts", "name", "accountid", dv.Emulator.ApiUrl.ToString()));
        Assert.Equal(Neutral(printed[1], "contacts", "fullname", "contactid"), Neutral(secondLink, "accounts", "name", "accountid", dv.Emulator.ApiUrl.ToString()));
        Assert.Equal(["@odata.context", "value", "@odata.nextLink"], first.Json.AsObject().Select(p => p.Key).ToArray());
        Assert.Equal("odata.maxpagesize=2", first.Header("Preference-Applied"));

        // The cookie names the first and last row of the page it follows, in upper case within braces.
        var rows = Values(first).Select(r => r!["accountid"]!.GetValue<string>().ToUpperInvariant()).ToArray();
        Assert.Contains($"last%253d%2522%257b{rows[1]}%257d%2522%2520first%253d%2522%257b{rows[0]}%257d", firstLink, StringComparison.Ordinal);
        var third = await dv.GetAsync(secondLink, pageSize);
        var all = Values(first).Concat(Values(second)).Concat(Values(third)).Select(r => r!["accountid"]!.GetValue<string>()).ToArray();
        Assert.Equal(5, all.Distinct().Count());
        Assert.Null(third.Json["@odata.nextLink"]);
    }

    private static string[] PrintedNextLinks() =>
        [.. Regex.Matches(PagingFixture, "\"@odata.nextLink\": \"(?<link>[^\"]+)\"").Select(m => m.Groups["link"].Value)];

    /// <summary>The link with the service root, entity set, selected column, key column and GUIDs replaced by placeholders.</summary>
    private static string Neutral(string link, string entitySet, string column, string keyColumn, string root = "[Organization URI]/api/data/v9.2/") =>
        Regex.Replace(link, "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}", "GUID")
            .Replace(root, "ROOT/", StringComparison.Ordinal)
            .Replace(entitySet + "?", "SET?", StringComparison.Ordinal)
            .Replace("$select=" + column + "&", "$select=COLUMN&", StringComparison.Ordinal)
            .Replace("%253c" + keyColumn + "%2520", "%253cKEY%2520", StringComparison.Ordinal);
}
