using Connector.Domain.Tests.Builders;

namespace Connector.Domain.Tests.Exposure;

public sealed class ExposureBookTests
{
    [Fact]
    public void GroupOf_ParentChildAndGrandchild_SumsAllInTheParentsCurrency()
    {
        var ledger = A.Ledger(
            [
                A.Customer("P", limit: 1_000m),
                A.Customer("C", currency: "EUR") with { ParentId = "P" },
                A.Customer("G") with { ParentId = "C" },
                A.Customer("X"),
            ],
            invoices:
            [
                A.Invoice("I1", 200m, customerId: "P"),
                A.Invoice("I2", 100m, customerId: "C", currency: "EUR"),
                A.Invoice("I3", 50m, customerId: "G"),
                A.Invoice("I4", 9_999m, customerId: "X"),
            ],
            rates: [CreditSetup.Rate("EUR", 1.10m)]);
        var book = CreditSetup.Book(ledger);

        var group = book.GroupOf(ledger.Find("P")!);

        Assert.Equal(360m, group.Total); // 200 + 100 × 1.10 + 50
        Assert.Equal(3, group.MemberCount);
        Assert.Equal(1_000m, group.Limit);
        Assert.Equal(["C", "P"], book.GroupsAbove(ledger.Find("G")!).Select(g => g.GroupId));
        Assert.Empty(book.GroupsAbove(ledger.Find("X")!));
    }

    [Fact]
    public void GroupOf_ChildInCurrencyWithoutRate_GroupIsNotEvaluable()
    {
        var ledger = A.Ledger(
            [A.Customer("P", limit: 1_000m), A.Customer("C", currency: "CHF") with { ParentId = "P" }],
            invoices: [A.Invoice("I1", 10m, customerId: "C", currency: "CHF")]);

        var group = CreditSetup.Book(ledger).GroupOf(ledger.Find("P")!);

        Assert.False(group.IsEvaluable);
        Assert.Contains("no CHF rate", group.NotEvaluableReason, StringComparison.Ordinal);
    }
}
