using System.Globalization;
using System.Text.Json;
using Connector.Worker.Tests.Support;
using Xunit.Abstractions;

namespace Connector.Worker.Tests.CashApplication;

public class CashApplyCommandTests(ITestOutputHelper output)
{
    private const string Header = "payment_id,invoice_id,customer_id,amount,currency,method,confidence,explanation";

    [Fact]
    public async Task Run_SamplesAgainstTruth_AppliesOnlyTrueInvoicesAndFindsNearlyAll()
    {
        var truth = Truth();
        var result = await Apply("--format", "csv");

        Assert.Equal(0, result.ExitCode);
        var applications = result.OutputLines.Skip(1).Select(static l => l.Split(',')).Select(static f => (Payment: f[0], Invoice: f[1])).ToList();
        var correct = applications.Count(a => truth[a.Payment].Invoices.Contains(a.Invoice));
        var truePairs = truth.Values.Sum(static t => t.Invoices.Count);
        var applied = applications.ToHashSet();
        var found = truth.Sum(t => t.Value.Invoices.Count(i => applied.Contains((t.Key, i))));
        var precision = (decimal)correct / applications.Count;
        var recall = (decimal)found / truePairs;

        output.WriteLine($"cash application on samples/: precision {precision:P2} ({correct}/{applications.Count} applications to a true invoice), recall {recall:P2} ({found}/{truePairs} true payment-invoice pairs applied)");
        foreach (var kind in truth.Values.Select(static t => t.Kind).Distinct().Order(StringComparer.Ordinal))
        {
            var ofKind = truth.Where(t => t.Value.Kind == kind).ToList();
            var kindApplications = applications.Where(a => truth[a.Payment].Kind == kind).ToList();
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {kind,-16} payments {ofKind.Count,3}  true pairs {ofKind.Sum(static t => t.Value.Invoices.Count),3}  found {ofKind.Sum(t => t.Value.Invoices.Count(i => applied.Contains((t.Key, i)))),3}  applications {kindApplications.Count,3}  wrong {kindApplications.Count(a => !truth[a.Payment].Invoices.Contains(a.Invoice)),2}"));
        }

        Assert.True(precision >= 0.98m, $"precision {precision:P2}");
        Assert.True(recall >= 0.95m, $"recall {recall:P2}");
    }

    [Fact]
    public async Task Run_Samples_AmbiguousPaymentsGoToExceptionsWithBothTiedInvoicesAsCandidates()
    {
        var truth = Truth();
        var json = await ApplyJson();

        var exceptions = json.GetProperty("exceptions").EnumerateArray().ToDictionary(static e => e.GetProperty("payment_id").GetString()!);
        var ambiguous = truth.Where(static t => t.Value.Kind == "ambiguous").ToList();
        Assert.Equal(2, ambiguous.Count);
        foreach (var (payment, expected) in ambiguous)
        {
            var exception = exceptions[payment];
            Assert.Equal("amount_tie", exception.GetProperty("reason").GetString());
            var candidates = exception.GetProperty("candidates").EnumerateArray().Select(static c => c.GetProperty("invoice_id").GetString()).ToList();
            Assert.Contains(expected.Invoices.Single(), candidates);
        }

        Assert.DoesNotContain(Applications(json), a => ambiguous.Any(t => t.Key == a.Payment));
    }

    [Fact]
    public async Task Run_Samples_GarbagePaymentsAreNeverApplied()
    {
        var truth = Truth();
        var json = await ApplyJson();

        var garbage = truth.Where(static t => t.Value.Kind == "garbage").Select(static t => t.Key).ToList();
        Assert.Equal(4, garbage.Count);
        Assert.DoesNotContain(Applications(json), a => garbage.Contains(a.Payment));
        var queued = json.GetProperty("exceptions").EnumerateArray().Select(static e => e.GetProperty("payment_id").GetString()).ToList();
        Assert.All(garbage, p => Assert.Contains(p, queued));
    }

