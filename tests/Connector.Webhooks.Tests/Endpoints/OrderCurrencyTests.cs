using System.Net;
using Connector.Domain.Credit;
using Connector.Webhooks.Tests.Builders;

namespace Connector.Webhooks.Tests.Endpoints;

/// <summary>
/// The order check in the customer's credit currency (issue 15): Europa GmbH's credit is in EUR (2,300.00 EUR
/// available), the company books in USD with EUR at 1.10 and GBP at 1.25, Dataverse's base currency is USD. The
/// payloads are Microsoft's documented contexts with a sales order for Target.
/// </summary>
public sealed class OrderCurrencyTests
{
    [Fact]
    public async Task Check_UsDollarOrderForEuroCustomer_ConvertedBeforeTheLimitIsChecked()
    {
        await using var server = await StartAsync(WebhookTestServer.Reject());
        // 2,500.00 USD is 2,272.73 EUR: within the 2,300.00 EUR available. Read as EUR it would be over the limit.
        var order = DocsPayload.Create("account", Portfolio.EuroAccount, 2_500m, Portfolio.UsDollar, "US Dollar") with
        {
            Target = new OrderValues("account", Portfolio.EuroAccount, 2_500m, Portfolio.UsDollar, "US Dollar") { ExchangeRate = 1m, BaseAmount = 2_500m },
        };

        using var response = await server.PostAsync("dataverse/orders/check", order.Json());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("blocked", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(server.Audits);
    }

    [Fact]
    public async Task Check_UsDollarOrderOverTheEuroLimit_RefusedWithTheConvertedFigures()
    {
        await using var server = await StartAsync(WebhookTestServer.Reject());
        // 2,640.00 USD is 2,400.00 EUR: 100.00 EUR over.
        var order = DocsPayload.Create("account", Portfolio.EuroAccount, 2_640m, Portfolio.UsDollar, "US Dollar");

        using var response = await server.PostAsync("dataverse/orders/check", order.Json());
        var sentence = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("10,100.00 EUR", sentence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_OrdersOwnExchangeRate_WinsOverTheLedgersRate()
    {
        await using var server = await StartAsync(WebhookTestServer.Reject());
        // Fabrikam (USD) has 10,000.00 USD available. 9,000.00 GBP is 11,250.00 USD at the ledger's rate (over the limit),
        // but the order was priced at 0.95 GBP per USD: 9,473.68 USD, within it.
        var priced = DocsPayload.Create("account", Portfolio.GoodAccount, 9_000m, Portfolio.PoundSterling) with
        {
            Target = new OrderValues("account", Portfolio.GoodAccount, 9_000m, Portfolio.PoundSterling, "Pound Sterling") { ExchangeRate = 0.95m },
        };
        var unpriced = DocsPayload.Create("account", Portfolio.GoodAccount, 9_000m, Portfolio.PoundSterling);

        using var byOrderRate = await server.PostAsync("dataverse/orders/check", priced.Json());
        using var byLedgerRate = await server.PostAsync("dataverse/orders/check", unpriced.Json());

        Assert.Equal(HttpStatusCode.OK, byOrderRate.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byLedgerRate.StatusCode);
        Assert.Contains("51,250.00 USD", await byLedgerRate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Check_ThirdCurrencyOrder_ConvertedThroughTheBaseAmountOrTheLedger(bool withBaseAmount)
    {
        await using var server = await StartAsync(WebhookTestServer.Reject());
        // 2,100.00 GBP for the EUR customer: 2,625.00 USD in the base currency (0.80 GBP per USD), 2,386.36 EUR — over
        // the 2,300.00 EUR available either way (by the ledger: 2,100 × 1.25 / 1.10 = 2,386.36 EUR).
        var values = new OrderValues("account", Portfolio.EuroAccount, 2_100m, Portfolio.PoundSterling, "Pound Sterling")
        {
            ExchangeRate = withBaseAmount ? 0.80m : null,
            BaseAmount = withBaseAmount ? 2_625m : null,
        };
        var order = DocsPayload.Create("account", Portfolio.EuroAccount, 2_100m, Portfolio.PoundSterling) with { Target = values };

        using var response = await server.PostAsync("dataverse/orders/check", order.Json());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("10,086.36 EUR", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ContactCustomerOrderInDollars_CheckedAgainstItsAccountsEuroCredit()
    {
        await using var server = await StartAsync(WebhookTestServer.Reject());
        var fits = DocsPayload.Create("contact", Portfolio.EuroBuyer, 2_500m, Portfolio.UsDollar, "US Dollar");
        var over = DocsPayload.Create("contact", Portfolio.EuroBuyer, 2_640m, Portfolio.UsDollar, "US Dollar");

        using var fitsResponse = await server.PostAsync("dataverse/orders/check", fits.Json());
        using var overResponse = await server.PostAsync("dataverse/orders/check", over.Json());

        Assert.Equal(HttpStatusCode.OK, fitsResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, overResponse.StatusCode);
        Assert.StartsWith("Order blocked: this order of 2,400.00 EUR", await overResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ContactWithoutAKnownAccount_DecidedByTheUnknownCustomerPolicyAndAudited()
    {
        await using var server = await StartAsync(WebhookTestServer.Reject(unknown: CheckFailurePolicy.FailClosed));
        var stranger = Guid.Parse("c0c0c0c0-0000-0000-0000-0000000000ff");

        using var response = await server.PostAsync("dataverse/orders/check", DocsPayload.Create("contact", stranger, 100m, Portfolio.UsDollar).Json());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains($"the customer is contact {stranger}", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var audit = Assert.Single(server.Audits);
        Assert.Equal(("order.check.unknown-customer", "refused"), (audit.Action, audit.After));
    }

    [Fact]
    public async Task Check_CurrencyNotInDataverseAndNoBaseAmount_RefusedInRejectNamingTheCurrencyAndAudited()
    {
        await using var server = await StartAsync(WebhookTestServer.Reject());
        var peso = Guid.Parse("b2b2b2b2-0000-0000-0000-0000000000aa");

        using var response = await server.PostAsync("dataverse/orders/check", DocsPayload.Create("account", Portfolio.EuroAccount, 50m, peso, "Mexican Peso").Json());
        var sentence = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.StartsWith("Order blocked: the order's amount cannot be converted into the customer's credit currency: its currency (Mexican Peso, transactioncurrency ", sentence, StringComparison.Ordinal);
        Assert.EndsWith("Contact Jane Doe (Collections) to check the order's currency.", sentence, StringComparison.Ordinal);
        var audit = Assert.Single(server.Audits);
        Assert.Equal(("order.check.unknown-currency", "refused", "salesorder:new"), (audit.Action, audit.After, audit.Subject));
        Assert.Contains("Mexican Peso", audit.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_CurrencyWithoutALedgerRateInHoldMode_AllowedAtSaveMarkedHeldAndAudited()
    {
        await using var server = await StartAsync(new CreditPolicy { OrderEnforcement = OrderEnforcement.Hold });

        using var response = await server.PostAsync("dataverse/orders/check", DocsPayload.Create("account", Portfolio.EuroAccount, 50m, Portfolio.SwissFranc).Json());
        var sentence = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("Allowed at save (Credit:OrderEnforcement is Hold, the order is marked Held): Order blocked: the order's amount cannot be converted", sentence, StringComparison.Ordinal);
        Assert.Contains("no CHF rate on or before 2026-06-30", sentence, StringComparison.Ordinal);
        var audit = Assert.Single(server.Audits);
        Assert.Equal(("order.check.unknown-currency", "held"), (audit.Action, audit.After));
    }

    [Fact]
    public async Task Check_CurrencyUnknownButBaseAmountGiven_ConvertedFromTheBaseCurrency()
    {
        await using var server = await StartAsync(WebhookTestServer.Reject());
        var peso = Guid.Parse("b2b2b2b2-0000-0000-0000-0000000000aa");
        // 40,000 MXN at 20 per USD: 2,000.00 USD in the base currency, 1,818.18 EUR — within the 2,300.00 EUR available.
        var order = DocsPayload.Create("account", Portfolio.EuroAccount, 40_000m, peso) with
        {
            Target = new OrderValues("account", Portfolio.EuroAccount, 40_000m, peso, null) { ExchangeRate = 20m, BaseAmount = 2_000m },
        };

        using var response = await server.PostAsync("dataverse/orders/check", order.Json());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(server.Audits);
    }

    [Fact]
    public async Task Check_UpdateRaisingADollarOrder_OnlyTheConvertedIncreaseCounts()
    {
        await using var server = await StartAsync(WebhookTestServer.Reject());
        // Before: 2,200.00 USD (2,000.00 EUR, not yet in exposure); after: 4,620.00 USD (4,200.00 EUR). The increase,
        // 2,200.00 EUR, fits in the 2,300.00 EUR available; the whole order would not.
        var edit = DocsPayload.Create("account", Portfolio.EuroAccount, 4_620m, null) with
        {
            MessageName = "Update",
            Target = new OrderValues(null, Portfolio.EuroAccount, 4_620m, null, null),
            Before = new OrderValues("account", Portfolio.EuroAccount, 2_200m, Portfolio.UsDollar, "US Dollar") { ExchangeRate = 1m, BaseAmount = 2_200m },
        };

        using var response = await server.PostAsync("dataverse/orders/check", edit.Json());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static Task<WebhookTestServer> StartAsync(CreditPolicy policy) =>
        WebhookTestServer.StartAsync(policy, snapshot: Portfolio.Multicurrency);
}
