using System.Text.Json;
using Connector.Worker.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Worker.Tests.Aging;

public class AgingReportCommandTests
{
    private const string Header = "customer_id,current,d1_30,d31_60,d61_90,d91_120,d121_plus,total_open,overdue,disputed,unapplied,net_balance,oldest_overdue_days";

    [Fact]
    public async Task Run_Csv_WritesExactHeaderCustomerRowsAndTotalInCompanyCurrency()
    {
        var result = await InProcess.RunAsync("report", "aging", "--from", Fixtures.Good, "--as-of", "2026-06-30", "--format", "csv");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
        [
            Header,
            "C1,1000.00,2200.50,1500.25,0.00,0.00,0.00,4700.75,3700.75,1500.25,400.00,4300.75,60",
            "C2,0.00,0.00,0.00,1200.00,0.00,10000.00,11200.00,11200.00,0.00,0.00,11200.00,122",
            "C3,0.00,0.00,0.00,0.00,700.00,0.00,700.00,700.00,0.00,0.00,700.00,91",
            "C4,500.00,0.00,0.00,0.00,0.00,0.00,500.00,0.00,0.00,0.00,500.00,0",

            // EUR at 1.10: 1,200 → 1,320 and 10,000 → 11,000; C4 (GBP, no rate) and C5 (CHF item, no rate) left out.
            "TOTAL,1000.00,2200.50,1500.25,1320.00,700.00,11000.00,17720.75,16720.75,1500.25,400.00,17320.75,122",
        ], result.OutputLines);
    }

    [Fact]
    public async Task Run_MissingRates_WarnsOnStderrNamingCustomerAndRateAndExitsZero()
    {
        var result = await InProcess.RunAsync("report", "aging", "--from", Fixtures.Good, "--as-of", "2026-06-30", "--format", "csv");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
        [
            "warning: left out of TOTAL: customer C4: no GBP rate on or before 2026-06-30 (rates are company-currency units per one GBP)",
            "warning: left out of TOTAL: customer C5: no CHF rate on or before 2026-06-30 (rates are company-currency units per one CHF)",
        ], result.ErrorLines);
    }

    [Fact]
    public async Task Run_Json_WritesSnakeCaseDocumentWithTotalAndNotEvaluable()
    {
        var result = await InProcess.RunAsync("report", "aging", "--from", Fixtures.Good, "--as-of", "2026-06-30", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal("2026-06-30", root.GetProperty("as_of").GetString());
        Assert.Equal("USD", root.GetProperty("currency").GetString());
        Assert.Equal(6, root.GetProperty("buckets").GetArrayLength());
        Assert.Equal(4, root.GetProperty("lines").GetArrayLength());
        var total = root.GetProperty("total");
        Assert.Equal(17720.75m, total.GetProperty("total_open").GetDecimal());
        Assert.Equal(11000.00m, total.GetProperty("buckets").GetProperty("d121_plus").GetDecimal());
        Assert.Equal(122, total.GetProperty("oldest_overdue_days").GetInt32());
        Assert.Equal(2, root.GetProperty("not_evaluable").GetArrayLength());
    }

    [Fact]
    public async Task Run_Table_ShowsTitleSeparatedAmountsTotalAndNote()
    {
        var result = await InProcess.RunAsync("report", "aging", "--from", Fixtures.Good, "--as-of", "2026-06-30");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Aging as of 2026-06-30 (basis: days past due date; TOTAL in USD)", result.Output, StringComparison.Ordinal);
        Assert.Contains("121+", result.Output, StringComparison.Ordinal);
        Assert.Contains("17,720.75", result.Output, StringComparison.Ordinal);
        Assert.Contains("Left out of TOTAL: customer C5: no CHF rate", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AsOfOmitted_UsesTodayFromTheHostClock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 7, 31, 12, 0, 0, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);

        var result = await InProcess.RunAsync(s => s.AddSingleton<TimeProvider>(clock), "report", "aging", "--from", Fixtures.Good, "--format", "csv");

        Assert.Equal(0, result.ExitCode);

        // On 2026-07-31: I-100 is 16 days past due (1–30); I-101 (32 days) and CM-1 (51 days) are 31–60; I-102 is 91 days.
        Assert.StartsWith("C1,0.00,1000.00,2200.50,0.00,1500.25,0.00,", result.OutputLines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CustomBoundsFromConfig_NamesBucketsAfterThem()
    {
        using var folder = TempFolder.Create();
        // Every policy is validated at start, so the allowance rates must follow the buckets (one per bucket).
        var config = folder.Write("settings.json", """{ "Aging": { "Bounds": [ 45, 100 ] }, "Allowance": { "BucketRatesPercent": [ 1, 5, 30, 70 ] } }""");

        var result = await InProcess.RunAsync("report", "aging", "--from", Fixtures.Good, "--as-of", "2026-06-30", "--format", "csv", "--config", config);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("customer_id,current,d1_45,d46_100,d101_plus,total_open,overdue,disputed,unapplied,net_balance,oldest_overdue_days", result.OutputLines[0]);
        Assert.Equal("TOTAL,1000.00,2200.50,3520.25,11000.00,17720.75,16720.75,1500.25,400.00,17320.75,122", result.OutputLines[^1]);
    }

    [Fact]
    public async Task Run_BadData_ExitsOneWithEveryErrorAndNoReport()
    {
        using var folder = Fixtures.GoodWith("bad-enums");

        var result = await InProcess.RunAsync("report", "aging", "--from", folder.Path, "--as-of", "2026-06-30", "--format", "csv");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal(3, result.ErrorLines.Length);
        Assert.Equal("invoices.csv:2: column 'type': expected invoice|credit_memo, got 'INV'", result.ErrorLines[0]);
    }

    [Theory]
    [InlineData("connector: --as-of: expected a date yyyy-MM-dd, got '31/12/2026'", "--as-of", "31/12/2026")]
    [InlineData("connector: --format: expected table, csv, json, xlsx or html, got 'xml'", "--format", "xml")]
    public async Task Run_BadUsage_ExitsTwoWithOneLine(string expected, params string[] extra)
    {
        var result = await InProcess.RunAsync(["report", "aging", "--from", Fixtures.Good, .. extra]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([expected], result.ErrorLines);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Run_WithoutFromOnAnEmptyLedger_ExitsOneAndSaysToIngestFirst()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync("report", "aging", "--as-of", "2026-06-30");

        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(result.ErrorLines);
        Assert.Contains("has no customers yet: run 'connector ingest' first, or pass --from DIR", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_FromFolderDoesNotExist_ExitsTwo()
    {
        var result = await InProcess.RunAsync("report", "aging", "--from", "/no/such/folder");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["connector: --from: folder not found: '/no/such/folder'"], result.ErrorLines);
    }
    [Fact]
    public async Task Run_SamplesCsv_TotalMatchesTheGeneratorsAgingOfTheSampleCompany()
    {
        var result = await InProcess.RunAsync("report", "aging", "--from", Samples.Folder, "--as-of", Samples.AsOf, "--format", "csv");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.ErrorLines);
        var lines = result.OutputLines;
        Assert.Equal(Header, lines[0]);

        // 240 customers, all evaluable (every EUR item has a rate), then TOTAL; figures from samples/README.md.
        Assert.Equal(242, lines.Length);
        Assert.StartsWith("TOTAL,3340170.07,924265.55,714995.06,334722.16,131146.39,151541.65,5596840.87,", lines[^1], StringComparison.Ordinal);
        var total = lines[^1].Split(',');
        var overdue = decimal.Parse(total[8], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(overdue - (924265.55m + 714995.06m + 334722.16m + 131146.39m + 151541.65m), -0.01m, 0.01m);
    }
}
