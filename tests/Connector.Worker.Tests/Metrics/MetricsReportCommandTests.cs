using System.Globalization;
using System.Text.Json;
using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests.Metrics;

public class MetricsReportCommandTests
{
    [Fact]
    public async Task Run_SamplesCsv_FiguresAgreeWithSumsTakenStraightFromTheFiles()
    {
        var result = await InProcess.RunAsync("report", "metrics", "--from", Samples.Folder, "--as-of", Samples.AsOf, "--format", "csv");

        Assert.Equal(0, result.ExitCode);
        var sections = Csv.Sections(result.Output);
        Assert.Equal(2, sections.Count);
        Assert.Equal("metric,value", string.Join(',', sections[0][0]));
        Assert.Equal("input,value", string.Join(',', sections[1][0]));
        var metrics = sections[0].Skip(1).ToDictionary(static r => r[0], static r => r[1]);
        var inputs = sections[1].Skip(1).ToDictionary(static r => r[0], static r => r[1]);
        Assert.Equal(["dso_simple", "dso_countback", "best_possible_dso", "average_days_delinquent", "cei", "percent_current", "percent_over_90"], metrics.Keys);

        // Independent: invoices (not credit memos, any status) dated 2026-08-19 … 2026-11-16, EUR at the 2026-11-16 rate.
        var sales = CreditSales(new DateOnly(2026, 8, 19), new DateOnly(2026, 11, 16));
        Assert.Equal(Round(sales), Number(inputs["credit_sales"]));
        Assert.Equal("2026-08-19", inputs["period_start"]);
        Assert.Equal("2026-11-16", inputs["period_end"]);
        Assert.Equal("90", inputs["period_days"]);

        // End AR and its current part are the aging figures of samples/README.md.
        const decimal endAr = 5596840.87m, current = 3340170.07m;
        Assert.Equal(endAr, Number(inputs["end_ar"]));
        Assert.Equal(current, Number(inputs["end_current_ar"]));
        Assert.Equal(Round(endAr / sales * 90m), Number(metrics["dso_simple"]));
        Assert.Equal(Round(current / sales * 90m), Number(metrics["best_possible_dso"]));
        Assert.Equal(Round(current / endAr * 100m), Number(metrics["percent_current"]));
        Assert.Equal(Round(Number(inputs["end_over_90_ar"]) / endAr * 100m), Number(metrics["percent_over_90"]));
        Assert.InRange(Number(metrics["average_days_delinquent"]) - (Number(metrics["dso_simple"]) - Number(metrics["best_possible_dso"])), -0.01m, 0.01m);

        var begin = Number(inputs["begin_ar"]);
        Assert.InRange(Number(metrics["cei"]) - ((begin + sales - endAr) / (begin + sales - current) * 100m), -0.01m, 0.01m);
    }

