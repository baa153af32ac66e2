using System.Globalization;
using System.Text.Json;
using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests.Allowance;

public class AllowanceReportCommandTests
{
    private static readonly decimal[] DefaultRates = [1m, 3m, 10m, 25m, 50m, 75m];

    [Fact]
    public async Task Run_SamplesCsv_BucketsEqualAgingTotalAndTargetIsTheRateWeightedSum()
    {
        var aging = await InProcess.RunAsync("report", "aging", "--from", Samples.Folder, "--as-of", Samples.AsOf, "--format", "csv");
        var result = await InProcess.RunAsync("report", "allowance", "--from", Samples.Folder, "--as-of", Samples.AsOf, "--format", "csv");

        Assert.Equal(0, result.ExitCode);
        var sections = Csv.Sections(result.Output);
        Assert.Equal(2, sections.Count);
        Assert.Equal("bucket,open,disputed,rate_percent,disputed_rate_percent,allowance", string.Join(',', sections[0][0]));
        Assert.Equal(["current", "d1_30", "d31_60", "d61_90", "d91_120", "d121_plus", "TOTAL"], sections[0].Skip(1).Select(static r => r[0]));

        // The bucket amounts are the aging report's TOTAL row (company currency), column by column.
        var agingTotal = Csv.Sections(aging.Output)[0][^1];
        Assert.Equal("TOTAL", agingTotal[0]);
        var expectedTarget = 0m;
        for (var i = 0; i < 6; i++)
        {
            var row = sections[0][i + 1];
            Assert.Equal(agingTotal[i + 1], row[1]);
            Assert.Equal(DefaultRates[i], Number(row[3]));
            Assert.Equal("", row[2]);
            expectedTarget += Number(row[1]) * DefaultRates[i] / 100m;
        }

        // Rates applied to the rounded bucket amounts: within a cent of the figure from the unrounded ones.
        var target = Number(sections[0][^1][5]);
        Assert.Equal(395539.14m, target);
        Assert.InRange(target - expectedTarget, -0.01m, 0.01m);
        Assert.Equal("5596840.87", sections[0][^1][1]);

        var entry = Csv.Records(sections[1]).Single();
        Assert.Equal("target,current_balance,adjustment,debit_account,credit_account", string.Join(',', sections[1][0]));
        Assert.Equal("395539.14", entry["target"]);
        Assert.Equal("0.00", entry["current_balance"]);
        Assert.Equal("395539.14", entry["adjustment"]);
        Assert.Equal("Bad-debt expense", entry["debit_account"]);
        Assert.Equal("Allowance for doubtful accounts", entry["credit_account"]);
    }

