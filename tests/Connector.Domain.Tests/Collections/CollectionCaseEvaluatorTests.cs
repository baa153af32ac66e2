using Connector.Domain.Collections;
using Connector.Domain.Ledger;
using Connector.Domain.Tests.Builders;

namespace Connector.Domain.Tests.Collections;

public sealed class CollectionCaseEvaluatorTests
{
    [Theory]
    [InlineData(1, 1, "Reminder")]
    [InlineData(14, 1, "Reminder")]
    [InlineData(15, 2, "Call")]
    [InlineData(29, 2, "Call")]
    [InlineData(30, 3, "Escalate")]
    [InlineData(59, 3, "Escalate")]
    [InlineData(60, 4, "Final notice")]
    [InlineData(89, 4, "Final notice")]
    [InlineData(90, 5, "Agency")]
    [InlineData(400, 5, "Agency")]
    public void Evaluate_OldestInvoiceAge_SetsTheLadderLevel(int daysPastDue, int level, string name)
    {
        var ledger = A.Ledger([A.Customer()], [A.Invoice("INV-1", 1_000m, daysPastDue)]);

        var found = Dunning.Case(ledger);

        Assert.NotNull(found);
        Assert.Equal(level, found.Level);
        Assert.Equal(name, found.LevelName);
        int[] stepDays = [-3, 1, 15, 30, 60, 90];
        Assert.Equal(A.AsOf.AddDays(-daysPastDue + stepDays[level]), found.LevelReachedOn); // due date + the step's days
    }

    [Fact]
    public void Evaluate_DueToday_HasNoCase()
    {
        var ledger = A.Ledger([A.Customer()], [A.Invoice("INV-1", 1_000m, daysPastDue: 0)]);

        Assert.Null(new CollectionCaseEvaluator(Dunning.Policy()).Evaluate(ledger.Accounts[0], Dunning.Rates(), out var summary));
        Assert.Equal(CollectionOutcome.NothingDue, summary.Outcome);
    }

    [Theory]
    [InlineData(-4, null)]
    [InlineData(-3, 0)]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    public void Evaluate_CourtesySwitchedOn_RemindsThreeDaysBeforeDue(int daysPastDue, int? level)
    {
        var ledger = A.Ledger([A.Customer()], [A.Invoice("INV-1", 1_000m, daysPastDue)]);

        var found = Dunning.Case(ledger, Dunning.PolicyWithCourtesy());

        Assert.Equal(level, found?.Level);
    }

    [Fact]
    public void Evaluate_CourtesyLevel_EmailsAboutTheItemComingDue()
    {
        var ledger = A.Ledger([A.Customer()], [A.Invoice("INV-1", 700m, daysPastDue: -2), A.Invoice("INV-2", 300m, daysPastDue: -10)]);

        var found = Dunning.Case(ledger, Dunning.PolicyWithCourtesy())!;

        Assert.Equal(700m, found.Amount);
        Assert.Equal(["INV-1"], found.Items.Select(i => i.InvoiceId));
        Assert.Equal(ActionKind.Email, found.NextAction.Kind);
    }

    [Fact]
    public void Evaluate_TwoStepsBeforeDue_CaseHoldsTheItemsOfTheReachedStep()
    {
        var policy = Dunning.Policy();
        policy.Ladder =
        [
            new() { Level = 0, Name = "Early", Days = -10, Email = true },
            new() { Level = 1, Name = "Courtesy", Days = -3, Email = true },
            new() { Level = 2, Name = "Reminder", Days = 1, Email = true },
        ];
        var ledger = A.Ledger([A.Customer()], [A.Invoice("INV-1", 700m, daysPastDue: -3), A.Invoice("INV-2", 300m, daysPastDue: -5)]);

        var found = Dunning.Case(ledger, policy)!;

        Assert.Equal(1, found.Level);
        Assert.Equal(700m, found.Amount);
        Assert.Equal(["INV-1"], found.Items.Select(i => i.InvoiceId));
    }

