using System.Text.Json;
using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests.Credit;

public class CreditCheckCommandTests
{
    private static readonly string[] JsonFields =
    [
        "decision", "reasons", "message", "exposure_before", "exposure_after", "credit_limit", "available_credit",
        "overdue_amount", "oldest_overdue_days", "collector", "override", "customer_id", "order_id", "currency",
    ];

    [Fact]
    public async Task Run_HeldCustomerJson_ExitsThreeWithEveryFieldAndConsistentFigures()
    {
        var result = await Check("C-1151", "500", "--order", "ORD-NEW-1", "--format", "json");

        Assert.Equal(3, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal(JsonFields, root.EnumerateObject().Select(static p => p.Name));
        Assert.Equal("blocked", root.GetProperty("decision").GetString());
        Assert.Equal(["ON_HOLD", "OVERDUE_AGE"], root.GetProperty("reasons").EnumerateArray().Select(static r => r.GetString()));
        Assert.Equal(
            "Order blocked: Kestrel Printing Corp. is on credit hold — 1 invoice more than 60 days overdue (10,370.89 USD). Contact Carla Reyes (Collections) to request a release.",
            root.GetProperty("message").GetString());
        Assert.Equal(59381.70m, root.GetProperty("exposure_before").GetDecimal());
        Assert.Equal(59381.70m + 500m, root.GetProperty("exposure_after").GetDecimal());
        Assert.Equal(230000.00m, root.GetProperty("credit_limit").GetDecimal());

        // Blocked: the available credit is without the order.
        Assert.Equal(230000.00m - 59381.70m, root.GetProperty("available_credit").GetDecimal());
        Assert.Equal(10370.89m, root.GetProperty("overdue_amount").GetDecimal());
        Assert.Equal(155, root.GetProperty("oldest_overdue_days").GetInt32());
        Assert.Equal("Carla Reyes", root.GetProperty("collector").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("override").ValueKind);
        Assert.Equal("ORD-NEW-1", root.GetProperty("order_id").GetString());
        Assert.Equal("USD", root.GetProperty("currency").GetString());
    }

    [Fact]
    public async Task Run_GoodCustomerSmallOrder_ExitsZeroAllowedWithAvailableCreditAfterTheOrder()
    {
        var result = await Check("C-1001", "250.00", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal("allowed", root.GetProperty("decision").GetString());
        Assert.Empty(root.GetProperty("reasons").EnumerateArray());
        Assert.StartsWith("Order allowed: exposure after this order ", root.GetProperty("message").GetString(), StringComparison.Ordinal);
        var before = root.GetProperty("exposure_before").GetDecimal();
        var after = root.GetProperty("exposure_after").GetDecimal();
        Assert.Equal(before + 250.00m, after);
        Assert.Equal(root.GetProperty("credit_limit").GetDecimal() - after, root.GetProperty("available_credit").GetDecimal());
    }

    [Fact]
    public async Task Run_CreditLimitZero_ExitsThreeNoCredit()
    {
        var result = await Check("C-1058", "1", "--format", "json");

        Assert.Equal(3, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal(["NO_CREDIT"], root.GetProperty("reasons").EnumerateArray().Select(static r => r.GetString()));
        Assert.Equal(0.00m, root.GetProperty("credit_limit").GetDecimal());
        Assert.Equal(0.00m, root.GetProperty("exposure_before").GetDecimal());
        Assert.Equal(1.00m, root.GetProperty("exposure_after").GetDecimal());
        Assert.Contains("has no credit (cash in advance)", root.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ChildOfGroupOverParentLimit_ExitsThreeGroupOverLimit()
    {
        var result = await Check("C-1224", "100", "--format", "json");

        Assert.Equal(3, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var reasons = json.RootElement.GetProperty("reasons").EnumerateArray().Select(static r => r.GetString()).ToList();
        Assert.Equal(["ON_HOLD", "OVER_LIMIT", "GROUP_OVER_LIMIT"], reasons);
    }

    [Fact]
    public async Task Run_OrderInAnotherCurrency_ConvertsToTheCreditCurrency()
    {
        // C-1101 invoices in EUR; 1,000 USD at the 2026-11-16 EUR rate is 951.02 EUR.
        var result = await Check("C-1101", "1000", "--currency", "USD", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal("EUR", root.GetProperty("currency").GetString());
        Assert.Equal(17794.92m, root.GetProperty("exposure_before").GetDecimal());
        Assert.Equal(17794.92m + 951.02m, root.GetProperty("exposure_after").GetDecimal());
    }

    [Fact]
    public async Task Run_HeldCustomerText_PrintsTheSentenceThenTheFigures()
    {
        var result = await Check("C-1151", "500");

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("Order blocked: Kestrel Printing Corp. is on credit hold", result.OutputLines[0], StringComparison.Ordinal);
        Assert.Contains("decision            blocked", result.OutputLines);
        Assert.Contains("reasons             ON_HOLD, OVERDUE_AGE", result.OutputLines);
        Assert.Contains("exposure after      59,881.70 USD", result.OutputLines);
        Assert.Contains("collector           Carla Reyes", result.OutputLines);
    }

    [Fact]
    public async Task Run_UnknownCustomer_ExitsOneNamingIt()
    {
        var result = await Check("C-9999", "100");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal([$"--customer: customer 'C-9999' is not in {Path.Combine(Samples.Folder, "customers.csv")}"], result.ErrorLines);
    }

    [Theory]
    [InlineData("connector: --amount: must be greater than 0, got '0'", "--customer", "C-1001", "--amount", "0")]
    [InlineData("connector: --amount: must be greater than 0, got '-5'", "--customer", "C-1001", "--amount", "-5")]
    [InlineData("connector: --amount: expected a number such as 1234.56, got '1,000'", "--customer", "C-1001", "--amount", "1,000")]
    [InlineData("connector: Option '--customer' is required.", "--amount", "100")]
    [InlineData("connector: Option '--amount' is required.", "--customer", "C-1001")]
    [InlineData("connector: --currency: expected a three-letter ISO 4217 code such as USD, got 'usd'", "--customer", "C-1001", "--amount", "1", "--currency", "usd")]
    [InlineData("connector: --format: expected text or json, got 'csv'", "--customer", "C-1001", "--amount", "1", "--format", "csv")]
    public async Task Run_BadUsage_ExitsTwoWithOneLine(string expected, params string[] args)
    {
        var result = await InProcess.RunAsync(["credit", "check", "--from", Samples.Folder, "--as-of", Samples.AsOf, .. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([expected], result.ErrorLines);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Run_BadData_ExitsOne()
    {
        using var folder = Fixtures.GoodWith("unknown-customer");

        var result = await InProcess.RunAsync("credit", "check", "--from", folder.Path, "--customer", "C1", "--amount", "10", "--as-of", "2026-06-30");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.StartsWith("invoices.csv:", result.ErrorLines[0], StringComparison.Ordinal);
    }

    private static Task<CliResult> Check(string customer, string amount, params string[] extra) =>
        InProcess.RunAsync(["credit", "check", "--from", Samples.Folder, "--customer", customer, "--amount", amount, "--as-of", Samples.AsOf, .. extra]);
}