    [Fact]
    public async Task Run_SamplesJson_HasPeriodInputsMetricsAndEveryCustomerProfile()
    {
        var result = await InProcess.RunAsync("report", "metrics", "--from", Samples.Folder, "--as-of", Samples.AsOf, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal("2026-08-19", root.GetProperty("period").GetProperty("start").GetString());
        Assert.Equal(90, root.GetProperty("period").GetProperty("days").GetInt32());
        Assert.Equal(5596840.87m, root.GetProperty("input").GetProperty("end_ar").GetDecimal());
        var metrics = root.GetProperty("metrics");
        foreach (var name in new[] { "dso_simple", "dso_countback", "best_possible_dso", "average_days_delinquent", "cei", "percent_current", "percent_over" })
        {
            Assert.Equal(JsonValueKind.Number, metrics.GetProperty(name).ValueKind);
        }

        Assert.True(root.GetProperty("countback").GetArrayLength() > 0);
        var customers = root.GetProperty("customers");
        Assert.Equal(240, customers.GetArrayLength());
        foreach (var customer in customers.EnumerateArray())
        {
            Assert.Contains(customer.GetProperty("risk_class").GetString(), new[] { "A", "B", "C", "D" });
            Assert.True(customer.GetProperty("factors").GetArrayLength() > 0);
            Assert.False(string.IsNullOrEmpty(customer.GetProperty("suggested_limit_explanation").GetString()));
        }
    }

    [Fact]
    public async Task Run_CustomersFlag_AddsOneProfileRowPerCustomer()
    {
        var result = await InProcess.RunAsync("report", "metrics", "--from", Samples.Folder, "--as-of", Samples.AsOf, "--customers", "--format", "csv");

        Assert.Equal(0, result.ExitCode);
        var sections = Csv.Sections(result.Output);
        Assert.Equal(3, sections.Count);
        Assert.Equal("customer_id,currency,risk_class,erp_risk_class,factors,suggested_limit,credit_limit", string.Join(',', sections[2][0]));
        var rows = Csv.Records(sections[2]);
        Assert.Equal(240, rows.Count);
        var cashInAdvance = rows.Single(static r => r["customer_id"] == "C-1058");
        Assert.Equal("0.00", cashInAdvance["credit_limit"]);
        var noLimit = rows.Single(static r => r["customer_id"] == "C-1165");
        Assert.Equal("", noLimit["credit_limit"]);
        Assert.All(rows, static r => Assert.Matches("^(all factors A|[BCD]: .+)$", r["factors"]));
    }

    [Fact]
    public async Task Run_TableWithoutCustomersFlag_ShowsMetricsWithHowAndInputsOnly()
    {
        var result = await InProcess.RunAsync("report", "metrics", "--from", Samples.Folder, "--as-of", Samples.AsOf);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Receivable metrics as of 2026-11-16, period 2026-08-19 … 2026-11-16 (90 days), USD", result.Output, StringComparison.Ordinal);
        Assert.Contains("DSO (countback)", result.Output, StringComparison.Ordinal);
        Assert.Contains("end AR 5,596,840.87 USD / credit sales", result.Output, StringComparison.Ordinal);
        Assert.Contains("Inputs (USD)", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Customers: risk class", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "Metrics": { "PeriodDays": 0 } }""", "Metrics:PeriodDays must be between 1 and 3650 (was 0).")]
    [InlineData("""{ "Risk": { "DaysLateThresholds": [ 5, 3, 30 ] } }""", "Risk:DaysLateThresholds:1 must not be below the threshold before it (5) (was 3).")]
    [InlineData("""{ "Risk": { "LimitMultipliers": [ 1, 0.5 ] } }""", "Risk:LimitMultipliers must list 4 multipliers, one per risk class A, B, C, D, such as [1, 0.75, 0.5, 0] (was [1, 0.5]).")]
    public async Task Run_InvalidMetricsOrRiskSetting_ExitsOneNamingIt(string settings, string message)
    {
        using var folder = TempFolder.Create();
        var config = folder.Write("settings.json", settings);

        var result = await InProcess.RunAsync("report", "metrics", "--from", Samples.Folder, "--as-of", Samples.AsOf, "--config", config);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal([message], result.ErrorLines);
    }

    [Fact]
    public async Task Run_BadData_ExitsOneWithThePreciseError()
    {
        using var folder = Fixtures.GoodWith("open-exceeds-amount");

        var result = await InProcess.RunAsync("report", "metrics", "--from", folder.Path, "--as-of", "2026-06-30");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal(["invoices.csv:2: column 'open_amount': expected at most the amount (100) in absolute value, got '150'"], result.ErrorLines);
    }

    private static decimal CreditSales(DateOnly from, DateOnly to)
    {
        var eur = Csv.Records(Csv.Sections(File.ReadAllText(Path.Combine(Samples.Folder, "rates.csv")))[0])
            .Single(static r => r["currency"] == "EUR" && r["date"] == Samples.AsOf)["rate"];
        var sum = 0m;
        foreach (var invoice in Csv.Records(Csv.Sections(File.ReadAllText(Path.Combine(Samples.Folder, "invoices.csv")))[0]))
        {
            var date = DateOnly.ParseExact(invoice["document_date"], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (invoice["type"] == "invoice" && date >= from && date <= to)
            {
                sum += Number(invoice["amount"]) * (invoice["currency"] == "EUR" ? Number(eur) : 1m);
            }
        }

        return sum;
    }

    private static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.ToEven);

    private static decimal Number(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);
}
