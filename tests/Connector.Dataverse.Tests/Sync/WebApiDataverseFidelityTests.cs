using System.Text.Json;
using System.Text.RegularExpressions;
using Connector.Dataverse.Requests;
using Connector.Dataverse.Resilience;
using Connector.Dataverse.Tests.Support;
using Connector.Dataverse.WebApi;
using Connector.Emulators.Dataverse;
using Connector.Emulators.Dataverse.Metadata;
using Connector.Sync.Ports;

namespace Connector.Dataverse.Tests.Sync;

/// <summary>
/// The client against an emulator that answers as Dataverse is documented and recorded to answer (issue 15): the key
/// URL in <c>OData-EntityId</c>, UpsertMultiple refusing a key twice, a <c>$batch</c> that stops at its first failure,
/// the rate-limit headers as captured, and paging cookies followed unchanged.
/// </summary>
public sealed partial class WebApiDataverseFidelityTests
{
    private static readonly DataverseTable Accounts = new("account", "accounts", "accountnumber");
    private static readonly DataverseTable Contacts = new("contact", "contacts", "emailaddress1");

    [Fact]
    public async Task UpsertRecordRequest_ByKey_KeepsTheKeyUrlDataverseEchoesAndClaimsNoId()
    {
        await using var dv = await StartAsync();

        var created = await dv.Host.Client.SendAsync(new UpsertRecordRequest("accounts", "accountnumber", "C-1", """{"name":"Fabrikam"}"""), CancellationToken.None);
        var updated = await dv.Host.Client.SendAsync(new UpsertRecordRequest("accounts", "accountnumber", "C-1", """{"name":"Fabrikam GmbH"}"""), CancellationToken.None);

        Assert.Equal($"{dv.Emulator.ApiUrl}accounts(accountnumber='C-1')", created.EntityUrl);
        Assert.Equal(created.EntityUrl, updated.EntityUrl);
        Assert.Equal((null, null), (created.Id, updated.Id));
        Assert.Equal("Fabrikam GmbH", Assert.Single(dv.Emulator.Environment.Records("account"))["name"]);
    }

    [Theory]
    [InlineData("https://x/api/data/v9.2/accounts(0a000000-0000-0000-0000-00000000000a)", "0a000000-0000-0000-0000-00000000000a")]
    [InlineData("https://x/api/data/v9.2/accounts(accountnumber='C-1')", null)]
    [InlineData("https://x/api/data/v9.2/accounts(accountnumber='(0a000000-0000-0000-0000-00000000000a)')", null)]
    [InlineData("https://x/api/data/v9.2/example_records(example_key1=2,example_key2=2)", null)]
    public void FromEntityIdUrl_IdOrKeyUrl_ReadsOnlyARecordId(string url, string? id)
    {
        Assert.Equal(id is null ? null : Guid.Parse(id), EntityIds.FromEntityIdUrl(url));
    }

    [Fact]
    public async Task UpsertAsync_SameKeyTwiceInOneCall_SendsOneTargetPerKeySoUpsertMultipleAcceptsIt()
    {
        await using var dv = await StartAsync();

        var result = await dv.Host.Dataverse.UpsertAsync(
            Accounts,
            [Account("C-1", "First"), Account("C-2", "Other"), Account("C-1", "Second")],
            CancellationToken.None);

        Assert.Equal((3, 0), (result.Written, result.Failed.Count));
        Assert.Equal(2, result.Requests); // the probe and one UpsertMultiple: no refusal, no $batch fallback
        Assert.Equal(
            [("C-1", "Second"), ("C-2", "Other")],
            dv.Emulator.Environment.Records("account").Select(r => ((string)r["accountnumber"]!, (string)r["name"]!)).Order());
    }

