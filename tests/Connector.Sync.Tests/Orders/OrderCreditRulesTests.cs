using Connector.Domain.Credit;
using Connector.Sync.Orders;
using Connector.Sync.Ports;
using Connector.Sync.Push;

namespace Connector.Sync.Tests.Orders;

public sealed class OrderCreditRulesTests
{
    private static readonly Guid OrderId = Guid.Parse("50000000-0000-0000-0000-000000000001");
    private static readonly Guid ConnectorUser = Guid.Parse("c0c0c0c0-0000-0000-0000-000000000001");
    private static readonly Guid Manager = Guid.Parse("4a4a4a4a-0000-0000-0000-000000000001");
    private static readonly DateTimeOffset Now = OrderPortfolio.Now;
    private static readonly DateOnly Today = OrderPortfolio.AsOf;

    private static OrderFacts Facts(string? customerId = OrderPortfolio.HeldCustomer, Guid? owner = null, OrderRecord? row = null, bool ownerless = false) => new()
    {
        OrderId = OrderId,
        Number = "ORD-01001",
        Name = "Spring restock",
        CustomerId = customerId,
        AccountId = customerId switch
        {
            OrderPortfolio.HeldCustomer => OrderPortfolio.HeldAccount,
            OrderPortfolio.GoodCustomer => OrderPortfolio.GoodAccount,
            _ => OrderPortfolio.StrangerAccount,
        },
        OwnerUserId = ownerless ? null : owner ?? OrderPortfolio.Owner,
        Amount = 1_000m,
        Row = row,
    };

    private static OrderRecord Row(int? status = null, string? message = null, string? reason = null, Guid? modifiedBy = null, string? modifiedByName = null) => new()
    {
        Id = OrderId,
        Number = "ORD-01001",
        StateCode = 0,
        CreditStatus = status,
        CreditMessage = message,
        ReleaseReason = reason,
        ModifiedById = modifiedBy,
        ModifiedByName = modifiedByName,
    };

    private static StoredOrderCredit Previous(string status, string message = "Order blocked: earlier sentence.", int notices = 1) => new()
    {
        OrderId = OrderId,
        OrderNumber = "ORD-01001",
        CustomerId = OrderPortfolio.HeldCustomer,
        AccountId = OrderPortfolio.HeldAccount,
        OwnerId = OrderPortfolio.Owner,
        Amount = 1_000m,
        Status = status,
        Message = message,
        HeldSince = OrderCreditStatuses.IsHeld(status) ? Now.AddDays(-2) : null,
        Notices = notices,
        CheckedAt = Now.AddDays(-1),
    };

    private static OrderVerdict Decide(
        OrderFacts facts,
        StoredOrderCredit? previous = null,
        CreditPolicy? policy = null,
        bool paid = false,
        HoldRelease? customerRelease = null,
        StoredOrderRelease? release = null)
    {
        policy ??= new CreditPolicy();
        var snapshot = OrderPortfolio.Snapshot(policy, paid, customerRelease is null ? null : new ManualActions([customerRelease]));
        var credit = facts.CustomerId is { } id ? snapshot.Credit.Find(id) : null;
        return OrderCreditRules.Decide(facts, previous, credit, policy, customerRelease, release, ConnectorUser, Now, Today);
    }

    private static string DomainSentence(CreditPolicy? policy = null, bool paid = false)
    {
        policy ??= new CreditPolicy();
        var credit = OrderPortfolio.Snapshot(policy, paid).Credit.Find(OrderPortfolio.HeldCustomer)!;
        return CreditCheck.Check(credit, new OrderRequest { CustomerId = OrderPortfolio.HeldCustomer, OrderId = OrderId.ToString("D"), Amount = 1_000m, On = Today }, policy).Message;
    }

