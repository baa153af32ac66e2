using Connector.Domain.Credit;
using Connector.Domain.Currencies;
using Connector.Domain.Exposure;
using Connector.Domain.Ledger;

namespace Connector.Domain.Tests.Builders;

/// <summary>Short helpers for exposure, hold and credit-check tests (company currency USD, as of <see cref="A.AsOf"/>).</summary>
internal static class CreditSetup
{
    public static RatesAsOf Rates(ArLedger ledger, DateOnly? asOf = null) =>
        new CurrencyConverter("USD", ledger.Rates).At(asOf ?? A.AsOf);

    public static ExposureBook Book(ArLedger ledger, bool subtractUnappliedCash = true, DateOnly? asOf = null) =>
        new(Rates(ledger, asOf), subtractUnappliedCash);

    public static CustomerExposure Exposure(ArLedger ledger, string customerId = "C1", bool subtractUnappliedCash = true) =>
        Book(ledger, subtractUnappliedCash).Of(ledger.Find(customerId)!);

    public static HoldEvaluation Hold(
        ArLedger ledger,
        string customerId = "C1",
        CreditPolicy? policy = null,
        ManualActions? actions = null,
        HoldStatus? previous = null,
        DateOnly? asOf = null)
    {
        policy ??= new CreditPolicy();
        return HoldEvaluator.Evaluate(ledger.Find(customerId)!, Book(ledger, policy.SubtractUnappliedCash, asOf), policy, actions, previous);
    }

    public static CreditDecision Check(
        ArLedger ledger,
        decimal amount,
        string customerId = "C1",
        string? orderId = "SO-NEW",
        CreditPolicy? policy = null,
        ManualActions? actions = null,
        decimal? existingAmount = null,
        string? currency = null) =>
        CreditCheck.Check(
            ledger,
            Rates(ledger),
            new OrderRequest { CustomerId = customerId, OrderId = orderId, Amount = amount, Currency = currency, ExistingAmount = existingAmount },
            policy ?? new CreditPolicy(),
            actions);

    public static Collector Collector(string id = "COL-1", string name = "Jane Doe") => new() { Id = id, Name = name };

    public static ExchangeRate Rate(string currency, decimal rate, int daysAgo = 30) => new(currency, A.AsOf.AddDays(-daysAgo), rate);

    public static HoldRelease Release(string by = "Ann Lee", string reason = "customer paid by wire, not yet booked", int daysAgo = 0, int? untilInDays = null, string customerId = "C1") => new()
    {
        CustomerId = customerId,
        ReleasedBy = by,
        Reason = reason,
        ReleasedOn = A.AsOf.AddDays(-daysAgo),
        Until = untilInDays is { } days ? A.AsOf.AddDays(days) : null,
    };
}
