using Connector.Domain.Credit;
using Connector.Sync.Credit;
using Connector.Webhooks.Tests.Builders;

namespace Connector.Webhooks.Tests.Credit;

public sealed class CreditSnapshotHolderTests
{
    [Fact]
    public void Publish_NewEvaluation_ReplacesTheOldWhole()
    {
        var holder = new CreditSnapshotHolder();
        var first = Portfolio.Snapshot(new CreditPolicy());
        var second = Portfolio.Snapshot(new CreditPolicy(), Portfolio.EvaluatedAt.AddMinutes(15));

        Assert.Null(holder.Current);
        holder.Publish(first);
        holder.Publish(second);

        Assert.Same(second, holder.Current);
    }

    [Fact]
    public void Find_AccountIdOfAPushedCustomer_ReturnsItsCreditSnapshot()
    {
        var snapshot = Portfolio.Snapshot(new CreditPolicy());

        Assert.Equal("C-HELD", snapshot.Find(Portfolio.HeldAccount)!.CustomerId);
        Assert.True(snapshot.Find(Portfolio.HeldAccount)!.Hold.OnHold);
        Assert.Null(snapshot.Find(Portfolio.StrangerAccount));
    }
}