    [Fact]
    public void Evaluate_RiskClassLadder_EscalatesARiskyCustomerSooner()
    {
        var policy = Dunning.Policy();
        policy.LadderByRiskClass["D"] =
        [
            new() { Level = 1, Name = "Reminder", Days = 1, Email = true },
            new() { Level = 2, Name = "Call", Days = 5, Task = DunningTaskKind.Collector },
            new() { Level = 3, Name = "Escalate", Days = 10, Task = DunningTaskKind.Collector },
        ];
        var invoices = new[] { A.Invoice("INV-1", 1_000m, 10, "RISKY"), A.Invoice("INV-2", 1_000m, 10, "SAFE") };
        var ledger = A.Ledger([A.Customer("RISKY") with { RiskClass = RiskClass.D }, A.Customer("SAFE") with { RiskClass = RiskClass.B }], invoices);
        var evaluator = new CollectionCaseEvaluator(policy);

        var risky = evaluator.Evaluate(ledger.Accounts[0], Dunning.Rates(), out _)!;
        var safe = evaluator.Evaluate(ledger.Accounts[1], Dunning.Rates(), out _)!;

        Assert.Equal(3, risky.Level);
        Assert.Equal(ActionKind.CollectorTask, risky.NextAction.Kind);
        Assert.Equal(1, safe.Level);
    }

    [Fact]
    public void Evaluate_OldestInvoiceDisputed_LevelComesFromTheNextUndisputed()
    {
        var ledger = A.Ledger([A.Customer()],
        [
            A.Invoice("INV-OLD", 5_000m, daysPastDue: 95) with { Disputed = true },
            A.Invoice("INV-MID", 1_200m, daysPastDue: 20),
            A.Invoice("INV-NEW", 800m, daysPastDue: 3),
        ]);

        var found = Dunning.Case(ledger)!;

        Assert.Equal(2, found.Level);
        Assert.Equal("INV-MID", found.OldestInvoiceId);
        Assert.Equal(20, found.OldestDaysPastDue);
        Assert.Equal(2_000m, found.Amount);
        Assert.Equal(5_000m, found.DisputedAmount);
        Assert.True(found.Items.Single(i => i.InvoiceId == "INV-OLD").Disputed);
    }

    [Fact]
    public void Evaluate_OnlyDisputedItemsOverdue_NoCaseWithReason()
    {
        var ledger = A.Ledger([A.Customer()],
        [
            A.Invoice("INV-1", 4_000m, daysPastDue: 70) with { Disputed = true },
            A.Invoice("INV-2", 900m, daysPastDue: -5),
        ]);

        var found = new CollectionCaseEvaluator(Dunning.Policy()).Evaluate(ledger.Accounts[0], Dunning.Rates(), out var summary);

        Assert.Null(found);
        Assert.Equal(CollectionOutcome.DisputedOnly, summary.Outcome);
        Assert.Equal("only disputed items are overdue (4,000.00 USD): no dunning while the dispute is open", summary.Reason);
    }

    [Fact]
    public void Evaluate_CreditMemoCoversTheOverdue_BelowMateriality()
    {
        var ledger = A.Ledger([A.Customer()], [A.Invoice("INV-1", 500m, 40), A.CreditMemo("CM-1", 500m, 10)]);

        var summary = Dunning.Summary(ledger);

        Assert.Equal(CollectionOutcome.BelowMateriality, summary.Outcome);
        Assert.Equal(0m, summary.Amount);
    }

    [Fact]
    public void Evaluate_CreditMemoOverdue_NetsTheAmountButNotTheLevel()
    {
        var ledger = A.Ledger([A.Customer()], [A.Invoice("INV-1", 500m, 40), A.CreditMemo("CM-1", 200m, 50)]);

        var found = Dunning.Case(ledger)!;

        Assert.Equal(3, found.Level);
        Assert.Equal("INV-1", found.OldestInvoiceId);
        Assert.Equal(300m, found.Amount);
    }

    [Theory]
    [InlineData(99.99, CollectionOutcome.BelowMateriality)]
    [InlineData(100.00, CollectionOutcome.Case)]
    public void Evaluate_Materiality_OpensACaseFromTheMinimum(decimal amount, CollectionOutcome expected)
    {
        var policy = Dunning.Policy();
        policy.MinimumCaseAmount = 100m;
        var ledger = A.Ledger([A.Customer()], [A.Invoice("INV-1", amount, 10)]);

        Assert.Equal(expected, Dunning.Summary(ledger, policy).Outcome);
    }

    [Fact]
    public void Evaluate_ManyInvoices_OneCaseWithEveryOverdueItem()
    {
        var invoices = Enumerable.Range(1, 40).Select(i => A.Invoice($"INV-{i:00}", 100m, daysPastDue: i)).ToList();
        invoices.Add(A.Invoice("INV-CURRENT", 999m, daysPastDue: -5));
        var ledger = A.Ledger([A.Customer()], invoices);

        var plan = CollectionPlanner.Plan(ledger, Dunning.Policy(), Dunning.Rates());

        var found = Assert.Single(plan.Cases);
        Assert.Equal("CASE-C1", found.CaseId);
        Assert.Equal(40, found.Items.Count);
        Assert.Equal(4_000m, found.Amount);
        Assert.Equal("INV-40", found.OldestInvoiceId);
        Assert.Equal(3, found.Level);
    }