    [Fact]
    public async Task Run_SamplesJson_HasBucketsTargetAndTheEntrySentence()
    {
        var result = await InProcess.RunAsync("report", "allowance", "--from", Samples.Folder, "--as-of", Samples.AsOf, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal("2026-11-16", root.GetProperty("as_of").GetString());
        Assert.Equal("USD", root.GetProperty("currency").GetString());
        Assert.Equal(6, root.GetProperty("buckets").GetArrayLength());
        Assert.Equal(75m, root.GetProperty("buckets")[5].GetProperty("rate_percent").GetDecimal());
        Assert.Equal(395539.14m, root.GetProperty("target").GetDecimal());
        var adjustment = root.GetProperty("adjustment");
        Assert.Equal("increase", adjustment.GetProperty("direction").GetString());
        Assert.Equal(
            "Dr Bad-debt expense / Cr Allowance for doubtful accounts 395,539.14 USD (target 395,539.14 USD − balance 0.00 USD).",
            adjustment.GetProperty("explanation").GetString());
        Assert.Equal(0, root.GetProperty("left_out").GetArrayLength());
    }

    [Fact]
    public async Task Run_BalanceAboveTargetAndDisputedRate_ProposesReleaseAndShowsDisputedApart()
    {
        using var folder = TempFolder.Create();
        var config = folder.Write("settings.json", """{ "Allowance": { "CurrentBalance": 600000, "DisputedRatePercent": 60 } }""");

        var result = await InProcess.RunAsync("report", "allowance", "--from", Samples.Folder, "--as-of", Samples.AsOf, "--config", config, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        var target = root.GetProperty("target").GetDecimal();
        var disputed = root.GetProperty("buckets").EnumerateArray().Sum(static b => b.GetProperty("disputed").GetDecimal());
        Assert.True(disputed > 0m, "disputed items are split out when they have their own rate");
        var adjustment = root.GetProperty("adjustment");
        Assert.Equal("release", adjustment.GetProperty("direction").GetString());
        Assert.Equal(target - 600000m, adjustment.GetProperty("amount").GetDecimal());
        Assert.StartsWith("Release: Dr Allowance for doubtful accounts / Cr Bad-debt expense ", adjustment.GetProperty("explanation").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Table_ShowsBucketsTargetEntryAndNote()
    {
        var result = await InProcess.RunAsync("report", "allowance", "--from", Samples.Folder, "--as-of", Samples.AsOf);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Allowance for doubtful accounts as of 2026-11-16 (aging method, USD)", result.Output, StringComparison.Ordinal);
        Assert.Contains("395,539.14", result.Output, StringComparison.Ordinal);
        Assert.Contains("Adjusting entry", result.Output, StringComparison.Ordinal);
        Assert.Contains("Dr Bad-debt expense / Cr Allowance for doubtful accounts 395,539.14 USD", result.Output, StringComparison.Ordinal);
        Assert.Contains("Allowance:DisputedRatePercent is not set", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("d121_plus", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_RatesNotMatchingAgingBuckets_ExitsOneNamingAllowanceBucketRatesPercent()
    {
        using var folder = TempFolder.Create();
        var config = folder.Write("settings.json", """{ "Aging": { "Bounds": [ 30, 60 ] } }""");

        var result = await InProcess.RunAsync("report", "allowance", "--from", Samples.Folder, "--as-of", Samples.AsOf, "--config", config);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal(
            ["Allowance:BucketRatesPercent must list 4 rates, one per aging bucket of Aging:Bounds (Current, 1–30, 31–60, 61+) (was [1, 3, 10, 25, 50, 75])."],
            result.ErrorLines);
    }

    [Fact]
    public async Task Run_RatesConfiguredForTheBuckets_ReplaceTheDefaultsAndExitZero()
    {
        using var folder = TempFolder.Create();
        var config = folder.Write("settings.json", """{ "Aging": { "Bounds": [ 30, 60 ] }, "Allowance": { "BucketRatesPercent": [ 2, 5, 20, 60 ] } }""");

        var result = await InProcess.RunAsync("report", "allowance", "--from", Samples.Folder, "--as-of", Samples.AsOf, "--config", config, "--format", "csv");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["current", "d1_30", "d31_60", "d61_plus", "TOTAL"], Csv.Sections(result.Output)[0].Skip(1).Select(static r => r[0]));
    }

    [Fact]
    public async Task Run_MissingRates_WarnsNamingTheCustomersLeftOutAndExitsZero()
    {
        var result = await InProcess.RunAsync("report", "allowance", "--from", Fixtures.Good, "--as-of", "2026-06-30", "--format", "csv");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
        [
            "warning: left out of the allowance: customer C4: no GBP rate on or before 2026-06-30 (rates are company-currency units per one GBP)",
            "warning: left out of the allowance: customer C5: no CHF rate on or before 2026-06-30 (rates are company-currency units per one CHF)",
        ], result.ErrorLines);
    }

    [Fact]
    public async Task Run_BadData_ExitsOneWithThePreciseError()
    {
        using var folder = Fixtures.GoodWith("duplicate-id");

        var result = await InProcess.RunAsync("report", "allowance", "--from", folder.Path, "--as-of", "2026-06-30");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal(["invoices.csv:3: column 'id': duplicate id 'I-1' (first on line 2)"], result.ErrorLines);
    }

    private static decimal Number(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);
}
