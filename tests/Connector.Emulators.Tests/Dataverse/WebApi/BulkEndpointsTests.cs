using System.Net;
using Connector.Emulators.Dataverse.Records;

namespace Connector.Emulators.Tests.Dataverse.WebApi;

public sealed class BulkEndpointsTests
{
    /// <summary>bulk-operations.md as excerpted in bulk-upsertmultiple.docs.http (MicrosoftDocs, CC-BY-4.0).</summary>
    private static readonly string Fixture = DataverseFixtures.Read("bulk-upsertmultiple.docs.http");

    [Fact]
    public async Task UpsertMultiple_DocsSample_Answers204NoContentWithoutAResponseBody()
    {
        // The docs' own request, its table and column renamed to ones the emulator has: four targets by '@odata.id'.
        var start = Fixture.IndexOf("POST [Organization Uri]/api/data/v9.2/sample_examples/Microsoft.Dynamics.CRM.UpsertMultiple", StringComparison.Ordinal);
        var bodyStart = Fixture.IndexOf("\n{", start, StringComparison.Ordinal) + 1;
        var statusAt = Fixture.IndexOf("HTTP/1.1 ", bodyStart, StringComparison.Ordinal);
        var printedStatus = Fixture.Substring(statusAt + 9, 3);
        var body = Fixture[bodyStart..statusAt]
            .Replace("Microsoft.Dynamics.CRM.sample_example", "Microsoft.Dynamics.CRM.arc_openitem", StringComparison.Ordinal)
            .Replace("sample_examples(sample_keyattribute=", "arc_openitems(arc_documentnumber=", StringComparison.Ordinal)
            .Replace("\"sample_name\"", "\"arc_daysoverdue\"", StringComparison.Ordinal);
        body = System.Text.RegularExpressions.Regex.Replace(body, "\"sample record 0*(\\d+)\"", "$1"); // a whole number for the renamed column
        Assert.Equal("204", printedStatus);
        Assert.Contains("The `UpsertMultipleResponse` complex type is not returned.", Fixture, StringComparison.Ordinal);
        await using var dv = await RunningEmulator.StartAsync();

        var result = await dv.PostAsync("arc_openitems/Microsoft.Dynamics.CRM.UpsertMultiple", body);

        Assert.Equal(HttpStatusCode.NoContent, result.Status);
        Assert.Equal(string.Empty, result.Text);
        Assert.Equal(
            ["0000001", "0000002", "0000003", "0000004"],
            dv.Environment.Records("arc_openitem").Select(r => (string)r["arc_documentnumber"]!).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UpsertMultiple_TwoTargetsForOneKey_RefusedWholeWithAnErrorNamingBoth(bool exists)
    {
        Assert.Contains("`UpsertMultiple` will return an error.", Fixture, StringComparison.Ordinal);
        await using var dv = await RunningEmulator.StartAsync();
        if (exists)
        {
            dv.Account("C-1", "Before");
        }

        var result = await dv.PostAsync("accounts/Microsoft.Dynamics.CRM.UpsertMultiple", """
            {"Targets":[
              {"@odata.type":"Microsoft.Dynamics.CRM.account","@odata.id":"accounts(accountnumber='C-0')","name":"Other"},
              {"@odata.type":"Microsoft.Dynamics.CRM.account","@odata.id":"accounts(accountnumber='C-1')","name":"One"},
              {"@odata.type":"Microsoft.Dynamics.CRM.account","accountnumber":"C-1","name":"Two"}
            ]}
            """);

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal(ErrorCodes.InvalidArgument, result.ErrorCode);
        Assert.StartsWith("Targets[1] and Targets[2] identify the same account record", result.ErrorMessage, StringComparison.Ordinal);
        // A standard table rolls the whole message back.
        Assert.Equal(exists ? ["Before"] : [], dv.Environment.Records("account").Select(r => (string)r["name"]!).ToArray());
    }

    [Fact]
    public async Task UpsertMultiple_KeyColumnAlsoInBody_RefusedOnCreateToleratedOnUpdate()
    {
        // Fidelity facts item 6 (microsoft/PowerPlatform-DataverseClient-Python PR #127, recorded against Dataverse).
        await using var dv = await RunningEmulator.StartAsync();
        var existing = dv.Account("C-1", "Before");
        static string Targets(string key) =>
            $$"""{"Targets":[{"@odata.type":"Microsoft.Dynamics.CRM.account","@odata.id":"accounts(accountnumber='{{key}}')","accountnumber":"{{key}}","name":"After"}]}""";

        var update = await dv.PostAsync("accounts/Microsoft.Dynamics.CRM.UpsertMultiple", Targets("C-1"));
        var create = await dv.PostAsync("accounts/Microsoft.Dynamics.CRM.UpsertMultiple", Targets("C-2"));

        Assert.Equal(HttpStatusCode.NoContent, update.Status);
        Assert.Equal("After", dv.Environment.Record("account", existing)!["name"]);
        Assert.Equal(HttpStatusCode.BadRequest, create.Status);
        Assert.Equal(("0x80040216", "An unexpected error occurred."), (create.ErrorCode, create.ErrorMessage));
        Assert.Equal(1, dv.Environment.Count("account"));
    }

    [Fact]
    public async Task UpsertMultiple_NewAndExistingTargets_Returns204AndWritesAll()
    {
        await using var dv = await RunningEmulator.StartAsync();
        var existing = dv.Account("C-1", "Old name");

        var result = await dv.PostAsync("accounts/Microsoft.Dynamics.CRM.UpsertMultiple", """
            {"Targets":[
              {"@odata.type":"Microsoft.Dynamics.CRM.account","@odata.id":"accounts(accountnumber='C-1')","name":"New name"},
              {"@odata.type":"Microsoft.Dynamics.CRM.account","@odata.id":"accounts(accountnumber='C-2')","name":"Second"},
              {"@odata.type":"Microsoft.Dynamics.CRM.account","accountnumber":"C-3","name":"Third"}
            ]}
            """);

        Assert.Equal(HttpStatusCode.NoContent, result.Status);
        Assert.Equal(3, dv.Environment.Count("account"));
        Assert.Equal("New name", dv.Environment.Record("account", existing)!["name"]);
        Assert.Contains(dv.Environment.Records("account"), r => (string?)r["accountnumber"] == "C-2" && (string?)r["name"] == "Second");
    }

    [Fact]
    public async Task UpsertMultiple_OneInvalidTarget_WritesNothingAndReturnsItsError()
    {
        await using var dv = await RunningEmulator.StartAsync();
        var existing = dv.Account("C-1", "Old name");

        var result = await dv.PostAsync("accounts/Microsoft.Dynamics.CRM.UpsertMultiple", $$"""
            {"Targets":[
              {"@odata.type":"Microsoft.Dynamics.CRM.account","@odata.id":"accounts(accountnumber='C-1')","name":"New name"},
              {"@odata.type":"Microsoft.Dynamics.CRM.account","@odata.id":"accounts(accountnumber='C-2')","name":"Second"},
              {"@odata.type":"Microsoft.Dynamics.CRM.account","@odata.id":"accounts(accountnumber='C-3')","name":"{{new string('x', 161)}}"}
            ]}
            """);

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal("0x80044331", result.ErrorCode);
        Assert.Equal(1, dv.Environment.Count("account"));
        Assert.Equal("Old name", dv.Environment.Record("account", existing)!["name"]);
    }

    [Theory]
    [InlineData("""{"Targets":[{"accountnumber":"C-1"}]}""", "has no '@odata.type'")]
    [InlineData("""{"Targets":[{"@odata.type":"Microsoft.Dynamics.CRM.contact","accountnumber":"C-1"}]}""", "all targets must be of the type")]
    public async Task UpsertMultiple_TargetTypeMissingOrForeign_Returns400(string body, string message)
    {
        await using var dv = await RunningEmulator.StartAsync();

        var result = await dv.PostAsync("accounts/Microsoft.Dynamics.CRM.UpsertMultiple", body);

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Contains(message, result.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(0, dv.Environment.Count("account"));
    }

    [Fact]
    public async Task CreateMultiple_CustomTable_Returns200WithIdsInOrder()
    {
        await using var dv = await RunningEmulator.StartAsync();

        var result = await dv.PostAsync("arc_openitems/Microsoft.Dynamics.CRM.CreateMultiple", """
            {"Targets":[
              {"@odata.type":"Microsoft.Dynamics.CRM.arc_openitem","arc_documentnumber":"INV-1"},
              {"@odata.type":"Microsoft.Dynamics.CRM.arc_openitem","arc_documentnumber":"INV-2"}
            ]}
            """);

        Assert.Equal(HttpStatusCode.OK, result.Status);
        var ids = result.Json["Ids"]!.AsArray().Select(i => Guid.Parse(i!.GetValue<string>())).ToArray();
        Assert.Equal("INV-1", dv.Environment.Record("arc_openitem", ids[0])!["arc_documentnumber"]);
        Assert.Equal("INV-2", dv.Environment.Record("arc_openitem", ids[1])!["arc_documentnumber"]);
    }

    [Fact]
    public async Task UpdateMultiple_OneMissingRecord_Returns404AndUpdatesNothing()
    {
        await using var dv = await RunningEmulator.StartAsync();
        var existing = dv.Account("C-1", "Old name");

        var result = await dv.PostAsync("accounts/Microsoft.Dynamics.CRM.UpdateMultiple", $$"""
            {"Targets":[
              {"@odata.type":"Microsoft.Dynamics.CRM.account","accountid":"{{existing}}","name":"New name"},
              {"@odata.type":"Microsoft.Dynamics.CRM.account","accountid":"{{Guid.NewGuid()}}","name":"Ghost"}
            ]}
            """);

        Assert.Equal(HttpStatusCode.NotFound, result.Status);
        Assert.Equal("Old name", dv.Environment.Record("account", existing)!["name"]);
    }

    [Fact]
    public async Task UpsertMultiple_StandardTableWithoutBulkSupport_Returns400()
    {
        Assert.Contains("`UpsertMultiple` is available for tables that support `CreateMultiple` and `UpdateMultiple`.", Fixture, StringComparison.Ordinal);
        await using var dv = await RunningEmulator.StartAsync();

        var result = await dv.PostAsync("salesorders/Microsoft.Dynamics.CRM.UpsertMultiple", """{"Targets":[{"@odata.type":"Microsoft.Dynamics.CRM.salesorder","name":"SO"}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal(ErrorCodes.MessageNotSupportedForEntity, result.ErrorCode);
        Assert.StartsWith("The 'UpsertMultiple' method does not support entities of type 'salesorder'.", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UpsertMultiple", "account", 1)]
    [InlineData("CreateMultiple", "arc_openitem", 1)]
    [InlineData("UpdateMultiple", "contact", 1)]
    [InlineData("UpsertMultiple", "salesorder", 0)]
    [InlineData("UpsertMultiple", "appnotification", 0)]
    public async Task SdkMessageFilters_AgreeWithWhatTheMessageAccepts(string message, string table, int rows)
    {
        await using var dv = await RunningEmulator.StartAsync();

        var filter = Uri.EscapeDataString($"sdkmessageid/name eq '{message}' and primaryobjecttypecode eq '{table}'");
        var result = await dv.GetAsync($"sdkmessagefilters?$select=sdkmessagefilterid&$filter={filter}");

        Assert.Equal(HttpStatusCode.OK, result.Status);
        var value = result.Json["value"]!.AsArray();
        Assert.Equal(rows, value.Count);
        Assert.All(value, v => Assert.True(Guid.TryParse(v!["sdkmessagefilterid"]!.GetValue<string>(), out _)));
    }
}