    [Fact]
    public void Evaluate_ActivePromise_PausesUntilTheDayAfterGrace()
    {
        var ledger = A.Ledger([A.Customer()], [A.Invoice("INV-1", 2_000m, 40)], promises: [A.Promise(2_000m, promisedDaysAgo: 5, dueInDays: 3)]);

        var found = Dunning.Case(ledger)!;

        Assert.Equal(CaseState.Paused, found.State);
        Assert.Equal(ActionKind.None, found.NextAction.Kind);
        Assert.Equal(A.AsOf.AddDays(5), found.PromiseGraceEnd); // due +3, grace 2
        Assert.Equal(A.AsOf.AddDays(6), found.NextAction.DueDate);
        Assert.Equal(3, found.Level); // the level is kept; only the action waits
        Assert.StartsWith("Paused until 2026-07-06: promise to pay 2,000.00 USD by 2026-07-03 (+2 grace days)", found.NextAction.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-2, CaseState.Paused)] // due two days ago: still within grace
    [InlineData(-3, CaseState.Active)] // grace over: broken, the ladder resumes
    public void Evaluate_PromiseAtTheEndOfGrace_PausesOrResumes(int dueInDays, CaseState expected)
    {
        var ledger = A.Ledger([A.Customer()], [A.Invoice("INV-1", 2_000m, 40)], promises: [A.Promise(2_000m, promisedDaysAgo: 20, dueInDays)]);

        Assert.Equal(expected, Dunning.Case(ledger)!.State);
    }

    [Fact]
    public void Evaluate_BrokenPromise_BoostsThePriority()
    {
        var ledger = A.Ledger([A.Customer()],
            [A.Invoice("INV-1", 2_000m, 20)],
            payments: [A.Payment("P1", 500m, daysAgo: 12, applied: 500m)],
            promises: [A.Promise(1_500m, promisedDaysAgo: 20, dueInDays: -10)]);

        var found = Dunning.Case(ledger)!;

        Assert.True(found.BrokenPromise);
        Assert.Equal(CaseState.Active, found.State);
        Assert.Equal(2_000m * 1.0m * 1.0m + 10_000m, found.Priority.Score);
        var boost = found.Priority.Factors.Single(f => f.Name == "Broken promise");
        Assert.Equal(10_000m, boost.Value);
        Assert.Equal("promise to pay 1,500.00 USD by 2026-06-20 broken (grace ended 2026-06-22, 1,000.00 USD short): +10000", boost.Explanation);
        Assert.Equal(Importance.Normal, found.Priority.Importance);
    }

    [Theory]
    [InlineData(90, 10_000)]
    [InlineData(91, 0)]
    public void Evaluate_BrokenPromiseLongAgo_StopsBoostingAfterTheLookback(int graceEndedDaysAgo, decimal boost)
    {
        var ledger = A.Ledger([A.Customer()],
            [A.Invoice("INV-1", 2_000m, 120)],
            promises: [A.Promise(1_500m, promisedDaysAgo: 200, dueInDays: -graceEndedDaysAgo - 2)]);

        Assert.Equal(boost, Dunning.Summary(ledger).Boost);
    }

