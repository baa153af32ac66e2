using System.Text.Json;
using Connector.Dataverse.Tests.Support;
using Connector.Dataverse.WebApi;
using Connector.Sync.Ports;

namespace Connector.Dataverse.Tests.Sync;

public sealed class WebApiDataverseTests
{
    private static readonly DataverseTable Accounts = new("account", "accounts", "accountnumber");
    private static readonly DataverseTable Orders = new("salesorder", "salesorders", "salesorderid");
    private static readonly DataverseTable Notifications = new("appnotification", "appnotifications", "appnotificationid");

    [Fact]
    public async Task UpsertAsync_BulkChunkRefused_ResendsOneByOneAndReportsOnlyTheBadRecord()
    {
        var tooLong = new string('x', 200);
        await using var server = await ScriptedServer.StartAsync(request => request switch
        {
            { PathAndQuery: var p } when p.StartsWith("/api/data/v9.2/sdkmessagefilters", StringComparison.Ordinal) => ScriptedResponse.Json("""{"value":[{"sdkmessagefilterid":"1d3c0000-0000-0000-0000-000000000001"}]}"""),
            { PathAndQuery: "/api/data/v9.2/accounts/Microsoft.Dynamics.CRM.UpsertMultiple" } => ScriptedResponse.Error(400, "0x80044331", "A validation error occurred. The length of the 'name' attribute exceeded the maximum allowed length of '160'."),
            { PathAndQuery: "/api/data/v9.2/$batch" } => BatchScript.Answer(BatchScript.Operations(request).Select(operation => operation.Body.Contains(tooLong, StringComparison.Ordinal)
                ? (400, """{"error":{"code":"0x80044331","message":"The length of the 'name' attribute exceeded the maximum allowed length of '160'."}}""")
                : (204, (string?)null))),
            _ => ScriptedResponse.Error(404, "0x80060888", "unexpected " + request.PathAndQuery),
        });
        await using var host = DataverseTestHost.Create(server.Url);

        var result = await host.Dataverse.UpsertAsync(Accounts, [Account("C-1", "Fabrikam"), Account("C-2", tooLong), Account("C-3", "Contoso")], CancellationToken.None);

        Assert.Equal(2, result.Written);
        var failure = Assert.Single(result.Failed);
        Assert.Equal(("C-2", 400, "0x80044331"), (failure.Key, failure.Status, failure.ErrorCode));
        Assert.Equal("The length of the 'name' attribute exceeded the maximum allowed length of '160'.", failure.Message);
        Assert.Equal(3, result.Requests);

        var batch = server.Requests.Single(r => r.PathAndQuery.EndsWith("$batch", StringComparison.Ordinal));
        Assert.Equal("odata.continue-on-error", batch.Header("Prefer"));
        Assert.Equal(
            ["PATCH " + server.Url + "api/data/v9.2/accounts(accountnumber='C-1') HTTP/1.1", "PATCH " + server.Url + "api/data/v9.2/accounts(accountnumber='C-2') HTTP/1.1", "PATCH " + server.Url + "api/data/v9.2/accounts(accountnumber='C-3') HTTP/1.1"],
            BatchScript.Operations(batch).Select(o => o.StartLine));
    }

    [Fact]
    public async Task UpsertAsync_BulkSupported_SendsTargetsWithTypeAndKeyAnnotationsInChunks()
    {
        await using var server = await ScriptedServer.StartAsync(request => request.PathAndQuery.Contains("sdkmessagefilters", StringComparison.Ordinal)
            ? ScriptedResponse.Json("""{"value":[{"sdkmessagefilterid":"1d3c0000-0000-0000-0000-000000000001"}]}""")
            : ScriptedResponse.NoContent());
        await using var host = DataverseTestHost.Create(server.Url, new Dictionary<string, string?> { ["BatchSize"] = "2" });

        var result = await host.Dataverse.UpsertAsync(Accounts, [Account("C-1", "A"), Account("O'Neil", "B"), Account("C-3", "C")], CancellationToken.None);

        Assert.Equal((3, 0, 3), (result.Written, result.Failed.Count, result.Requests));
        var targets = server.Requests
            .Where(r => r.PathAndQuery == "/api/data/v9.2/accounts/Microsoft.Dynamics.CRM.UpsertMultiple")
            .SelectMany(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("Targets").EnumerateArray())
            .Select(t => (Type: t.GetProperty("@odata.type").GetString(), Id: t.GetProperty("@odata.id").GetString(), Name: t.GetProperty("name").GetString()))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(
            [("Microsoft.Dynamics.CRM.account", "accounts(accountnumber='C-1')", "A"), ("Microsoft.Dynamics.CRM.account", "accounts(accountnumber='O''Neil')", "B"), ("Microsoft.Dynamics.CRM.account", "accounts(accountnumber='C-3')", "C")],
            targets);
    }