    [Theory]
    [InlineData(OrderEnforcement.Hold, OrderCreditStatuses.Held)]
    [InlineData(OrderEnforcement.Reject, OrderCreditStatuses.Rejected)]
    public void Decide_NewOrderOfCustomerOnHold_BlockedWithHoldSentenceNoticeAndAudit(OrderEnforcement enforcement, string expected)
    {
        var policy = new CreditPolicy { OrderEnforcement = enforcement };

        var verdict = Decide(Facts(row: Row()), policy: policy);

        Assert.Equal(expected, verdict.State.Status);
        Assert.Equal(DomainSentence(policy), verdict.State.Message);
        Assert.Contains("Contoso Ltd is on credit hold", verdict.State.Message, StringComparison.Ordinal);
        Assert.Contains("12,400.00 USD", verdict.State.Message, StringComparison.Ordinal);
        Assert.Contains("Jane Doe", verdict.State.Message, StringComparison.Ordinal);
        Assert.Equal(OrderNoticeKind.Held, verdict.Notice);
        Assert.True(verdict.Write);
        Assert.Equal(Now, verdict.State.HeldSince);
        Assert.Equal(1, verdict.State.Notices);
        var held = Assert.Single(verdict.Audit);
        Assert.Equal(("order.held", OrderCreditRules.Actor, "salesorder:ORD-01001"), (held.Action, held.Actor, held.Subject));
        Assert.Null(held.Before);
        Assert.Equal(expected, held.After);
        Assert.Equal(verdict.State.Message, held.Reason);
    }

    [Fact]
    public void Decide_NewOrderOfGoodCustomer_ApprovedWithoutNotice()
    {
        var verdict = Decide(Facts(OrderPortfolio.GoodCustomer, row: Row()));

        Assert.Equal(OrderCreditStatuses.Approved, verdict.State.Status);
        Assert.Null(verdict.Notice);
        Assert.Empty(verdict.Audit);
        Assert.Null(verdict.State.HeldSince);
        Assert.Equal(0, verdict.State.Notices);
        Assert.True(verdict.Write);
    }

