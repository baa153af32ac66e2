using System.Globalization;
using System.Text;
using Connector.Domain.Collections;
using Connector.Domain.Currencies;
using Connector.Domain.Promises;
using Connector.Domain.Readiness;
using Connector.Sync.Ports;
using static System.Net.WebUtility;

namespace Connector.Sync.Collections;

/// <summary>
/// Writes a collection case as the collector's To Do task: a title that says what to do about whom and how much, and
/// an HTML body with why, the items, promises, contacts and the priority. The task's importance is the case's priority
/// (so a collector's list puts the large cases first), its due date the next action's (never past when it was set).
/// The task's hash decides whether Graph is called, so the content carries due dates and age bands but never a day
/// count that grows: an unchanged case composes the same task tomorrow. Every ERP-sourced string is HTML-encoded (a
/// customer named <c>A&amp;B &lt;Ltd&gt;</c> stays text).
/// </summary>
public static class CaseTaskComposer
{
    private const int ShownContacts = 5;
    private const int ShownPromises = 5;

    /// <summary>The open case's task; completed when the collector completed it in Outlook at the case's current level.</summary>
    public static TaskContent Compose(CollectionCase c, CaseContext context)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(context);
        var body = new StringBuilder(2048);
        var done = CompletionAtLevel(c, context.Contacts);
        if (done is not null)
        {
            body.Append("<p><b>Completed in Outlook by ").Append(HtmlEncode(done.By)).Append(" on ").Append(Day(done.On))
                .Append("</b>; reopens when the case reaches another level.</p>");
        }

