using Connector.Domain.CashApplication;

namespace Connector.Domain.Tests.CashApplication;

public sealed class AutoAcceptRulesTests
{
    [Fact]
    public void WhyNot_ReferenceMatchWithReferenceListed_AcceptedAutomatically() =>
        Assert.Null(AutoAcceptRules.WhyNot(new CashApplicationPolicy { AutoAccept = [MatchMethod.Reference, MatchMethod.ExactAmount] }, 100m, "USD", [Line(MatchMethod.Reference)], 0m));

    [Fact]
    public void WhyNot_ReferenceMatchByDefault_WaitsForAPerson() =>
        Assert.NotNull(AutoAcceptRules.WhyNot(new CashApplicationPolicy(), 100m, "USD", [Line(MatchMethod.Reference)], 0m));

    [Fact]
    public void WhyNot_CombinationNotListed_WaitsForAPersonAndSaysWhy() =>
        Assert.Equal(
            "the Combination rule proposed it and CashApplication:AutoAccept lists Reference, ExactAmount",
            AutoAcceptRules.WhyNot(Listed, 100m, "USD", [Line(MatchMethod.Reference), Line(MatchMethod.Combination)], 0m));

    [Fact]
    public void WhyNot_WriteOffProposedAndToleranceNotListed_WaitsForAPerson() =>
        Assert.Equal(
            "a write-off of 0.50 USD is proposed with it",
            AutoAcceptRules.WhyNot(Listed, 100m, "USD", [Line(MatchMethod.Reference)], 0.50m));

    [Fact]
    public void WhyNot_PaymentAboveTheLimit_WaitsForAPerson() =>
        Assert.Equal(
            "the payment (25,000.00 USD) is above CashApplication:AutoAcceptMaxAmount (10000)",
            AutoAcceptRules.WhyNot(new CashApplicationPolicy { AutoAccept = [MatchMethod.Reference, MatchMethod.ExactAmount], AutoAcceptMaxAmount = 10_000m }, 25_000m, "USD", [Line(MatchMethod.Reference)], 0m));

    [Fact]
    public void WhyNot_NothingListed_EveryMatchWaits() =>
        Assert.NotNull(AutoAcceptRules.WhyNot(new CashApplicationPolicy { AutoAccept = [] }, 100m, "USD", [Line(MatchMethod.Reference)], 0m));

    private static readonly CashApplicationPolicy Listed = new() { AutoAccept = [MatchMethod.Reference, MatchMethod.ExactAmount] };

    private static PaymentApplication Line(MatchMethod method) => new("P1", "INV-1", "C1", 100m, "USD", method, MatchConfidence.High, "x");
}
