using System.Text.Json;
using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests.Holds;

public class HoldsEvaluateCommandTests
{
    private const string Header = "customer_id,name,codes,currency,exposure,credit_limit,available_credit,overdue_amount,oldest_overdue_days,collector,message";

    [Fact]
    public async Task Run_SamplesCsv_ListsOverdueAgeHoldOfC1151WithFiguresAndSentence()
    {
        var result = await InProcess.RunAsync("holds", "evaluate", "--from", Samples.Folder, "--as-of", Samples.AsOf, "--format", "csv");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Header, result.OutputLines[0]);
        Assert.Equal(
            "C-1151,Kestrel Printing Corp.,OVERDUE_AGE,USD,59381.70,230000.00,170618.30,10370.89,155,Carla Reyes,"
            + "\"Kestrel Printing Corp. is on credit hold — 1 invoice more than 60 days overdue (10,370.89 USD). Contact Carla Reyes (Collections) to request a release.\"",
            Row(result, "C-1151"));
    }

    [Fact]
    public async Task Run_Samples_ListsManualHoldOfPromptPayerC1002()
    {
        var result = await InProcess.RunAsync("holds", "evaluate", "--from", Samples.Folder, "--as-of", Samples.AsOf, "--format", "csv");

        Assert.StartsWith("C-1002,Timberline Electronics LLC,MANUAL,USD,1201.43,6500.00,5298.57,0.00,0,David Kim,", Row(result, "C-1002"), StringComparison.Ordinal);
        Assert.Contains("manual hold set in the ERP", Row(result, "C-1002"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Samples_CustomerWithoutCollectorNamesTheCollectorOfItsCase()
    {
        // C-1112 has no collector in customers.csv; the collection plan assigns its case to someone, and the sales
        // rep must be told to call that same person, not "your AR team".
        var holds = await InProcess.RunAsync("holds", "evaluate", "--from", Samples.Folder, "--as-of", Samples.AsOf, "--format", "json");
        var plan = await InProcess.RunAsync("collections", "plan", "--from", Samples.Folder, "--as-of", Samples.AsOf, "--format", "json");

        using var planJson = JsonDocument.Parse(plan.Output);
        var caseCollectorId = planJson.RootElement.GetProperty("cases").EnumerateArray()
            .Single(static c => c.GetProperty("customer_id").GetString() == "C-1112")
            .GetProperty("assignment").GetProperty("collector_id").GetString();
        var caseCollectorName = File.ReadLines(Path.Combine(Samples.Folder, "collectors.csv"))
            .Select(static l => l.Split(','))
            .Single(c => c[0] == caseCollectorId)[1];
        var held = Customers(holds).Single(c => c.GetProperty("customer_id").GetString() == "C-1112");
        Assert.Equal(caseCollectorName, held.GetProperty("collector").GetString());
        Assert.DoesNotContain(Customers(holds), c => c.GetProperty("collector").GetString() == "your AR team");
    }

    [Theory]
    [InlineData("C-1128")]
    [InlineData("C-1160")]
    [InlineData("C-1224")]
    public async Task Run_Samples_HoldsEveryChildOfTheGroupOverTheParentLimit(string child)
    {
        var result = await InProcess.RunAsync("holds", "evaluate", "--from", Samples.Folder, "--as-of", Samples.AsOf, "--format", "json");

        var customer = Customers(result).Single(c => c.GetProperty("customer_id").GetString() == child);
        Assert.Equal(["OVER_LIMIT"], customer.GetProperty("codes").EnumerateArray().Select(static c => c.GetString()));
        Assert.Contains(
            "group exposure 131,626.22 USD against the group limit of 110,000.00 USD (Northwind Holdings Inc.)",
            customer.GetProperty("message").GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SamplesJson_CountsOnHoldAndEvaluatedAndEveryHoldHasCodesAndSentence()
    {
        var result = await InProcess.RunAsync("holds", "evaluate", "--from", Samples.Folder, "--as-of", Samples.AsOf, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal("2026-11-16", root.GetProperty("as_of").GetString());
        Assert.Equal(240, root.GetProperty("evaluated").GetInt32());
        var customers = root.GetProperty("customers").EnumerateArray().ToList();
        Assert.Equal(customers.Count, root.GetProperty("on_hold").GetInt32());

        // README: 54 customers fire OVERDUE_AGE; 3 manual holds.
        Assert.Equal(54, customers.Count(c => Codes(c).Contains("OVERDUE_AGE")));
        Assert.Equal(3, customers.Count(c => Codes(c).Contains("MANUAL")));
        Assert.All(customers, c =>
        {
            Assert.NotEmpty(Codes(c));
            Assert.Contains("is on credit hold — ", c.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Equal(Codes(c).Count, c.GetProperty("reasons").GetArrayLength());
        });
        Assert.Empty(root.GetProperty("not_evaluable").EnumerateArray());
    }

    [Fact]
    public async Task Run_Samples_DisputedOnlyOverdueCustomerIsNotOnHold()
    {
        var result = await InProcess.RunAsync("holds", "evaluate", "--from", Samples.Folder, "--as-of", Samples.AsOf, "--format", "csv");

        Assert.DoesNotContain(result.OutputLines, static l => l.StartsWith("C-1029,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_Table_ShowsCountInTitle()
    {
        var result = await InProcess.RunAsync("holds", "evaluate", "--from", Fixtures.Good, "--as-of", "2026-06-30");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Credit holds as of 2026-06-30: 3 of 5 customers on hold", result.Output, StringComparison.Ordinal);
        Assert.Contains("Beta GmbH, Berlin is on credit hold", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MissingRate_WarnsNotEvaluableCustomerOnStderr()
    {
        var result = await InProcess.RunAsync("holds", "evaluate", "--from", Fixtures.Good, "--as-of", "2026-06-30", "--format", "csv");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["warning: not evaluable: customer C5: no CHF rate on or before 2026-06-30 (rates are company-currency units per one CHF)"], result.ErrorLines);
    }

    [Fact]
    public async Task Run_BadData_ExitsOne()
    {
        using var folder = Fixtures.GoodWith("bad-date");

        var result = await InProcess.RunAsync("holds", "evaluate", "--from", folder.Path, "--as-of", "2026-06-30");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.StartsWith("invoices.csv:", result.ErrorLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithoutFromOnAnEmptyLedger_ExitsOneAndSaysToIngestFirst()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync("holds", "evaluate", "--as-of", "2026-06-30");

        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(result.ErrorLines);
        Assert.Contains("has no customers yet: run 'connector ingest' first, or pass --from DIR", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InvalidCreditSetting_ExitsOneNamingIt()
    {
        using var folder = TempFolder.Create();
        var config = folder.Write("settings.json", """{ "Credit": { "OverdueAgeDays": -1 } }""");

        var result = await InProcess.RunAsync("holds", "evaluate", "--from", Fixtures.Good, "--config", config);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["Credit:OverdueAgeDays must be between 0 and 3650 (was -1)."], result.ErrorLines);
    }

    private static string Row(CliResult result, string customerId) =>
        Assert.Single(result.OutputLines, l => l.StartsWith(customerId + ",", StringComparison.Ordinal));

    private static List<JsonElement> Customers(CliResult result)
    {
        using var json = JsonDocument.Parse(result.Output);
        return [.. json.RootElement.GetProperty("customers").EnumerateArray().Select(static c => c.Clone())];
    }

    private static List<string?> Codes(JsonElement customer) =>
        [.. customer.GetProperty("codes").EnumerateArray().Select(static c => c.GetString())];
}
