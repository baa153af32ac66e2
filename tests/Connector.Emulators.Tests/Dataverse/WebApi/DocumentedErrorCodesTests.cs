using System.Net;
using System.Text.RegularExpressions;

namespace Connector.Emulators.Tests.Dataverse.WebApi;

/// <summary>
/// The statuses of conditional operations as printed in conditional-operations.docs.http (MicrosoftDocs, CC-BY-4.0),
/// with the hex codes real servers send in place of the docs' empty <c>"code": ""</c> (fidelity facts items 1 and 2:
/// 0x80060892 duplicate alternate key, 0x80060882 stale If-Match, 0x80040237 duplicate record, 0x80060891 missing key).
/// </summary>
public sealed partial class DocumentedErrorCodesTests
{
    private static readonly string Fixture = DataverseFixtures.Read("conditional-operations.docs.http");

    [Fact]
    public async Task Upsert_IfMatchStarOnMissingKey_AnswersTheDocumented404WithKeyedRecordDoesNotExist()
    {
        await using var dv = await RunningEmulator.StartAsync();

        var result = await dv.PatchAsync("accounts(accountnumber='ERP-9')", """{"name":"x"}""", ("If-Match", "*"));

        Assert.Equal(DocumentedStatus("## Prevent create in upsert"), result.Status);
        Assert.Equal("0x80060891", result.ErrorCode);
    }

    [Fact]
    public async Task Upsert_IfNoneMatchStarOnExistingKey_AnswersTheDocumented412WithDuplicateAlternateKey()
    {
        await using var dv = await RunningEmulator.StartAsync();
        dv.Account("ERP-1", "Original");

        var result = await dv.PatchAsync("accounts(accountnumber='ERP-1')", """{"name":"Changed"}""", ("If-None-Match", "*"));

        Assert.Equal(DocumentedStatus("## Prevent update in upsert"), result.Status);
        Assert.Equal("0x80060892", result.ErrorCode);
        Assert.NotEqual("0x80060882", result.ErrorCode); // the confusion one public codebase shipped (fact 1)
    }

    [Fact]
    public async Task Upsert_IfNoneMatchStarOnExistingId_AnswersTheDocumented412WithDuplicateRecord()
    {
        await using var dv = await RunningEmulator.StartAsync();
        var id = dv.Account("ERP-1", "Original");

        var result = await dv.PatchAsync($"accounts({id})", """{"name":"Changed"}""", ("If-None-Match", "*"));

        Assert.Equal(DocumentedStatus("## Prevent update in upsert"), result.Status);
        Assert.Equal("0x80040237", result.ErrorCode);
    }

    [Fact]
    public async Task Update_StaleIfMatch_AnswersTheDocumented412WithConcurrencyVersionMismatch()
    {
        await using var dv = await RunningEmulator.StartAsync();
        var id = dv.Account("ERP-1");
        var etag = (await dv.GetAsync($"accounts({id})?$select=name")).Json["@odata.etag"]!.GetValue<string>();
        dv.Environment.Update("account", id, new Dictionary<string, object?> { ["name"] = "Moved on" }, "Anna Berg");

        var result = await dv.PatchAsync($"accounts({id})", """{"name":"Mine"}""", ("If-Match", etag));

        Assert.Equal(DocumentedStatus("## Optimistic concurrency on PATCH"), result.Status);
        Assert.Equal("0x80060882", result.ErrorCode);
        Assert.Contains(result.ErrorMessage, Fixture, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_DuplicateAlternateKey_Answers412WithDuplicateAlternateKeyNot409()
    {
        await using var dv = await RunningEmulator.StartAsync();
        dv.Account("ERP-1");

        var result = await dv.PostAsync("accounts", """{"accountnumber":"ERP-1"}""");

        Assert.Equal(HttpStatusCode.PreconditionFailed, result.Status); // fact 1: 412, not 409/400
        Assert.Equal("0x80060892", result.ErrorCode);
    }

    /// <summary>The status line of the first response after the section whose title starts with <paramref name="section"/>.</summary>
    private static HttpStatusCode DocumentedStatus(string section)
    {
        var start = Fixture.IndexOf(section, StringComparison.Ordinal);
        Assert.True(start >= 0, $"conditional-operations.docs.http has no section '{section}'");
        var status = StatusLine().Match(Fixture, start);
        Assert.True(status.Success, $"conditional-operations.docs.http has no response after '{section}'");
        return (HttpStatusCode)int.Parse(status.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^HTTP/1\.1 (\d{3}) ", RegexOptions.Multiline)]
    private static partial Regex StatusLine();
}
