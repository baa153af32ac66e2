using Connector.Domain.Credit;
using Connector.Sync.Credit;

namespace Connector.Sync.Tests.Credit;

/// <summary>A snapshot published by one instance and read by another decides every order check alike.</summary>
public class CreditSnapshotPayloadTests
{
    private static readonly CreditPolicy Policy = new() { OrderEnforcement = OrderEnforcement.Reject };

    [Fact]
    public void Read_PublishedSnapshot_DecidesEveryOrderWithTheSameSentenceAsTheOriginal()
    {
        var original = SharedPortfolio.Snapshot(Policy);

        var read = CreditSnapshotPayload.Read(CreditSnapshotPayload.Figures(original), CreditSnapshotPayload.Actions(original.Actions));

        var checkedOrders = 0;
        foreach (var (account, order) in SharedPortfolio.Orders())
        {
            Assert.Equal(Decide(original, account, order), Decide(read, account, order));
            checkedOrders++;
        }

        Assert.Equal(144, checkedOrders);
        Assert.Contains(SharedPortfolio.Orders(), o => Decide(original, o.Account, o.Order).StartsWith("Blocked", StringComparison.Ordinal));
        Assert.Contains(SharedPortfolio.Orders(), o => Decide(original, o.Account, o.Order).StartsWith("Allowed", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_PublishedSnapshot_KeepsWhatTheWebhookResolvesAndShows()
    {
        var original = SharedPortfolio.Snapshot(Policy);

        var read = CreditSnapshotPayload.Read(CreditSnapshotPayload.Figures(original), CreditSnapshotPayload.Actions(original.Actions));

        Assert.Equal(SharedPortfolio.EvaluatedAt, read.EvaluatedAt);
        Assert.Equal(SharedPortfolio.AsOf, read.Credit.AsOf);
        Assert.Equal(SharedPortfolio.Europa, read.AccountOfContact(SharedPortfolio.EuropaBuyer));
        Assert.Equal("C-EUR-N", read.CustomerOf(SharedPortfolio.EuropaNord));
        Assert.Equal("EUR", read.Currencies.IsoCodeOf(SharedPortfolio.Euro));
        Assert.Equal("USD", read.Currencies.BaseCurrency);
        Assert.Equal(original.Credit.OnHoldCount, read.Credit.OnHoldCount);
        foreach (var customer in original.Credit.Snapshots)
        {
            var copy = read.Credit.Find(customer.CustomerId)!;
            Assert.Equal(customer.HoldMessage, copy.HoldMessage);
            Assert.Equal(customer.AvailableCredit, copy.AvailableCredit);
            Assert.Equal(customer.Hold.SuppressedByRelease, copy.Hold.SuppressedByRelease);
            Assert.Equal(customer.Hold.Transitions.Select(static t => t.Details), copy.Hold.Transitions.Select(static t => t.Details));
        }
    }

    [Fact]
    public void Read_ActionsPublishedLater_OverrideLetsTheHeldOrderPassOnTheSameFigures()
    {
        var before = SharedPortfolio.Snapshot(Policy, ManualActions.None);
        var order = new OrderRequest { CustomerId = "C-HELD", OrderId = "SO-9", Amount = 100m, On = SharedPortfolio.AsOf };

        var after = CreditSnapshotPayload.Read(CreditSnapshotPayload.Figures(before), CreditSnapshotPayload.Actions(new ManualActions(overrides: [SharedPortfolio.Override])));

        Assert.StartsWith("Blocked", Decide(before, SharedPortfolio.Held, order), StringComparison.Ordinal);
        Assert.StartsWith("Allowed", Decide(after, SharedPortfolio.Held, order), StringComparison.Ordinal);
        Assert.Contains("prepaid", Decide(after, SharedPortfolio.Held, order), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotAPayload_SaysItCannotBeRead()
    {
        var error = Assert.ThrowsAny<InvalidDataException>(() => CreditSnapshotPayload.Read("not gzip"u8.ToArray(), "x"u8.ToArray()));

        Assert.StartsWith("The published credit snapshot cannot be read: ", error.Message, StringComparison.Ordinal);
    }

    /// <summary>What a person notices of a decision: allowed or not, the sentence, the reasons and figures.</summary>
    private static string Decide(CreditSnapshot snapshot, Guid account, OrderRequest order)
    {
        var decision = CreditCheck.Check(snapshot.Find(account)!, order, Policy, snapshot.Actions);
        return $"{decision.Outcome} | {decision.Message} | {string.Join(',', decision.Reasons)} | {decision.AvailableCredit} | {decision.ExposureAfter} | {decision.Override?.By}";
    }
}