    [Fact]
    public async Task Run_Samples_ShortPaymentsWithinToleranceProposeShortPayWriteOffs()
    {
        var truth = Truth();
        var json = await ApplyJson();

        var writeOffs = json.GetProperty("write_offs").EnumerateArray().ToList();
        var shortPayments = truth.Where(static t => t.Value.Kind == "short").Select(static t => t.Key).ToHashSet();
        Assert.Equal(shortPayments, writeOffs.Select(static w => w.GetProperty("payment_id").GetString()!).ToHashSet());
        Assert.All(writeOffs, static w =>
        {
            Assert.Equal("SHORT_PAY", w.GetProperty("reason_code").GetString());
            Assert.InRange(w.GetProperty("amount").GetDecimal(), 0.01m, 5.00m);
        });
    }

    [Fact]
    public async Task Run_SamplesJson_CountsAndRatesAddUp()
    {
        var json = await ApplyJson();

        var payments = json.GetProperty("payments").GetInt32();
        Assert.Equal(202, payments);
        Assert.Equal(payments, json.GetProperty("applied").GetInt32() + json.GetProperty("exception_count").GetInt32());
        Assert.Equal(json.GetProperty("exception_count").GetInt32(), json.GetProperty("exceptions").GetArrayLength());
        Assert.Equal(Math.Round((decimal)json.GetProperty("applied").GetInt32() / payments, 4), json.GetProperty("match_rate_by_count").GetDecimal());
        Assert.Equal("USD", json.GetProperty("figures_currency").GetString());
        Assert.Equal(
            json.GetProperty("amount_available").GetDecimal(),
            json.GetProperty("amount_applied").GetDecimal() + json.GetProperty("unapplied_total").GetDecimal());
        Assert.InRange(json.GetProperty("match_rate_by_amount").GetDecimal(), 0.9m, 1m);
    }

    [Fact]
    public async Task Run_Csv_WritesOnlyTheApplicationsWithExactHeader()
    {
        var result = await Apply("--format", "csv");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Header, result.OutputLines[0]);
        Assert.DoesNotContain("\n\n", result.Output, StringComparison.Ordinal);
        Assert.Contains("PAY-002678,INV-005817,C-1147,3112.47,USD,exact_amount,medium,", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Table_ShowsApplicationsExceptionsAndMatchRates()
    {
        var result = await InProcess.RunAsync("cash", "apply", "--from", Fixtures.Good, "--as-of", "2026-06-30");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Cash application: 1 of 2 payments applied", result.Output, StringComparison.Ordinal);
        Assert.Contains("Exceptions (1)", result.Output, StringComparison.Ordinal);
        Assert.Contains("match rate by count", result.Output, StringComparison.Ordinal);
        Assert.Contains("50.0 %", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BadData_ExitsOne()
    {
        using var folder = Fixtures.GoodWith("orders-payments-rates");

        var result = await InProcess.RunAsync("cash", "apply", "--from", folder.Path, "--as-of", "2026-06-30");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.NotEmpty(result.ErrorLines);
    }

    [Fact]
    public async Task Run_InvalidCashApplicationSetting_ExitsOneNamingIt()
    {
        using var folder = TempFolder.Create();
        var config = folder.Write("settings.json", """{ "CashApplication": { "MaxCombinationSize": 1 } }""");

        var result = await InProcess.RunAsync("cash", "apply", "--from", Fixtures.Good, "--config", config);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["CashApplication:MaxCombinationSize must be between 2 and 10 (was 1)."], result.ErrorLines);
    }

    private static Task<CliResult> Apply(params string[] extra) =>
        InProcess.RunAsync(["cash", "apply", "--from", Samples.Folder, "--as-of", Samples.AsOf, .. extra]);

    private static async Task<JsonElement> ApplyJson()
    {
        var result = await Apply("--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        return json.RootElement.Clone();
    }

    private static List<(string Payment, string Invoice)> Applications(JsonElement json) =>
        [.. json.GetProperty("applications").EnumerateArray().Select(static a => (a.GetProperty("payment_id").GetString()!, a.GetProperty("invoice_id").GetString()!))];

    /// <summary>samples/truth/cash-application.csv: payment id → the invoices it really pays and its kind.</summary>
    private static Dictionary<string, (HashSet<string> Invoices, string Kind)> Truth() =>
        File.ReadLines(Samples.Truth("cash-application.csv"))
            .Skip(1)
            .Select(static l => l.Split(','))
            .ToDictionary(
                static f => f[0],
                static f => (f[1].Split(';', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal), f[2]));
}