    [Theory]
    [InlineData(6, CaseState.Waiting, 1)]  // sent six days ago: wait one more day
    [InlineData(7, CaseState.Active, 0)]   // sent seven days ago: the quiet period is over
    public void Evaluate_SameEmailWithinQuietPeriod_Waits(int sentDaysAgo, CaseState state, int dueInDays)
    {
        var ledger = A.Ledger([A.Customer()], [A.Invoice("INV-1", 1_000m, 10)]);
        var history = new ContactHistory([new ContactAttempt("C1", 1, ContactKind.Email, A.AsOf.AddDays(-sentDaysAgo))]);

        var found = Dunning.Case(ledger, history: history)!;

        Assert.Equal(state, found.State);
        Assert.Equal(ActionKind.Email, found.NextAction.Kind);
        Assert.Equal(A.AsOf.AddDays(dueInDays), found.NextAction.DueDate);
        if (state == CaseState.Waiting)
        {
            Assert.StartsWith("Wait until 2026-07-01 to email: the Reminder email was sent on 2026-06-24 (quiet period 7 days)", found.NextAction.Description, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Evaluate_EmailOfAnotherLevelRecently_DoesNotWait()
    {
        var ledger = A.Ledger([A.Customer()], [A.Invoice("INV-1", 1_000m, 31)]);
        var history = new ContactHistory([new ContactAttempt("C1", 1, ContactKind.Email, A.AsOf.AddDays(-2))]);

        var found = Dunning.Case(ledger, history: history)!;

        Assert.Equal(3, found.Level);
        Assert.Equal(ActionKind.CollectorTask, found.NextAction.Kind);
        Assert.Equal(A.AsOf.AddDays(-1), found.NextAction.EmailDate); // reached yesterday, email not yet sent
        Assert.Equal(CaseState.Active, found.State);
    }

    [Fact]
    public void Evaluate_PriorityWorkedExample_ShowsEachFactor()
    {
        // 8,000 EUR (45 days) + 2,000 EUR (10 days) undisputed, 1,500 EUR disputed; EUR at 1.10 USD; risk C.
        var ledger = A.Ledger([A.Customer(currency: "EUR") with { RiskClass = RiskClass.C }],
        [
            A.Invoice("INV-1", 8_000m, 45, currency: "EUR"),
            A.Invoice("INV-2", 2_000m, 10, currency: "EUR"),
            A.Invoice("INV-3", 1_500m, 50, currency: "EUR") with { Disputed = true },
        ]);
        var rates = Dunning.Rates(new ExchangeRate("EUR", A.AsOf.AddDays(-1), 1.10m));

        var found = Dunning.Case(ledger, rates: rates)!;

        Assert.Equal(10_000m, found.Amount);
        Assert.Equal(11_000m, found.AmountInCompanyCurrency);
        Assert.Equal(20_625m, found.Priority.Score); // 11,000 × 1.5 × 1.25
        Assert.Equal(Importance.Normal, found.Priority.Importance);
        Assert.Equal(
        [
            ("Overdue amount", 11_000m, "10,000.00 EUR undisputed overdue = 11,000.00 USD on 3 item(s); 1,500.00 EUR disputed not counted"),
            ("Age weight", 1.5m, "oldest undisputed invoice INV-1 is 45 days past due: bucket 31–60 weighs 1.5"),
            ("Risk class", 1.25m, "risk class C: factor 1.25"),
            ("Broken promise", 0m, "no promise broken in the last 90 days: +0"),
        ], found.Priority.Factors.Select(f => (f.Name, f.Value, f.Explanation)));
    }

    [Fact]
    public void Evaluate_NoRiskClassFromErp_AssumesTheDefaultAndSaysSo()
    {
        var ledger = A.Ledger([A.Customer()], [A.Invoice("INV-1", 1_000m, 10)]);

        var risk = Dunning.Case(ledger)!.Priority.Factors.Single(f => f.Name == "Risk class");

        Assert.Equal("no risk class in the ERP: treated as class B, factor 1", risk.Explanation);
    }

    [Fact]
    public void Evaluate_MissingRate_NotEvaluableWithReason()
    {
        var ledger = A.Ledger([A.Customer(currency: "EUR")], [A.Invoice("INV-1", 1_000m, 10, currency: "EUR")]);

        var found = new CollectionCaseEvaluator(Dunning.Policy()).Evaluate(ledger.Accounts[0], Dunning.Rates(), out var summary);

        Assert.Null(found);
        Assert.Equal(CollectionOutcome.NotEvaluable, summary.Outcome);
        Assert.Equal("customer C1: no EUR rate on or before 2026-06-30 (rates are company-currency units per one EUR)", summary.Reason);
    }

    [Theory]
    [InlineData(4_999.99, Importance.Low)]
    [InlineData(5_000.00, Importance.Normal)]
    [InlineData(49_999.99, Importance.Normal)]
    [InlineData(50_000.00, Importance.High)]
    public void Evaluate_ScoreAtThresholds_SetsImportance(decimal amount, Importance expected)
    {
        // 10 days past due (weight 1.0), risk B (factor 1.0): the score equals the amount.
        var ledger = A.Ledger([A.Customer() with { RiskClass = RiskClass.B }], [A.Invoice("INV-1", amount, 10)]);

        var found = Dunning.Case(ledger)!;

        Assert.Equal(amount, found.Priority.Score);
        Assert.Equal(expected, found.Priority.Importance);
    }

    [Fact]
    public void Evaluate_CustomerRequiresPo_FlagsTheInvoiceWithout()
    {
        var ledger = A.Ledger([A.Customer() with { RequiresPo = true }],
            [A.Invoice("INV-1", 600m, 20), A.Invoice("INV-2", 400m, 18) with { PoNumber = "PO-7" }]);

        var found = Dunning.Case(ledger)!;

        Assert.Equal(1, found.IncompleteItemCount);
        Assert.Equal("INCOMPLETE_INVOICE", found.Items.Single(i => i.InvoiceId == "INV-1").ReadinessCode);
        Assert.Null(found.Items.Single(i => i.InvoiceId == "INV-2").ReadinessCode);
        Assert.Contains("1 incomplete invoice(s) (INCOMPLETE_INVOICE) to fix first", found.NextAction.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_FinalNotice_SaysTheHoldRuleApplies()
    {
        var ledger = A.Ledger([A.Customer()], [A.Invoice("INV-1", 3_000m, 61)]);

        var action = Dunning.Case(ledger)!.NextAction;

        Assert.True(action.CreditHold);
        Assert.Equal("Collector task, level 4 (Final notice): 3,000.00 USD overdue, oldest INV-1 61 days past due; the credit hold rule applies.", action.Description);
    }

    [Theory]
    [InlineData(60, 0)]  // level 4 reached today
    [InlineData(61, -1)] // reached yesterday
    [InlineData(89, -29)]
    public void Evaluate_StepReachedOnOrBeforeTheEvaluationDate_DueOnTheEvaluationDate(int daysPastDue, int reachedDaysAgo)
    {
        var ledger = A.Ledger([A.Customer()], [A.Invoice("INV-1", 3_000m, daysPastDue)]);

        var action = Dunning.Case(ledger)!.NextAction;

        Assert.Equal(A.AsOf.AddDays(reachedDaysAgo), action.ScheduledOn);
        Assert.Equal(A.AsOf, action.DueDate);
    }

    [Fact]
    public void Evaluate_SameActionAsTheLastPlan_KeepsTheDueDateItGotThen()
    {
        var ledger = A.Ledger([A.Customer()], [A.Invoice("INV-1", 3_000m, 75)]);
        var evaluator = new CollectionCaseEvaluator(Dunning.Policy());
        var lastWeek = evaluator.Evaluate(ledger.Accounts[0], Dunning.RatesOn(A.AsOf.AddDays(-7)), out _)!;

        var today = evaluator.Evaluate(ledger.Accounts[0], Dunning.Rates(), out _, previous: lastWeek)!;

        Assert.Equal(A.AsOf.AddDays(-7), lastWeek.NextAction.DueDate); // level 4 reached 8 days before that run
        Assert.Equal(A.AsOf.AddDays(-7), today.NextAction.DueDate); // nobody acted: Outlook shows it a week overdue
    }

    [Fact]
    public void Evaluate_LevelChangedSinceTheLastPlan_DueOnTheEvaluationDate()
    {
        var ledger = A.Ledger([A.Customer()], [A.Invoice("INV-1", 3_000m, 62)]);
        var evaluator = new CollectionCaseEvaluator(Dunning.Policy());
        var lastWeek = evaluator.Evaluate(ledger.Accounts[0], Dunning.RatesOn(A.AsOf.AddDays(-7)), out _)!; // 55 days: level 3

        var today = evaluator.Evaluate(ledger.Accounts[0], Dunning.Rates(), out _, previous: lastWeek)!;

        Assert.Equal((3, 4), (lastWeek.Level, today.Level));
        Assert.Equal(A.AsOf.AddDays(-2), today.NextAction.ScheduledOn);
        Assert.Equal(A.AsOf, today.NextAction.DueDate);
    }

    [Fact]
    public void Evaluate_AgencyWithoutAnArManager_TellsTheCollectorTheTaskIsTheirsWithoutNamingASetting()
    {
        var policy = Dunning.Policy();
        policy.ArManagerId = null;
        var ledger = A.Ledger([A.Customer()], [A.Invoice("INV-1", 3_000m, 95)]);

        var action = Dunning.Case(ledger, policy)!.NextAction;

        Assert.Equal(ActionKind.ManagerTask, action.Kind);
        Assert.Equal("AR manager task (no AR manager is named, so it is yours), level 5 (Agency): 3,000.00 USD overdue, oldest INV-1 95 days past due.", action.Description);
    }

    [Fact]
    public void Evaluate_FutureDatedInvoice_IsIgnored()
    {
        var ledger = A.Ledger([A.Customer()], [A.Invoice("INV-1", 1_000m, 10) with { DocumentDate = A.AsOf.AddDays(1) }]);

        Assert.Null(Dunning.Case(ledger));
    }
}
