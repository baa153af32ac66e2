using System.Net;
using System.Text.Json.Nodes;
using Connector.Emulators.Dataverse.Records;

namespace Connector.Emulators.Tests.Dataverse.WebApi;

public sealed partial class QueryEndpointTests
{
    [Fact]
    public async Task Query_FilterAndSelect_ReturnsMatchingRowsWithSelectedColumns()
    {
        await using var dv = await RunningEmulator.StartAsync();
        var parent = dv.Account("P-1", "Parent");
        dv.Account("A-1", "Alpha Traders", 1000m);
        dv.Account("A-2", "Beta Supplies", 20000m);
        dv.Environment.Create("account", new Dictionary<string, object?> { ["accountnumber"] = "A-3", ["name"] = "Gamma", ["parentaccountid"] = new RecordReference("account", parent) });

        async Task<string[]> NumbersAsync(string filter)
        {
            var result = await dv.GetAsync($"accounts?$select=accountnumber&$filter={Uri.EscapeDataString(filter)}");
            Assert.Equal(HttpStatusCode.OK, result.Status);
            return result.Json["value"]!.AsArray().Select(r => r!["accountnumber"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToArray();
        }

        Assert.Equal(["A-2"], await NumbersAsync("creditlimit gt 5000"));
        Assert.Equal(["A-1", "A-2"], await NumbersAsync("creditlimit ge 1000 and (name eq 'alpha traders' or contains(name,'supp'))"));
        Assert.Equal(["A-3"], await NumbersAsync($"_parentaccountid_value eq {parent}"));
        Assert.Equal(["A-3", "P-1"], await NumbersAsync("creditlimit eq null"));
        Assert.Equal(["A-1", "A-2", "A-3"], await NumbersAsync("startswith(accountnumber,'A-') and accountnumber ne 'P-1'"));
        Assert.Equal(["P-1"], await NumbersAsync("not startswith(accountnumber,'A')"));
    }

    [Fact]
    public async Task Query_Select_ReturnsOnlySelectedColumnsAndPrimaryId()
    {
        await using var dv = await RunningEmulator.StartAsync();
        dv.Account("A-1");

        var result = await dv.GetAsync("accounts?$select=name");

        var row = Assert.Single(result.Json["value"]!.AsArray())!.AsObject();
        Assert.Equal(["@odata.etag", "name", "accountid"], row.Select(p => p.Key).ToArray());
        Assert.EndsWith("$metadata#accounts(name)", result.Json["@odata.context"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("$filter=nosuch eq 1", "Could not find a property named 'nosuch' on type 'Microsoft.Dynamics.CRM.account'.")]
    [InlineData("$filter=creditlimit eq 'x'", "incompatible types")]
    [InlineData("$filter=_parentaccountid_value eq '7d577253-3ef0-4a0a-bb7f-8335c2596e70'", "incompatible types")]
    [InlineData("$select=nosuch", "Could not find a property named 'nosuch'")]
    [InlineData("$skip=10", "$skip is not supported")]
    public async Task Query_BadQueryOption_Returns400(string query, string message)
    {
        await using var dv = await RunningEmulator.StartAsync();

        var result = await dv.GetAsync($"accounts?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal(ErrorCodes.ODataRequest, result.ErrorCode);
        Assert.Contains(message, result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_MaxPageSize_NextLinkFollowedUnchangedReturnsEveryRowOnce()
    {
        await using var dv = await RunningEmulator.StartAsync();
        for (var i = 0; i < 25; i++)
        {
            dv.Account($"A-{i:00}");
        }

        var ids = new List<string>();
        var pages = 0;
        string? link = "accounts?$select=accountnumber";
        while (link is not null)
        {
            var page = await dv.GetAsync(link, ("Prefer", "odata.maxpagesize=10"));
            Assert.Equal("odata.maxpagesize=10", page.Header("Preference-Applied"));
            ids.AddRange(page.Json["value"]!.AsArray().Select(r => r!["accountid"]!.GetValue<string>()));
            link = page.Json["@odata.nextLink"]?.GetValue<string>();
            Assert.True(link is null || link.Contains("$skiptoken=", StringComparison.Ordinal));
            pages++;
        }

        Assert.Equal(3, pages);
        Assert.Equal(25, ids.Distinct().Count());
        Assert.Equal(25, ids.Count);
    }

    [Fact]
    public async Task Query_DefaultPageSize_AppliesWithoutPreference()
    {
        await using var dv = await RunningEmulator.StartAsync(o => o.DefaultPageSize = 4);
        for (var i = 0; i < 5; i++)
        {
            dv.Account($"A-{i}");
        }

        var result = await dv.GetAsync("accounts?$select=name");

        Assert.Equal(4, result.Json["value"]!.AsArray().Count);
        Assert.NotNull(result.Json["@odata.nextLink"]);
        Assert.Null(result.Header("Preference-Applied"));
    }

    [Fact]
    public async Task Query_OrderByDescendingAcrossPages_KeepsOrder()
    {
        await using var dv = await RunningEmulator.StartAsync();
        foreach (var limit in new[] { 300m, 100m, 500m, 200m, 400m })
        {
            dv.Account($"A-{limit}", creditLimit: limit);
        }

        var first = await dv.GetAsync("accounts?$select=creditlimit&$orderby=creditlimit desc", ("Prefer", "odata.maxpagesize=3"));
        var second = await dv.GetAsync(first.Json["@odata.nextLink"]!.GetValue<string>(), ("Prefer", "odata.maxpagesize=3"));

        var limits = first.Json["value"]!.AsArray().Concat(second.Json["value"]!.AsArray()).Select(r => r!["creditlimit"]!.GetValue<decimal>());
        Assert.Equal([500m, 400m, 300m, 200m, 100m], limits.ToArray());
        Assert.Null(second.Json["@odata.nextLink"]);
    }

    [Fact]
    public async Task Query_Top_LimitsRowsButIsIgnoredWithMaxPageSize()
    {
        await using var dv = await RunningEmulator.StartAsync();
        for (var i = 0; i < 6; i++)
        {
            dv.Account($"A-{i}");
        }

        var top = await dv.GetAsync("accounts?$select=name&$top=2");
        var both = await dv.GetAsync("accounts?$select=name&$top=2", ("Prefer", "odata.maxpagesize=4"));

        Assert.Equal(2, top.Json["value"]!.AsArray().Count);
        Assert.Null(top.Json["@odata.nextLink"]);
        Assert.Equal(4, both.Json["value"]!.AsArray().Count);
        Assert.NotNull(both.Json["@odata.nextLink"]);
    }

    private static JsonArray Values(ApiResult result) => result.Json["value"]!.AsArray();
}