    [Fact]
    public async Task UpsertAsync_BatchThatStopsAtTheFirstFailure_ParksOnlyTheBadRecordAndWritesTheRest()
    {
        // An environment that ignores odata.continue-on-error answers 400 with the first failure alone (batch.http):
        // the client cannot tell which part failed, so it sends each record again on its own (an upsert by key is
        // idempotent) and reports exactly the bad one.
        await using var dv = await StartAsync(o => o.BatchHonoursContinueOnError = false);
        var tooLong = new string('x', 101);

        var result = await dv.Host.Dataverse.UpsertAsync(
            Contacts,
            [Contact("a@example.com", "Ng"), Contact("b@example.com", tooLong), Contact("c@example.com", "Berg")],
            CancellationToken.None);

        Assert.Equal(2, result.Written);
        var failure = Assert.Single(result.Failed);
        Assert.Equal(("b@example.com", 400, "0x80044331"), (failure.Key, failure.Status, failure.ErrorCode));
        Assert.Equal(["Berg", "Ng"], dv.Emulator.Environment.Records("contact").Select(r => (string)r["lastname"]!).Order(StringComparer.Ordinal));
        Assert.Contains(dv.Host.Logs.Lines, l => l.Contains("stopped at the first failure despite odata.continue-on-error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpsertAsync_BatchHonouringContinueOnError_StillOneBatchForTheChunk()
    {
        await using var dv = await StartAsync();

        var result = await dv.Host.Dataverse.UpsertAsync(
            Contacts,
            [Contact("a@example.com", "Ng"), Contact("b@example.com", new string('x', 101)), Contact("c@example.com", "Berg")],
            CancellationToken.None);

        Assert.Equal((2, 1, 2), (result.Written, result.Failed.Count, result.Requests)); // the probe and one $batch
    }

    [Fact]
    public void ParseSeconds_TheCapturedHeaderValue_ReadsThousandsSeparatorAndDecimals()
    {
        var captured = DataverseFixtures.Read("whoami-response-headers.captured.http");
        var printed = Regex.Match(captured, "^x-ms-ratelimit-time-remaining-xrm-requests: (?<value>.+)$", RegexOptions.Multiline).Groups["value"].Value.Trim();

        Assert.Equal("1,200.00", printed);
        Assert.Equal(TimeSpan.FromSeconds(1200), RateLimitHeaders.ParseSeconds(printed));
        Assert.Equal(TimeSpan.FromSeconds(987.25), RateLimitHeaders.ParseSeconds("987.25"));
        Assert.Null(RateLimitHeaders.ParseSeconds("soon"));
    }

    [Fact]
    public async Task SendAsync_AnyAnswer_RecordsTheRemainingBudgetDataverseReports()
    {
        await using var dv = await StartAsync();

        await dv.Host.Client.SendAsync(new WhoAmIRequest(), CancellationToken.None);

        Assert.Equal((5999, TimeSpan.FromSeconds(1200)), dv.Host.Concurrency.LastRemaining);
    }

    [Fact]
    public void RateLimitHeaders_CapturedResponse_ReadsBothValues()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation(RateLimitHeaders.ExecutionTimeRemainingHeader, "1,200.00");
        response.Headers.TryAddWithoutValidation(RateLimitHeaders.RequestsRemainingHeader, "5999");

        Assert.Equal(TimeSpan.FromSeconds(1200), RateLimitHeaders.ExecutionTimeRemaining(response));
        Assert.Equal(5999, RateLimitHeaders.RequestsRemaining(response));
    }

    [Fact]
    public async Task NextPage_PagingCookieNextLinks_FollowedUnchangedToTheLastPage()
    {
        await using var dv = await StartAsync();
        for (var i = 0; i < 5; i++)
        {
            dv.Emulator.Environment.Create("account", new Dictionary<string, object?> { ["accountnumber"] = $"C-{i}", ["name"] = $"Customer {i}" });
        }

        var links = new List<string>();
        var page = await dv.Host.Client.SendAsync(new RetrieveMultipleRequest("accounts", ["accountnumber"], maxPageSize: 2), CancellationToken.None);
        var seen = page.Records.Select(r => r.GetProperty("accountnumber").GetString()!).ToList();
        while (page.NextLink is { } next)
        {
            links.Add(next);
            page = await dv.Host.Client.SendAsync(RetrieveMultipleRequest.NextPage(next, maxPageSize: 2), CancellationToken.None);
            seen.AddRange(page.Records.Select(r => r.GetProperty("accountnumber").GetString()!));
        }

        var all = new List<string>();
        await foreach (var records in dv.Host.WebApi.ReadAllAsync(Accounts, ["accountnumber"], CancellationToken.None))
        {
            all.AddRange(records.Select(r => r.GetProperty("accountnumber").GetString()!));
        }

        Assert.Equal(["C-0", "C-1", "C-2", "C-3", "C-4"], seen.Order(StringComparer.Ordinal));
        Assert.Equal(seen.Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));
        Assert.Equal(2, links.Count);
        Assert.All(links, l => Assert.StartsWith($"{dv.Emulator.ApiUrl}accounts?$select=accountnumber&$skiptoken=%3Ccookie%20pagenumber=%22", l, StringComparison.Ordinal));
    }

    private static DataverseUpsert Account(string number, string name) => new(number, JsonSerializer.Serialize(new { name }));

    private static DataverseUpsert Contact(string email, string lastName) => new(email, JsonSerializer.Serialize(new { lastname = lastName }));

    private static async Task<Running> StartAsync(Action<DataverseEmulatorOptions>? configure = null)
    {
        var options = new DataverseEmulatorOptions();
        options.BulkMessageStandardTables.Remove("contact");
        configure?.Invoke(options);
        var emulator = await DataverseEmulator.StartAsync(options, CancellationToken.None);
        emulator.Environment.Import(
        [
            Table("account", new KeyDefinition("arc_accountnumber_key", ["accountnumber"])),
            Table("contact", new KeyDefinition("arc_contactemail_key", ["emailaddress1"])),
        ]);
        return new Running(emulator, DataverseTestHost.Create(emulator.BaseAddress));
    }

    private static TableDefinition Table(string logicalName, KeyDefinition key) =>
        StandardTables.All.Single(t => t.LogicalName == logicalName) with { Keys = [key] };

    private sealed record Running(DataverseEmulator Emulator, DataverseTestHost Host) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            await Emulator.DisposeAsync();
        }
    }
}
