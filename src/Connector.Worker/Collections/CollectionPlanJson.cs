using Connector.Domain.Collections;
using Connector.Domain.Ledger;
using Connector.Worker.Output;

namespace Connector.Worker.Collections;

/// <summary>
/// The JSON form of the collection plan: as_of, company_currency, cases (with items, priority factors, assignment
/// and next action), queues (case ids per assignee), unassigned case ids and skipped customers.
/// </summary>
internal sealed record CollectionPlanJson(
    DateOnly AsOf,
    string CompanyCurrency,
    IReadOnlyList<CollectionPlanJson.Case> Cases,
    IReadOnlyList<CollectionPlanJson.Queue> Queues,
    IReadOnlyList<string> Unassigned,
    IReadOnlyList<SkippedCustomer> Skipped)
{
    public static CollectionPlanJson From(CollectionPlan plan) => new(
        plan.AsOf,
        plan.CompanyCurrency,
        [.. plan.Cases.Select(ToCase)],
        [.. plan.Queues.Select(static q => new Queue(q.AssigneeId, q.Name, q.Cases.Count, [.. q.Cases.Select(static c => c.CaseId)]))],
        [.. plan.Unassigned.Select(static c => c.CaseId)],
        plan.Skipped);

    private static Case ToCase(CollectionCase c)
    {
        var currency = c.Currency;
        var action = c.NextAction;
        return new Case(
            c.CaseId,
            c.CustomerId,
            c.CustomerName,
            c.Level,
            c.LevelName,
            c.RiskClass.ToString(),
            MoneyJson.Round(c.Amount, currency),
            MoneyJson.Round(c.DisputedAmount, currency),
            currency,
            MoneyJson.Round(c.AmountInCompanyCurrency, c.CompanyCurrency),
            c.OldestInvoiceId,
            c.OldestDaysPastDue,
            c.LevelReachedOn,
            new Priority(
                Math.Round(c.Priority.Score, 2, MidpointRounding.ToEven),
                c.Priority.Importance,
                [.. c.Priority.Factors.Select(static f => new Factor(f.Name, f.Value, f.Explanation))]),
            c.Assignment is { } a ? new Assignment(a.CollectorId, a.Reason, a.Explanation) : null,
            new NextStep(action.Kind, action.ScheduledOn, action.DueDate, c.Priority.Importance, action.EmailDate, action.CreditHold, action.AssigneeId, action.Description),
            c.State,
            c.PromiseGraceEnd,
            c.BrokenPromise,
            [.. c.Items.Select(i => new Item(i.InvoiceId, i.Type, i.DueDate, i.DaysPastDue, MoneyJson.Round(i.OpenAmount, currency), i.Disputed, i.ReadinessCode))]);
    }

    internal sealed record Case(
        string CaseId,
        string CustomerId,
        string CustomerName,
        int Level,
        string LevelName,
        string RiskClass,
        decimal Amount,
        decimal DisputedAmount,
        string Currency,
        decimal AmountInCompanyCurrency,
        string OldestInvoiceId,
        int OldestDaysPastDue,
        DateOnly LevelReachedOn,
        Priority Priority,
        Assignment? Assignment,
        NextStep NextAction,
        CaseState State,
        DateOnly? PromiseGraceEnd,
        bool BrokenPromise,
        IReadOnlyList<Item> Items);

    internal sealed record Priority(decimal Score, Importance Importance, IReadOnlyList<Factor> Factors);

    internal sealed record Factor(string Name, decimal Value, string Explanation);

    internal sealed record Assignment(string? CollectorId, AssignmentReason Reason, string Explanation);

    /// <summary><c>importance</c> is the case's priority importance (what the task carries in Outlook), kept here for readers of the earlier shape.</summary>
    internal sealed record NextStep(ActionKind Kind, DateOnly ScheduledOn, DateOnly DueDate, Importance Importance, DateOnly? EmailDate, bool CreditHold, string? AssigneeId, string Description);

    internal sealed record Item(string InvoiceId, DocumentType Type, DateOnly DueDate, int DaysPastDue, decimal OpenAmount, bool Disputed, string? ReadinessCode);

    internal sealed record Queue(string AssigneeId, string Name, int Count, IReadOnlyList<string> CaseIds);
}