    [Fact]
    public void Decide_HeldOrderAfterCustomerPaid_ApprovedReleasedNoticeByConnector()
    {
        var verdict = Decide(Facts(), Previous(OrderCreditStatuses.Held), paid: true);

        Assert.Equal(OrderCreditStatuses.Approved, verdict.State.Status);
        Assert.Equal(OrderNoticeKind.Released, verdict.Notice);
        Assert.Equal(2, verdict.State.Notices);
        Assert.Null(verdict.State.HeldSince);
        Assert.True(verdict.Write);
        Assert.Null(verdict.NewRelease);
        var released = Assert.Single(verdict.Audit);
        Assert.Equal(("order.released", OrderCreditRules.Actor, OrderCreditStatuses.Held, OrderCreditStatuses.Approved), (released.Action, released.Actor, released.Before, released.After));
        Assert.StartsWith("no hold rule fires any more", released.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ReleasedWithReasonInDynamics_HonouredAsThatPersonsRelease()
    {
        var row = Row(DataverseModel.Choices.CreditReleased, "Order blocked: earlier sentence.", "customer pays by wire today", Manager, "Ada Manager");

        var verdict = Decide(Facts(row: row), Previous(OrderCreditStatuses.Held));

        Assert.Equal(new StoredOrderRelease(OrderId, OrderPortfolio.HeldCustomer, "dynamics:Ada Manager", "customer pays by wire today", Today, null), verdict.NewRelease);
        Assert.Equal(OrderCreditStatuses.Released, verdict.State.Status);
        Assert.Equal(OrderNoticeKind.Released, verdict.Notice);
        Assert.True(verdict.Write); // the sentence changes: the order passes by the release
        var released = Assert.Single(verdict.Audit);
        Assert.Equal(("order.released", "dynamics:Ada Manager", OrderCreditStatuses.Released), (released.Action, released.Actor, released.After));
        Assert.StartsWith("customer pays by wire today", released.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ReleaseGivenEarlier_StaysReleasedWithoutNewNotice()
    {
        var release = new StoredOrderRelease(OrderId, OrderPortfolio.HeldCustomer, "dynamics:Ada Manager", "customer pays by wire today", Today.AddDays(-1), null);

        var verdict = Decide(Facts(), Previous(OrderCreditStatuses.Released, notices: 2), release: release);

        Assert.Equal(OrderCreditStatuses.Released, verdict.State.Status);
        Assert.Null(verdict.Notice);
        Assert.Empty(verdict.Audit);
        Assert.Null(verdict.NewRelease);
    }

    [Fact]
    public void Decide_ReleasedWithoutReason_IgnoredAuditedAndHeldAgain()
    {
        var row = Row(DataverseModel.Choices.CreditReleased, "Order blocked: earlier sentence.", reason: null, Manager, "Ada Manager");

        var verdict = Decide(Facts(row: row), Previous(OrderCreditStatuses.Held));

        Assert.Null(verdict.NewRelease);
        Assert.Equal(OrderCreditStatuses.Held, verdict.State.Status);
        Assert.StartsWith("Release not applied: a release needs a reason in arc_releasereason.", verdict.State.Message, StringComparison.Ordinal);
        Assert.EndsWith(DomainSentence(), verdict.State.Message, StringComparison.Ordinal);
        Assert.True(verdict.Write);
        Assert.Null(verdict.Notice);
        var ignored = Assert.Single(verdict.Audit);
        Assert.Equal(("order.release-ignored", "dynamics:Ada Manager", OrderCreditStatuses.Held, OrderCreditStatuses.Released), (ignored.Action, ignored.Actor, ignored.Before, ignored.After));
    }

    [Fact]
    public void Decide_NextPassSeesTheIgnoredReleaseWrittenBack_ExplanationStays()
    {
        var row = Row(DataverseModel.Choices.CreditReleased, "Order blocked: earlier sentence.", reason: null, Manager, "Ada Manager");
        var ignored = Decide(Facts(row: row), Previous(OrderCreditStatuses.Held));
        var writtenBack = Row(DataverseModel.Choices.CreditHeld, ignored.State.Message, modifiedBy: ConnectorUser, modifiedByName: "AR Connector");

        // The connector's own write wakes the next pass (change tracking, the asynchronous webhook) at once.
        var next = Decide(Facts(row: writtenBack), ignored.State);

        Assert.Equal(OrderCreditStatuses.Held, next.State.Status);
        Assert.Equal(ignored.State.Message, next.State.Message);
        Assert.False(next.Write);
        Assert.Empty(next.Audit);
    }

    [Fact]
    public void Decide_ConnectorsOwnReleasedWrite_NotReadAsAPersonsRelease()
    {
        var row = Row(DataverseModel.Choices.CreditReleased, "Released by cli:jdoe.", "customer pays by wire today", ConnectorUser, "AR Connector");

        var verdict = Decide(Facts(row: row), Previous(OrderCreditStatuses.Held));

        Assert.Null(verdict.NewRelease);
        Assert.Equal(OrderCreditStatuses.Held, verdict.State.Status);
        Assert.DoesNotContain(verdict.Audit, e => e.Action.StartsWith("order.release", StringComparison.Ordinal));
        Assert.True(verdict.Write); // Dynamics shows Released: the connector puts Held back
    }

    [Fact]
    public void Decide_CustomerReleasedWhileOrderHeld_ReleasedByThatPersonAndStaysReleasedAfterExpiry()
    {
        var customerRelease = OrderPortfolio.CustomerRelease();

        var verdict = Decide(Facts(), Previous(OrderCreditStatuses.Held), customerRelease: customerRelease);

        Assert.Equal(OrderCreditStatuses.Released, verdict.State.Status);
        Assert.StartsWith("Released by cli:jdoe (wire transfer confirmed by the bank).", verdict.State.Message, StringComparison.Ordinal);
        Assert.Equal(OrderNoticeKind.Released, verdict.Notice);
        var kept = Assert.IsType<StoredOrderRelease>(verdict.NewRelease);
        Assert.Equal((OrderId, OrderPortfolio.HeldCustomer, "cli:jdoe", (DateOnly?)null), (kept.OrderId, kept.CustomerId, kept.By, kept.Until));
        Assert.Contains("wire transfer confirmed by the bank", kept.Reason, StringComparison.Ordinal);
        var released = Assert.Single(verdict.Audit);
        Assert.Equal(("order.released", "cli:jdoe"), (released.Action, released.Actor));

        // The customer's release has expired and the customer is on hold again: the order stays released.
        var later = Decide(Facts(), verdict.State, release: kept);

        Assert.Equal(OrderCreditStatuses.Released, later.State.Status);
        Assert.Null(later.Notice);
        Assert.Empty(later.Audit);
    }

    [Fact]
    public void Decide_NextPassWhileTheCustomerReleaseStillHolds_StaysReleasedWithTheSameSentenceNoWrite()
    {
        var customerRelease = OrderPortfolio.CustomerRelease();
        var first = Decide(Facts(), Previous(OrderCreditStatuses.Held), customerRelease: customerRelease);
        var shown = Row(DataverseModel.Choices.CreditReleased, first.State.Message, modifiedBy: ConnectorUser);

        // The connector's own write comes back through change tracking; the customer release is still in force.
        var next = Decide(Facts(row: shown), first.State, customerRelease: customerRelease, release: first.NewRelease);

        Assert.Equal(OrderCreditStatuses.Released, next.State.Status);
        Assert.Equal(first.State.Message, next.State.Message);
        Assert.False(next.Write);
        Assert.Null(next.Notice);
        Assert.Empty(next.Audit);
    }

    [Theory]
    [InlineData(CheckFailurePolicy.FailOpen, OrderCreditStatuses.Approved, "Order allowed without a credit check")]
    [InlineData(CheckFailurePolicy.FailClosed, OrderCreditStatuses.Held, "Order blocked: the account is not a customer of the AR ledger")]
    public void Decide_AccountUnknownToTheLedger_UnknownCustomerPolicyDecides(CheckFailurePolicy unknown, string expected, string sentence)
    {
        var verdict = Decide(Facts(customerId: null, row: Row()), policy: new CreditPolicy { UnknownCustomerPolicy = unknown });

        Assert.Equal(expected, verdict.State.Status);
        Assert.StartsWith(sentence, verdict.State.Message, StringComparison.Ordinal);
        Assert.Equal("", verdict.State.CustomerId);
        Assert.Equal(OrderPortfolio.StrangerAccount, verdict.State.AccountId);
        Assert.Equal(expected == OrderCreditStatuses.Held ? OrderNoticeKind.Held : null, verdict.Notice);
    }

    [Fact]
    public void Decide_DataverseShowsSameStatusAndMessage_NoWrite()
    {
        var shown = Row(DataverseModel.Choices.CreditHeld, DomainSentence(), modifiedBy: ConnectorUser);

        var verdict = Decide(Facts(row: shown), Previous(OrderCreditStatuses.Held, DomainSentence()));

        Assert.False(verdict.Write);
        Assert.Null(verdict.Notice);
        Assert.Empty(verdict.Audit);
    }

    [Fact]
    public void Decide_DataverseShowsOtherMessage_Writes()
    {
        var shown = Row(DataverseModel.Choices.CreditHeld, "Order blocked: an older sentence.", modifiedBy: ConnectorUser);

        var verdict = Decide(Facts(row: shown), Previous(OrderCreditStatuses.Held, DomainSentence()));

        Assert.True(verdict.Write);
        Assert.Null(verdict.Notice);
    }

    [Fact]
    public void Decide_StoredOrderRecheckedUnchanged_NoWrite()
    {
        var verdict = Decide(Facts(), Previous(OrderCreditStatuses.Held, DomainSentence()));

        Assert.False(verdict.Write);
        Assert.Equal(Now.AddDays(-2), verdict.State.HeldSince);
        Assert.Equal(1, verdict.State.Notices);
    }

    [Fact]
    public void Decide_SentenceLongerThanTheColumn_CutTo2000Characters()
    {
        var policy = new CreditPolicy();
        var credit = OrderPortfolio.Snapshot(policy, heldName: new string('C', 3_000)).Credit.Find(OrderPortfolio.HeldCustomer);

        var verdict = OrderCreditRules.Decide(Facts(row: Row()), null, credit, policy, null, null, ConnectorUser, Now, Today);

        Assert.Equal(OrderCreditRules.MessageMaxLength, verdict.State.Message.Length);
        Assert.EndsWith("…", verdict.State.Message, StringComparison.Ordinal);
        Assert.StartsWith("Order blocked: CCC", verdict.State.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_HeldOrderOwnedByATeam_NoticeButCounterUnchanged()
    {
        var verdict = Decide(Facts(row: Row(), ownerless: true));

        Assert.Equal(OrderNoticeKind.Held, verdict.Notice);
        Assert.Equal(0, verdict.State.Notices);
        Assert.Null(verdict.State.OwnerId);
    }
}
