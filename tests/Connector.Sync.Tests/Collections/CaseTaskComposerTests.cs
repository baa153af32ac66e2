using Connector.Domain.Collections;
using Connector.Domain.Ledger;
using Connector.Domain.Promises;
using Connector.Sync.Collections;
using static Connector.Sync.Tests.Collections.CollectionSamples;

namespace Connector.Sync.Tests.Collections;

public sealed class CaseTaskComposerTests
{
    [Theory]
    [InlineData(20, "Call Contoso Ltd — 12,400.00 USD overdue (1–30 days)", "AR level 2 – Call")]
    [InlineData(40, "Escalate Contoso Ltd — 12,400.00 USD overdue (31–60 days)", "AR level 3 – Escalate")]
    [InlineData(75, "Final notice Contoso Ltd — 12,400.00 USD overdue (61–90 days)", "AR level 4 – Final notice")]
    [InlineData(95, "Agency review Contoso Ltd — 12,400.00 USD overdue (91–120 days)", "AR level 5 – Agency")]
    public void Compose_LevelOfTheCase_TitleSaysWhatWhoHowMuchAndHowOld(int oldestDays, string title, string category)
    {
        var task = CaseTaskComposer.Compose(ContosoCase(oldestDays), Context());

        Assert.Equal(title, task.Title);
        Assert.Equal([category], task.Categories);
        Assert.Equal("CASE-C1042", task.ExternalId);
        Assert.Equal("Contoso Ltd (C1042)", task.LinkName);
        Assert.False(task.Completed);
    }

    [Fact]
    public void Compose_ReminderLevel_TitleSaysRemind()
    {
        var task = CaseTaskComposer.Compose(Case(Contoso(), [Invoice("INV-20391", 980.5m, 3)]), Context());

        Assert.Equal("Remind Contoso Ltd — 980.50 USD overdue (1–30 days)", task.Title);
    }

