using Connector.Domain.Collections;
using Connector.Domain.Ledger;
using Connector.Sync.Collections;
using Connector.Sync.Ports;
using static Connector.Sync.Tests.Collections.CollectionSamples;

namespace Connector.Sync.Tests.Collections;

public sealed class DunningMailPlannerTests
{
    private static readonly CollectionsPolicy Policy = new();

    [Fact]
    public void Plan_ReminderDueToday_SendsOneMailKeyedByStep()
    {
        var c = Case(Contoso(email: "ap@contoso.example; finance@contoso.example"), [Invoice("INV-20391", 980.5m, 1)]);

        var decision = Assert.Single(Plan([c], Contoso(email: "ap@contoso.example; finance@contoso.example")));

        Assert.True(decision.Send, decision.Reason);
        Assert.Equal("CASE-C1042|L1|2026-11-23", decision.Key);
        Assert.Equal(["ap@contoso.example", "finance@contoso.example"], decision.To);
        Assert.Equal("level 1 (Reminder) email due 2026-11-23: 980.50 USD overdue on 1 item(s)", decision.Reason);
    }

    [Fact]
    public void Plan_CallLevelWithoutEmail_DecidesNothing()
    {
        Assert.Empty(Plan([ContosoCase(20)], Contoso()));
    }

    [Fact]
    public void Plan_PromiseActive_HoldsTheMailUntilTheGraceEnds()
    {
        var promise = new PaymentPromise { CustomerId = "C1042", PromisedOn = AsOf.AddDays(-3), DueDate = AsOf.AddDays(8), Amount = 12_400m };
        var c = Case(Contoso(), [Invoice("INV-20391", 8_000m, 40), Invoice("INV-20455", 4_400m, 33)], promises: [promise]);
        Assert.Equal(CaseState.Paused, c.State);

        var decision = Assert.Single(Plan([c], Contoso()));

        Assert.False(decision.Send);
        Assert.Equal("promise to pay active until 2026-12-03", decision.Reason);
    }

    [Fact]
    public void Plan_AnyEmailWithinTheQuietPeriod_Waits()
    {
        var c = Case(Contoso(), [Invoice("INV-20391", 8_000m, 30)]); // level 3 reached today

        var decision = Assert.Single(Plan([c], Contoso(), [EmailSent(1, new DateOnly(2026, 11, 20))]));

        Assert.False(decision.Send);
        Assert.Equal("quiet period: level 1 email sent 2026-11-20 (no email until 2026-11-27, Collections:QuietPeriodDays)", decision.Reason);
    }

    [Fact]
    public void Plan_QuietPeriodOver_Sends()
    {
        var c = Case(Contoso(), [Invoice("INV-20391", 8_000m, 30)]);

        Assert.True(Assert.Single(Plan([c], Contoso(), [EmailSent(1, AsOf.AddDays(-7))])).Send);
    }

    [Fact]
    public void Plan_StepAlreadyEmailed_IsNotSentTwice()
    {
        var c = Case(Contoso(), [Invoice("INV-20391", 8_000m, 30)]);
        var policy = new CollectionsPolicy { QuietPeriodDays = 0 };

        var decision = Assert.Single(DunningMailPlanner.Plan([c], Customers(Contoso()), [EmailSent(3, AsOf)], policy, AsOf));

        Assert.False(decision.Send);
        Assert.Equal("already sent: level 3 email of 2026-11-23 went out 2026-11-23", decision.Reason);
    }

    [Fact]
    public void Plan_CustomerWithoutEmail_SaysSo()
    {
        var customer = Contoso(email: null) with { Id = "C7" };
        var c = Case(customer, [Invoice("INV-20391", 8_000m, 30, customerId: "C7")]);

        var decision = Assert.Single(Plan([c], customer));

        Assert.False(decision.Send);
        Assert.Equal("no email address for customer C7", decision.Reason);
        Assert.Empty(decision.To);
    }

    [Fact]
    public void Plan_DisputedOnlyBalance_NeverDuns()
    {
        var c = Case(Contoso(), [Invoice("INV-20391", 8_000m, 30)]) with { Amount = 0m, DisputedAmount = 3_150m };

        var decision = Assert.Single(Plan([c], Contoso()));

        Assert.False(decision.Send);
        Assert.Equal("only disputed items are overdue (3,150.00 USD): no dunning while the dispute is open", decision.Reason);
    }

    [Fact]
    public void Plan_EmailDateAhead_WaitsForIt()
    {
        var c = Case(Contoso(), [Invoice("INV-20391", 8_000m, 30)]);
        c = c with { NextAction = c.NextAction with { EmailDate = AsOf.AddDays(2) } };

        var decision = Assert.Single(Plan([c], Contoso()));

        Assert.False(decision.Send);
        Assert.Equal("level 3 (Escalate) email not due until 2026-11-25", decision.Reason);
        Assert.Equal("CASE-C1042|L3|2026-11-25", decision.Key);
    }

    private static IReadOnlyList<DunningDecision> Plan(IReadOnlyList<CollectionCase> cases, Customer customer, IReadOnlyList<StoredContactAttempt>? history = null) =>
        DunningMailPlanner.Plan(cases, Customers(customer), history ?? [], Policy, AsOf);

    private static Dictionary<string, Customer> Customers(Customer customer) => new(StringComparer.Ordinal) { [customer.Id] = customer };
}