        AppendCase(body, c, context);
        return Content(c, context, Title(c, context), body.ToString(), completed: done is not null);
    }

    /// <summary>The last task of a case whose overdue balance was cleared on <paramref name="on"/>: completed, saying so first.</summary>
    public static TaskContent Closed(CollectionCase last, CaseContext context, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(last);
        ArgumentNullException.ThrowIfNull(context);
        var body = new StringBuilder(2048);
        body.Append("<p>Paid — the overdue balance was cleared on ").Append(Day(on)).Append("; completed by the connector.</p>");
        AppendCase(body, last, context);
        var title = $"Paid: {last.CustomerName} — {CurrencyUnits.Format(last.Amount, last.Currency)} overdue cleared";
        return Content(last, context, title, body.ToString(), completed: true);
    }

    /// <summary>The task left in the old collector's list when the case moved to <paramref name="newCollectorName"/>: completed, with a note.</summary>
    public static TaskContent Reassigned(CollectionCase last, CaseContext context, string newCollectorName, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(last);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(newCollectorName);
        var body = new StringBuilder(2048);
        body.Append("<p>Reassigned to ").Append(HtmlEncode(newCollectorName)).Append(" on ").Append(Day(on))
            .Append("; completed here by the connector — the case continues in their list.</p>");
        AppendCase(body, last, context);
        return Content(last, context, Title(last, context), body.ToString(), completed: true);
    }

    /// <summary><c>Call Contoso Ltd — 12,400.00 USD overdue (61–90 days)</c>: the verb of the next action, the band of the oldest undisputed overdue item.</summary>
    public static string Title(CollectionCase c, CaseContext context)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(context);
        var amount = CurrencyUnits.Format(c.Amount, c.Currency);
        return c.OldestDaysPastDue <= 0
            ? $"{Verb(c)} {c.CustomerName} — {amount} due {Day(OldestDueDate(c))}"
            : $"{Verb(c)} {c.CustomerName} — {amount} overdue ({context.Buckets.Labels[context.Buckets.IndexOf(c.OldestDaysPastDue)]} days)";
    }

    /// <summary>
    /// The collector's completion of the case's task at its current level (a <see cref="ContactKind.Task"/> attempt at that
    /// level, on or after the day the level was reached); the latest if several.
    /// </summary>
    public static StoredContactAttempt? CompletionAtLevel(CollectionCase c, IReadOnlyList<StoredContactAttempt> contacts)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(contacts);
        StoredContactAttempt? done = null;
        foreach (var attempt in contacts)
        {
            if (attempt.Kind == ContactKind.Task
                && attempt.Level == c.Level
                && string.Equals(attempt.CaseId, c.CaseId, StringComparison.Ordinal)
                && attempt.On >= c.LevelReachedOn
                && (done is null || attempt.On > done.On))
            {
                done = attempt;
            }
        }

        return done;
    }

    private static TaskContent Content(CollectionCase c, CaseContext context, string title, string body, bool completed) => new()
    {
        ExternalId = c.CaseId,
        Title = title,
        HtmlBody = body,
        DueDate = c.NextAction.DueDate,
        Importance = c.Priority.Importance,
        Categories = [$"AR level {c.Level.ToString(CultureInfo.InvariantCulture)} – {c.LevelName}"],
        AccountUrl = context.AccountUrl,
        LinkName = $"{context.Customer.Name} ({context.Customer.Id})",
        Completed = completed,
    };

    private static string Verb(CollectionCase c) => c.NextAction.Kind switch
    {
        ActionKind.CollectorTask => c.LevelName,
        ActionKind.ManagerTask => c.LevelName + " review",
        ActionKind.Email => "Remind",
        _ when c.State == CaseState.Paused => "Await promised payment from",
        _ => "Watch",
    };

    private static void AppendCase(StringBuilder body, CollectionCase c, CaseContext context)
    {
        var action = c.NextAction;
        body.Append("<p><b>Why now:</b> level ").Append(Num(c.Level)).Append(" (").Append(HtmlEncode(c.LevelName)).Append(") since ")
            .Append(Day(c.LevelReachedOn)).Append(": the oldest undisputed overdue invoice ").Append(HtmlEncode(c.OldestInvoiceId))
            .Append(" was due ").Append(Day(OldestDueDate(c))).Append(".</p>");
        body.Append("<p><b>Next action</b> (due ").Append(Day(action.DueDate)).Append("): ")
            .Append(HtmlEncode(WithoutDayCounts(action.Description, c))).Append("</p>");
        if (action.DueDate > action.ScheduledOn && action.ScheduledOn != DateOnly.MinValue)
        {
            // Counted to the due date, not to today: both days stay put, so the sentence does not rewrite the task daily.
            var late = action.DueDate.DayNumber - action.ScheduledOn.DayNumber;
            body.Append("<p>This ").Append(HtmlEncode(c.LevelName)).Append(" step was due on ").Append(Day(action.ScheduledOn))
                .Append(": it was already ").Append(Num(late)).Append(late == 1 ? " day" : " days")
                .Append(" late when this task was set, so the task is due ").Append(Day(action.DueDate)).Append(".</p>");
        }

        AppendPriority(body, c);
        AppendItems(body, c, context);
        AppendPromises(body, c, context);
        AppendContactAttempts(body, context);

        body.Append("<p><b>Contacts:</b> customer ");
        if (string.IsNullOrWhiteSpace(context.Customer.Email))
        {
            body.Append("— no email address on file");
        }
        else
        {
            body.Append("<a href=\"mailto:").Append(HtmlEncode(context.Customer.Email.Trim())).Append("\">")
                .Append(HtmlEncode(context.Customer.Email.Trim())).Append("</a>");
        }

        body.Append("; collector ").Append(HtmlEncode(context.CollectorName ?? c.Assignment?.CollectorId ?? "not assigned")).Append(".</p>");
        if (context.AccountUrl is { } url)
        {
            body.Append("<p><a href=\"").Append(HtmlEncode(url.AbsoluteUri)).Append("\">Open ").Append(HtmlEncode(context.Customer.Name))
                .Append(" in Dynamics 365</a></p>");
        }

        body.Append("<p>Case ").Append(HtmlEncode(c.CaseId)).Append(", customer ").Append(HtmlEncode(c.CustomerId))
            .Append(", risk class ").Append(c.RiskClass).Append(".</p>");
    }

    private static void AppendPriority(StringBuilder body, CollectionCase c)
    {
        var priority = c.Priority;
        var sameCurrency = string.Equals(c.Currency, c.CompanyCurrency, StringComparison.OrdinalIgnoreCase);
        body.Append("<p><b>Priority ").Append(priority.Importance).Append("</b>");

        // A foreign-currency case's score moves with the daily rate: showing it would rewrite the task every day.
        body.Append(sameCurrency
            ? $": score {priority.Score.ToString("N0", CultureInfo.InvariantCulture)}"
            : $" (score in {HtmlEncode(c.CompanyCurrency)} at the day's rate, not shown)");
        body.Append(" = overdue amount × age weight × risk factor + broken-promise boost</p><ul>");
        foreach (var factor in priority.Factors)
        {
            var explanation = WithoutDayCounts(factor.Explanation, c);
            if (!sameCurrency)
            {
                explanation = WithoutConversion(explanation, c);
            }

            body.Append("<li>").Append(HtmlEncode(factor.Name)).Append(": ").Append(HtmlEncode(explanation)).Append("</li>");
        }

        body.Append("</ul>");
    }

    private static void AppendItems(StringBuilder body, CollectionCase c, CaseContext context)
    {
        var charges = context.Charges;
        body.Append("<table><tr><th>Invoice</th><th>Due</th><th>Age</th><th>Open amount</th><th>Notes</th>")
            .Append(charges.IsEmpty ? "" : "<th>Interest + fee</th>").Append("</tr>");
        foreach (var item in c.Items)
        {
            var band = item.DaysPastDue <= 0 ? "not yet due" : context.Buckets.Labels[context.Buckets.IndexOf(item.DaysPastDue)] + " days";
            body.Append("<tr><td>").Append(HtmlEncode(item.InvoiceId)).Append("</td><td>").Append(Day(item.DueDate)).Append("</td><td>")
                .Append(band).Append("</td><td style=\"text-align:right\">").Append(CurrencyUnits.Format(item.OpenAmount, c.Currency))
                .Append("</td><td>").Append(Notes(item)).Append("</td>");
            if (!charges.IsEmpty)
            {
                var charge = charges.For(item.InvoiceId);
                body.Append("<td style=\"text-align:right\">")
                    .Append(charge is null ? "" : CurrencyUnits.Format(charge.Interest, c.Currency) + " + " + CurrencyUnits.Format(charge.Fee, c.Currency))
                    .Append("</td>");
            }

            body.Append("</tr>");
        }

        body.Append("</table><p><b>Undisputed overdue:</b> ").Append(CurrencyUnits.Format(c.Amount, c.Currency));
        if (c.DisputedAmount != 0m)
        {
            body.Append("; <b>disputed</b> (not dunned): ").Append(CurrencyUnits.Format(c.DisputedAmount, c.Currency));
        }

        body.Append(".</p>");
        if (!charges.IsEmpty)
        {
            body.Append("<p><b>Late-payment charges</b> proposed with the level ").Append(Num(c.Level)).Append(" letter of ").Append(Day(charges.On))
                .Append(": interest ").Append(CurrencyUnits.Format(charges.Interest, c.Currency))
                .Append(" (").Append(charges.RatePercent.ToString("0.##", CultureInfo.InvariantCulture)).Append(" % a year, pro rata by days overdue), fees ")
                .Append(CurrencyUnits.Format(charges.Fees, c.Currency)).Append(" (").Append(CurrencyUnits.Format(charges.FeePerInvoice, c.Currency))
                .Append(" per overdue invoice): ").Append(CurrencyUnits.Format(charges.Total, c.Currency))
                .Append(", written back to the ERP as proposed charges once the letter is sent.</p>");
        }
    }

    private static string Notes(CaseItem item)
    {
        var notes = new List<string>(3);
        if (item.Type == Domain.Ledger.DocumentType.CreditMemo)
        {
            notes.Add("credit memo");
        }

        if (item.Disputed)
        {
            notes.Add("disputed");
        }

        if (item.Incomplete)
        {
            var missing = new List<string>(2);
            if (item.Gaps.HasFlag(ReadinessGaps.MissingPoNumber))
            {
                missing.Add("PO number");
            }

            if (item.Gaps.HasFlag(ReadinessGaps.MissingProofOfDelivery))
            {
                missing.Add("proof of delivery");
            }

            notes.Add($"incomplete ({InvoiceReadiness.IncompleteInvoiceCode}: missing {string.Join(" and ", missing)})");
        }

        return string.Join("; ", notes);
    }

    private static void AppendPromises(StringBuilder body, CollectionCase c, CaseContext context)
    {
        var shown = context.Promises
            .Where(static p => p.State is PromiseState.Active or PromiseState.Broken)
            .OrderByDescending(static p => p.Promise.DueDate)
            .ThenByDescending(static p => p.Promise.PromisedOn)
            .Take(ShownPromises)
            .ToList();
        if (shown.Count == 0)
        {
            body.Append("<p><b>Promise to pay:</b> none active or broken.</p>");
            return;
        }

        body.Append("<p><b>Promise to pay:</b></p><ul>");
        foreach (var status in shown)
        {
            var promise = status.Promise;
            body.Append("<li>").Append(status.State == PromiseState.Active ? "Active" : "Broken").Append(": ")
                .Append(CurrencyUnits.Format(promise.Amount, c.Currency)).Append(" by ").Append(Day(promise.DueDate))
                .Append(" (promised ").Append(Day(promise.PromisedOn)).Append(", grace until ").Append(Day(status.GraceEnd));
            if (status.Received != 0m)
            {
                body.Append(", received ").Append(CurrencyUnits.Format(status.Received, c.Currency));
            }

            if (status.State == PromiseState.Broken)
            {
                body.Append(", ").Append(CurrencyUnits.Format(status.Shortfall, c.Currency)).Append(" short");
            }

            body.Append(")</li>");
        }

        body.Append("</ul>");
    }

    private static void AppendContactAttempts(StringBuilder body, CaseContext context)
    {
        var last = context.Contacts
            .OrderByDescending(static a => a.On)
            .ThenByDescending(static a => a.SourceId, StringComparer.Ordinal)
            .Take(ShownContacts)
            .ToList();
        if (last.Count == 0)
        {
            body.Append("<p><b>Last contact:</b> none yet.</p>");
            return;
        }

        body.Append("<p><b>Last contacts:</b></p><ul>");
        foreach (var attempt in last)
        {
            body.Append("<li>").Append(Day(attempt.On)).Append(" — ").Append(attempt.Kind == ContactKind.Email ? "email" : "task completed")
                .Append(", level ").Append(Num(attempt.Level)).Append(", by ").Append(HtmlEncode(attempt.By));
            if (!string.IsNullOrWhiteSpace(attempt.Detail))
            {
                body.Append(": ").Append(HtmlEncode(attempt.Detail));
            }

            body.Append("</li>");
        }

        body.Append("</ul>");
    }

    /// <summary>
    /// The evaluator's sentences name the oldest invoice's days past due, which grow daily; the task says its due date
    /// instead so that only a real change rewrites it.
    /// </summary>
    private static string WithoutDayCounts(string text, CollectionCase c)
    {
        var days = Num(c.OldestDaysPastDue);
        var due = Day(OldestDueDate(c));
        return text
            .Replace($"{c.OldestInvoiceId} is {days} days past due", $"{c.OldestInvoiceId} was due {due}", StringComparison.Ordinal)
            .Replace($"{c.OldestInvoiceId} {days} days past due", $"{c.OldestInvoiceId} due {due}", StringComparison.Ordinal);
    }

    /// <summary>Drops " = 11,400.00 USD" (the company-currency equivalent at the day's rate) from the amount explanation.</summary>
    private static string WithoutConversion(string text, CollectionCase c)
    {
        var converted = " = " + CurrencyUnits.Format(c.AmountInCompanyCurrency, c.CompanyCurrency);
        return text.Replace(converted, "", StringComparison.Ordinal);
    }

    private static DateOnly OldestDueDate(CollectionCase c)
    {
        foreach (var item in c.Items)
        {
            if (string.Equals(item.InvoiceId, c.OldestInvoiceId, StringComparison.Ordinal))
            {
                return item.DueDate;
            }
        }

        return c.LevelReachedOn;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);
}