    [Theory]
    [InlineData(700, 75, Importance.Low)]      // final notice, score 1,400: a small case stays low whatever its step
    [InlineData(12_400, 75, Importance.Normal)] // final notice, score 24,800
    [InlineData(51_000, 20, Importance.High)]   // call, score 51,000: a large case is high from its first task
    public void Compose_CaseAtAnyStep_TaskImportanceIsThePrioritysNotTheSteps(decimal amount, int oldestDays, Importance expected)
    {
        var c = Case(Contoso(), [Invoice("INV-20391", amount, oldestDays)]);

        var task = CaseTaskComposer.Compose(c, Context());

        Assert.Equal(expected, c.Priority.Importance);
        Assert.Equal(expected, task.Importance);
        Assert.Contains($"<b>Priority {expected}</b>", task.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_StepReachedBeforeToday_DueTodayAndTheBodySaysHowLateTheStepWas()
    {
        var c = ContosoCase(75); // level 4 (Final notice) reached on 2026-11-08

        var task = CaseTaskComposer.Compose(c, Context());

        Assert.Equal(AsOf, task.DueDate);
        Assert.Contains("<p><b>Next action</b> (due 2026-11-23): Collector task, level 4 (Final notice)", task.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<p>This Final notice step was due on 2026-11-08: it was already 15 days late when this task was set, so the task is due 2026-11-23.</p>", task.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(Context().AccountUrl, task.AccountUrl);
    }

    [Fact]
    public void Compose_StepReachedToday_DueTodayWithoutALateNote()
    {
        var task = CaseTaskComposer.Compose(ContosoCase(60), Context());

        Assert.Equal(AsOf, task.DueDate);
        Assert.DoesNotContain("late when this task was set", task.HtmlBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(40)]
    [InlineData(75)]
    [InlineData(95)]
    public void Compose_CustomerWithoutRiskClassAndNoArManager_BodyNamesNoSetting(int oldestDays)
    {
        // Both defaults apply: the risk class assumed for the customer, and the agency task given to the collector.
        var customer = Contoso() with { RiskClass = null };

        var body = CaseTaskComposer.Compose(ContosoCase(oldestDays, customer: customer), Context(customer)).HtmlBody;

        Assert.DoesNotMatch(@"\b(Collections|Graph|Dunning|Company|Credit):\w", body);
        Assert.DoesNotContain("configured", body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<li>Risk class: no risk class in the ERP: treated as class B, factor 1</li>", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_AgencyWithoutArManager_BodyTellsTheCollectorTheTaskIsTheirs()
    {
        var body = CaseTaskComposer.Compose(ContosoCase(95), Context()).HtmlBody;

        Assert.Contains("<p><b>Next action</b> (due 2026-11-23): AR manager task (no AR manager is named, so it is yours), level 5 (Agency): 12,400.00 USD overdue", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_HostileCustomerName_IsTextInTheBody()
    {
        var hostile = Contoso(email: "ap@contoso.example\"><script>x</script>") with { Name = "<img src=x onerror=alert(1)> Smith & Sons" };
        var c = Case(hostile, [Invoice("INV-<b>7</b>", 5_000m, 40)]) with { CustomerName = hostile.Name };

        var body = CaseTaskComposer.Compose(c, Context(hostile)).HtmlBody;

        Assert.DoesNotContain("<img", body, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", body, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>7", body, StringComparison.Ordinal);
        Assert.Contains("Open &lt;img src=x onerror=alert(1)&gt; Smith &amp; Sons in Dynamics 365", body, StringComparison.Ordinal);
        Assert.Contains("INV-&lt;b&gt;7&lt;/b&gt;", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("USD")]
    [InlineData("EUR")]
    public void Compose_UnchangedCaseOnTheNextDay_IsTheSameTask(string currency)
    {
        var customer = Contoso() with { Currency = currency };
        Invoice[] Items(DateOnly day) =>
        [
            Invoice("INV-20391", 8_000m, 40 + (day.DayNumber - AsOf.DayNumber), day, currency: currency) with { DueDate = AsOf.AddDays(-40) },
            Invoice("INV-20455", 4_400m, 0, day, currency: currency) with { DueDate = AsOf.AddDays(-33) },
            Invoice("INV-20510", 1_250m, 0, day, disputed: true, currency: currency) with { DueDate = AsOf.AddDays(-35) },
        ];

        // The euro moves overnight: the case is the same for the collector.
        ExchangeRate[] rates = [new("EUR", AsOf, 1.0712m), new("EUR", AsOf.AddDays(1), 1.0689m)];
        var promise = new PaymentPromise { CustomerId = "C1042", PromisedOn = AsOf.AddDays(-30), DueDate = AsOf.AddDays(-20), Amount = 3_000m };
        var contacts = new[] { TaskDone(2, AsOf.AddDays(-20)), EmailSent(1, AsOf.AddDays(-38)) };
        // The planner gives tomorrow's evaluation today's case: the task set today (level 3, reached 10 days ago) stays due today.
        var today = Case(customer, Items(AsOf), AsOf, [promise], rates: rates);
        var tomorrow = Case(customer, Items(AsOf.AddDays(1)), AsOf.AddDays(1), [promise], rates: rates, previous: today);
        Assert.Equal(today.OldestDaysPastDue + 1, tomorrow.OldestDaysPastDue);

        var a = CaseTaskComposer.Compose(today, Context(customer, contacts, Promises(customer, promise, AsOf)));
        var b = CaseTaskComposer.Compose(tomorrow, Context(customer, contacts, Promises(customer, promise, AsOf.AddDays(1))));

        Assert.Equal(a.Title, b.Title);
        Assert.Equal(a.HtmlBody, b.HtmlBody);
        Assert.Equal(AsOf, b.DueDate);
        Assert.Equal(a.DueDate, b.DueDate);
        Assert.Equal(a.Importance, b.Importance);
        Assert.Equal(a.Categories, b.Categories);
        Assert.DoesNotContain("days past due", a.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_Body_ListsItemsWithDueDatesBandsAndMarkers()
    {
        var customer = Contoso() with { RequiresPo = true };
        var c = Case(customer, [Invoice("INV-20391", 8_000m, 75), Invoice("INV-20455", 4_400m, 40) with { PoNumber = null }, Invoice("INV-20510", 1_250m, 45, disputed: true)]);

        var body = CaseTaskComposer.Compose(c, Context(customer)).HtmlBody;

        Assert.Contains($"<tr><td>INV-20391</td><td>{AsOf.AddDays(-75):yyyy-MM-dd}</td><td>61–90 days</td><td style=\"text-align:right\">8,000.00 USD</td><td></td></tr>", body, StringComparison.Ordinal);
        Assert.Contains("<td>31–60 days</td><td style=\"text-align:right\">1,250.00 USD</td><td>disputed</td>", body, StringComparison.Ordinal);
        Assert.Contains("incomplete (INCOMPLETE_INVOICE: missing PO number)", body, StringComparison.Ordinal);
        Assert.Contains("<b>Undisputed overdue:</b> 12,400.00 USD; <b>disputed</b> (not dunned): 1,250.00 USD.", body, StringComparison.Ordinal);
        Assert.Contains("<b>Priority Normal</b>: score 24,800 =", body, StringComparison.Ordinal);
        Assert.Contains("<li>Age weight: oldest undisputed invoice INV-20391 was due", body, StringComparison.Ordinal);
        Assert.Contains("collector Anna Lindqvist", body, StringComparison.Ordinal);
        Assert.Contains("<a href=\"mailto:ap@contoso.example\">", body, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://contoso.crm4.dynamics.com/main.aspx?etn=account&amp;id=", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_StepWithEuCharges_BodyShowsEachInvoicesInterestAndFeeAndTheTotal()
    {
        var customer = Contoso();
        var policy = new CollectionsPolicy { Ladder = CollectionsPolicy.DefaultLadder() };
        policy.Ladder[3].InterestRatePercent = 10.15m;
        policy.Ladder[3].FeeAmount = 40m;
        var c = Case(customer, [Invoice("INV-20391", 8_000m, 30), Invoice("INV-20455", 4_400m, 18)], policy: policy);
        var charges = LateCharges.Compute(LateCharges.StepOf(policy, c.RiskClass, c.Level), c.Items, c.Currency, c.NextAction.EmailDate ?? c.LevelReachedOn);

        var body = CaseTaskComposer.Compose(c, Context(customer) with { Charges = charges }).HtmlBody;

        Assert.Contains("<td>INV-20391</td><td>2026-10-24</td><td>1–30 days</td><td style=\"text-align:right\">8,000.00 USD</td><td></td><td style=\"text-align:right\">66.74 USD + 40.00 USD</td></tr>", body, StringComparison.Ordinal);
        Assert.Contains(
            "<b>Late-payment charges</b> proposed with the level 3 letter of 2026-11-23: interest 88.76 USD (10.15 % a year, pro rata by days overdue), "
                + "fees 80.00 USD (40.00 USD per overdue invoice): 168.76 USD, written back to the ERP as proposed charges once the letter is sent.",
            body,
            StringComparison.Ordinal);
        Assert.DoesNotContain("Late-payment charges", CaseTaskComposer.Compose(c, Context(customer)).HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_PromisesAndContacts_ShowsActiveOrBrokenPromisesAndTheLastFiveContactsNewestFirst()
    {
        var customer = Contoso();
        var broken = new PaymentPromise { CustomerId = "C1042", PromisedOn = AsOf.AddDays(-40), DueDate = AsOf.AddDays(-30), Amount = 2_000m };
        var kept = new PaymentPromise { CustomerId = "C1042", PromisedOn = AsOf.AddDays(-90), DueDate = AsOf.AddDays(-80), Amount = 0m };
        var contacts = Enumerable.Range(1, 7).Select(i => EmailSent(1, AsOf.AddDays(-10 * i))).ToList();
        var c = ContosoCase(40);

        var body = CaseTaskComposer.Compose(c, Context(customer, contacts, [.. Promises(customer, broken, AsOf), .. Promises(customer, kept, AsOf)])).HtmlBody;

        Assert.Contains("<li>Broken: 2,000.00 USD by 2026-10-24 (promised 2026-10-14, grace until 2026-10-26, 2,000.00 USD short)</li>", body, StringComparison.Ordinal);
        Assert.DoesNotContain("2026-09-04", body, StringComparison.Ordinal); // the kept promise's due date
        var shown = System.Text.RegularExpressions.Regex.Matches(body, @"<li>(\d{4}-\d{2}-\d{2}) — email").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["2026-11-13", "2026-11-03", "2026-10-24", "2026-10-14", "2026-10-04"], shown);
    }

    [Fact]
    public void Compose_TaskCompletedAtTheCurrentLevel_StaysCompletedAndSaysByWhom()
    {
        var c = ContosoCase(40); // level 3 since 2026-11-13
        var task = CaseTaskComposer.Compose(c, Context(contacts: [TaskDone(3, AsOf.AddDays(-2))]));

        Assert.True(task.Completed);
        Assert.StartsWith("<p><b>Completed in Outlook by anna@contoso-ar.example on 2026-11-21</b>; reopens when the case reaches another level.</p>", task.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_TaskCompletedAtAnEarlierLevel_IsOpenAgain()
    {
        var c = ContosoCase(40);
        var task = CaseTaskComposer.Compose(c, Context(contacts: [TaskDone(2, AsOf.AddDays(-15))]));

        Assert.False(task.Completed);
        Assert.DoesNotContain("Completed in Outlook", task.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("task completed, level 2", task.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_SameLevelCompletedBeforeTheLevelWasReachedAgain_IsOpen()
    {
        // Completed at level 3 in an earlier round; the case is back at level 3 since 2026-11-13.
        var task = CaseTaskComposer.Compose(ContosoCase(40), Context(contacts: [TaskDone(3, AsOf.AddDays(-60))]));

        Assert.False(task.Completed);
    }

    [Fact]
    public void Closed_BalanceCleared_CompletesWithThePaidNoteFirst()
    {
        var task = CaseTaskComposer.Closed(ContosoCase(40), Context(), AsOf);

        Assert.True(task.Completed);
        Assert.Equal("Paid: Contoso Ltd — 12,400.00 USD overdue cleared", task.Title);
        Assert.StartsWith("<p>Paid — the overdue balance was cleared on 2026-11-23; completed by the connector.</p>", task.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("CASE-C1042", task.ExternalId);
    }

    [Fact]
    public void Reassigned_ToAnotherCollector_CompletesTheOldTaskWithANote()
    {
        var task = CaseTaskComposer.Reassigned(ContosoCase(40), Context(), "Jean <Dupont> & Co", AsOf);

        Assert.True(task.Completed);
        Assert.Equal("Escalate Contoso Ltd — 12,400.00 USD overdue (31–60 days)", task.Title);
        Assert.StartsWith("<p>Reassigned to Jean &lt;Dupont&gt; &amp; Co on 2026-11-23; completed here by the connector", task.HtmlBody, StringComparison.Ordinal);
    }

    private static List<PromiseStatus> Promises(Customer customer, PaymentPromise promise, DateOnly asOf)
    {
        var ledger = new ArLedger([customer], [], promises: [promise]);
        return [.. PromiseEvaluator.Evaluate(ledger.Accounts[0], asOf)];
    }
}
