using Connector.Domain.Promises;
using Connector.Domain.Tests.Builders;

namespace Connector.Domain.Tests.Promises;

public sealed class PromiseEvaluatorTests
{
    [Theory]
    [InlineData(-2, PromiseState.Active)] // due two days ago: still within the 2 grace days
    [InlineData(-3, PromiseState.Broken)] // three days ago: grace has passed
    [InlineData(5, PromiseState.Active)]
    public void Evaluate_NothingReceived_BreaksOnlyAfterGraceDays(int dueInDays, PromiseState expected)
    {
        var ledger = A.Ledger([A.Customer()], promises: [A.Promise(500m, promisedDaysAgo: 10, dueInDays)]);

        var status = Assert.Single(PromiseEvaluator.Evaluate(ledger.Accounts[0], A.AsOf));

        Assert.Equal(expected, status.State);
    }

    [Fact]
    public void Evaluate_PaidInFullBeforeDue_IsKept()
    {
        var ledger = A.Ledger([A.Customer()],
            payments: [A.Payment("P1", 300m, daysAgo: 8, applied: 300m), A.Payment("P2", 200m, daysAgo: 6, applied: 200m)],
            promises: [A.Promise(500m, promisedDaysAgo: 10, dueInDays: -5)]);

        var status = Assert.Single(PromiseEvaluator.Evaluate(ledger.Accounts[0], A.AsOf));

        Assert.Equal(PromiseState.Kept, status.State);
        Assert.Equal(500m, status.Received);
    }

    [Fact]
    public void Evaluate_PartPaidAndOverdue_IsBrokenWithShortfall()
    {
        var ledger = A.Ledger([A.Customer()],
            payments: [A.Payment("P0", 999m, daysAgo: 30), A.Payment("P1", 300m, daysAgo: 8)],
            promises: [A.Promise(500m, promisedDaysAgo: 10, dueInDays: -5)]);

        var status = Assert.Single(PromiseEvaluator.Evaluate(ledger.Accounts[0], A.AsOf));

        Assert.Equal(PromiseState.Broken, status.State);
        Assert.Equal(200m, status.Shortfall);
    }
}
