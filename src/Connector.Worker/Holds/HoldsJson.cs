using Connector.Domain.Credit;
using Connector.Worker.Output;

namespace Connector.Worker.Holds;

/// <summary>The JSON form of <c>holds evaluate</c>: as_of, evaluated, on_hold, customers (each with its reasons), not_evaluable.</summary>
internal sealed record HoldsJson(
    DateOnly AsOf,
    int Evaluated,
    int OnHold,
    IReadOnlyList<HoldsJson.Customer> Customers,
    IReadOnlyList<string> NotEvaluable)
{
    public static HoldsJson From(CreditEvaluation evaluation, IReadOnlyList<CustomerCreditSnapshot> onHold, IReadOnlyList<string> notEvaluable) => new(
        evaluation.AsOf,
        evaluation.Snapshots.Count,
        onHold.Count,
        [.. onHold.Select(ToCustomer)],
        notEvaluable);

    private static Customer ToCustomer(CustomerCreditSnapshot snapshot)
    {
        var currency = snapshot.Currency;
        return new Customer(
            snapshot.CustomerId,
            snapshot.CustomerName,
            snapshot.Hold.Codes,
            [.. snapshot.Hold.Reasons.Select(static r => new Reason(r.Code, r.Text))],
            currency,
            Money(snapshot.Exposure.IsEvaluable ? snapshot.Exposure.Total : null, currency),
            Money(snapshot.CreditLimit, currency),
            Money(snapshot.AvailableCredit, currency),
            MoneyJson.Round(snapshot.Hold.Overdue.OverdueAmount, currency),
            snapshot.Hold.Overdue.OldestOverdueDays,
            snapshot.Collector.Name,
            snapshot.Collector.Email,
            snapshot.HoldMessage);
    }

    private static decimal? Money(decimal? amount, string currency) => amount is { } value ? MoneyJson.Round(value, currency) : null;

    internal sealed record Customer(
        string CustomerId,
        string Name,
        IReadOnlyList<string> Codes,
        IReadOnlyList<Reason> Reasons,
        string Currency,
        decimal? Exposure,
        decimal? CreditLimit,
        decimal? AvailableCredit,
        decimal OverdueAmount,
        int OldestOverdueDays,
        string Collector,
        string? CollectorEmail,
        string Message);

    internal sealed record Reason(string Code, string Text);
}