    [Fact]
    public async Task UpsertAsync_TableWithoutBulkSupport_GoesStraightToBatchAndProbesOnlyOnce()
    {
        await using var server = await ScriptedServer.StartAsync(request => request.PathAndQuery.Contains("sdkmessagefilters", StringComparison.Ordinal)
            ? ScriptedResponse.Json("""{"value":[]}""")
            : BatchScript.Answer(BatchScript.Operations(request).Select(_ => (204, (string?)null))));
        await using var host = DataverseTestHost.Create(server.Url, new Dictionary<string, string?> { ["BatchFallbackSize"] = "2" });
        var items = new DataverseTable("arc_openitem", "arc_openitems", "arc_documentnumber");

        var first = await host.Dataverse.UpsertAsync(items, [.. Enumerable.Range(1, 5).Select(i => new DataverseUpsert($"INV-{i}", """{"arc_amount":10.5}"""))], CancellationToken.None);
        var second = await host.Dataverse.UpsertAsync(items, [new DataverseUpsert("INV-9", "{}")], CancellationToken.None);

        Assert.Equal((5, 4), (first.Written, first.Requests));
        Assert.Equal((1, 1), (second.Written, second.Requests));
        Assert.Single(server.Requests, r => r.PathAndQuery.Contains("sdkmessagefilters", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Requests, r => r.PathAndQuery.EndsWith("Microsoft.Dynamics.CRM.UpsertMultiple", StringComparison.Ordinal));
        var probe = Uri.UnescapeDataString(server.Requests[0].PathAndQuery);
        Assert.Equal("/api/data/v9.2/sdkmessagefilters?$select=sdkmessagefilterid&$filter=sdkmessageid/name eq 'UpsertMultiple' and primaryobjecttypecode eq 'arc_openitem'", probe);
    }

    [Fact]
    public async Task UpsertAsync_KeyThatNoUrlCanCarry_IsReportedWithoutBeingSent()
    {
        await using var server = await ScriptedServer.StartAsync(_ => ScriptedResponse.Json("""{"value":[]}"""));
        await using var host = DataverseTestHost.Create(server.Url);

        var result = await host.Dataverse.UpsertAsync(Accounts, [Account("C/1", "Slash")], CancellationToken.None);

        var failure = Assert.Single(result.Failed);
        Assert.Equal(("C/1", 0, 0, 0), (failure.Key, failure.Status, result.Written, result.Requests));
        Assert.Equal("Not sent to accounts: the key 'C/1' contains '/', which Dataverse cannot take in a key URL (/ < > * % & : \\ ? + #); change the key in the source system", failure.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task UpsertAsync_ThrottledPastEveryRetry_ThrowsSoTheOutboxKeepsTheRecords()
    {
        await using var server = await ScriptedServer.StartAsync(request => request.PathAndQuery.Contains("sdkmessagefilters", StringComparison.Ordinal)
            ? ScriptedResponse.Json("""{"value":[{"sdkmessagefilterid":"1d3c0000-0000-0000-0000-000000000001"}]}""")
            : ScriptedResponse.Error(429, "0x80072321", "Combined execution time of incoming requests exceeded limit of 1,200,000  milliseconds over time window of 300 seconds.", ("Retry-After", "0")));
        await using var host = DataverseTestHost.Create(server.Url, new Dictionary<string, string?> { ["MaxRetries"] = "1" });

        var error = await Assert.ThrowsAsync<DataverseException>(() => host.Dataverse.UpsertAsync(Accounts, [Account("C-1", "A")], CancellationToken.None));

        Assert.Equal((429, "0x80072321", true), (error.StatusCode, error.ErrorCode, error.IsTransient));
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task WriteByIdAsync_ThrottledOnce_SendsTheSameConditionalPatchAgainAfterRetryAfter()
    {
        var order = Guid.Parse("5a0e3c1b-2222-4000-8000-000000000001");
        await using var server = await ScriptedServer.StartAsync(request => request.Number == 1
            ? ScriptedResponse.Error(429, "0x80072322", "Number of requests exceeded the limit of 6000 over time window of 300 seconds.", ("Retry-After", "0"))
            : ScriptedResponse.NoContent(("OData-EntityId", $"{request.PathAndQuery}")));
        await using var host = DataverseTestHost.Create(server.Url);
        var counter = new RequestCounter();

        var result = await host.WebApi.WriteByIdAsync(Orders, order, """{"arc_creditstatus":472000001}""", DataverseWriteMode.UpdateOnly, counter, CancellationToken.None);

        Assert.Equal(DataverseWriteStatus.Written, result.Status);
        Assert.Equal(2, counter.Count);
        Assert.All(server.Requests, r => Assert.Equal(
            ("PATCH", $"/api/data/v9.2/salesorders({order:D})", "*", null, """{"arc_creditstatus":472000001}"""),
            (r.Method, r.PathAndQuery, r.Header("If-Match"), r.Header("If-None-Match"), r.Body)));
    }

    [Theory]
    [InlineData(503, "", 2)] // retried once (MaxRetries 1), then thrown: the outbox keeps the write
    [InlineData(403, "0x80040220", 1)] // our privileges, not the record's content: thrown at once, never "Refused"
    public async Task WriteByIdAsync_NotARefusalOfContent_Throws(int status, string code, int attempts)
    {
        await using var server = await ScriptedServer.StartAsync(_ => ScriptedResponse.Error(status, code, "Not now.", ("Retry-After", "0")));
        await using var host = DataverseTestHost.Create(server.Url, new Dictionary<string, string?> { ["MaxRetries"] = "1" });

        var error = await Assert.ThrowsAsync<DataverseException>(() =>
            host.Dataverse.WriteByIdAsync(Notifications, Guid.NewGuid(), """{"title":"Order held"}""", DataverseWriteMode.CreateOnly, CancellationToken.None));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(attempts, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("*", r.Header("If-None-Match")));
    }

    [Fact]
    public async Task ReadByIdAsync_UnknownEntitySet_ThrowsInsteadOfCallingTheRecordAbsent()
    {
        await using var server = await ScriptedServer.StartAsync(_ => ScriptedResponse.Error(404, "0x80060888", "Resource not found for the segment 'salesorder'."));
        await using var host = DataverseTestHost.Create(server.Url);

        var error = await Assert.ThrowsAsync<DataverseException>(() =>
            host.Dataverse.ReadByIdAsync(new DataverseTable("salesorder", "salesorder", "salesorderid"), Guid.NewGuid(), ["_customerid_value"], CancellationToken.None));

        Assert.Equal((404, "0x80060888"), (error.StatusCode, error.ErrorCode));
        Assert.Equal("odata.include-annotations=\"*\"", Assert.Single(server.Requests).Header("Prefer"));
    }

    [Fact]
    public async Task UpsertAsync_ColumnsNotAJsonObject_ThrowsNamingTheRecord()
    {
        await using var server = await ScriptedServer.StartAsync(_ => ScriptedResponse.Json("""{"value":[]}"""));
        await using var host = DataverseTestHost.Create(server.Url);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => host.Dataverse.UpsertAsync(Accounts, [new DataverseUpsert("C-1", "[1,2]")], CancellationToken.None));

        Assert.StartsWith("Columns of record 'C-1' must be a JSON object", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task ReadChangesAsync_TwoPages_YieldsChangesAndDeletionsWithTheDeltaLinkOnlyOnTheLast()
    {
        string? nextLink = null;
        Uri? baseUrl = null;
        await using var server = await ScriptedServer.StartAsync(request => request.Number switch
        {
            1 => ScriptedResponse.Json($$"""
                {"@odata.context":"x","value":[
                  {"@odata.etag":"W/\"1\"","accountid":"0a000000-0000-0000-0000-000000000001","accountnumber":"C-1","arc_manualhold":true,"_ownerid_value":"0b000000-0000-0000-0000-000000000001","_ownerid_value@OData.Community.Display.V1.FormattedValue":"Ana Collector"}],
                 "@odata.nextLink":"{{nextLink}}"}
                """),
            _ => ScriptedResponse.Json($$"""
                {"@odata.context":"x","value":[
                  {"@odata.context":"{{baseUrl}}api/data/v9.2/$metadata#accounts/$deletedEntity","id":"0a000000-0000-0000-0000-000000000002","reason":"deleted"}],
                 "@odata.deltaLink":"{{baseUrl}}api/data/v9.2/accounts?$select=accountnumber,arc_manualhold,accountid&$deltatoken=919042%2108%2f22%2f2026"}
                """),
        });
        baseUrl = server.Url;
        nextLink = server.Url + "api/data/v9.2/accounts?$select=accountnumber&$skiptoken=%3Ccookie%20pagenumber=%222%22%20/%3E";
        await using var host = DataverseTestHost.Create(server.Url);

        var pages = await ToListAsync(host.Dataverse.ReadChangesAsync(Accounts, ["accountnumber", "arc_manualhold"], null, CancellationToken.None));

        Assert.Equal(2, pages.Count);
        var change = Assert.Single(pages[0].Changed);
        Assert.Equal(Guid.Parse("0a000000-0000-0000-0000-000000000001"), change.Id);
        Assert.Equal("Ana Collector", change.Record.GetProperty("_ownerid_value@OData.Community.Display.V1.FormattedValue").GetString());
        Assert.Null(pages[0].DeltaLink);
        Assert.Equal([Guid.Parse("0a000000-0000-0000-0000-000000000002")], pages[1].Deleted);
        Assert.EndsWith("$deltatoken=919042%2108%2f22%2f2026", pages[1].DeltaLink, StringComparison.Ordinal);

        Assert.Equal("/api/data/v9.2/accounts?$select=accountnumber%2Carc_manualhold%2Caccountid", server.Requests[0].PathAndQuery);
        Assert.Equal("/api/data/v9.2/accounts?$select=accountnumber&$skiptoken=%3Ccookie%20pagenumber=%222%22%20/%3E", server.Requests[1].PathAndQuery);
        Assert.All(server.Requests, r => Assert.Equal(
            "odata.track-changes,odata.maxpagesize=5000,odata.include-annotations=\"*\"",
            r.Header("Prefer")));
    }

    [Fact]
    public async Task ReadChangesAsync_ExpiredDeltaLink_StartsOverFromEverythingAndSaysSo()
    {
        await using var server = await ScriptedServer.StartAsync(request => request.PathAndQuery.Contains("$deltatoken", StringComparison.Ordinal)
            ? ScriptedResponse.Error(400, "0x80044352", "The delta token has expired.")
            : ScriptedResponse.Json("""{"value":[{"accountid":"0a000000-0000-0000-0000-000000000003","accountnumber":"C-3"}],"@odata.deltaLink":"https://x/api/data/v9.2/accounts?$deltatoken=2"}"""));
        await using var host = DataverseTestHost.Create(server.Url);

        var pages = await ToListAsync(host.Dataverse.ReadChangesAsync(Accounts, ["accountnumber"], server.Url + "api/data/v9.2/accounts?$select=accountnumber&$deltatoken=1", CancellationToken.None));

        var page = Assert.Single(pages);
        Assert.Equal("C-3", Assert.Single(page.Changed).Record.GetProperty("accountnumber").GetString());
        Assert.Equal("https://x/api/data/v9.2/accounts?$deltatoken=2", page.DeltaLink);
        Assert.Contains(host.Logs.Lines, line => line.Contains("Dataverse refused the stored delta link for accounts (400 0x80044352", StringComparison.Ordinal)
            && line.EndsWith("probably expired; reading every record again from the start", StringComparison.Ordinal));
    }

    private static DataverseUpsert Account(string number, string name) => new(number, JsonSerializer.Serialize(new { name }));

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
