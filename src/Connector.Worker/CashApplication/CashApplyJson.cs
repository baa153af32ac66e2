using Connector.Domain.CashApplication;
using Connector.Worker.Output;

namespace Connector.Worker.CashApplication;

/// <summary>
/// The JSON form of <c>cash apply</c>: applications, write_offs, exceptions (each with ranked candidates), the counts,
/// match_rate_by_count and match_rate_by_amount (0 to 1), figures in figures_currency, per-currency totals, notes.
/// </summary>
internal sealed record CashApplyJson(
    int Payments,
    int Applied,
    int ExceptionCount,
    decimal MatchRateByCount,
    decimal? MatchRateByAmount,
    string? FiguresCurrency,
    decimal? AmountAvailable,
    decimal? AmountApplied,
    decimal? UnappliedTotal,
    IReadOnlyList<CashApplyJson.Application> Applications,
    IReadOnlyList<CashApplyJson.WriteOff> WriteOffs,
    IReadOnlyList<CashApplyJson.Unmatched> Exceptions,
    IReadOnlyList<CashApplyJson.CurrencyTotals> Totals,
    IReadOnlyList<string> Notes)
{
    public static CashApplyJson From(CashApplicationResult result)
    {
        var currency = result.FiguresCurrency;
        return new(
            result.PaymentCount,
            result.MatchedPaymentCount,
            result.ExceptionCount,
            Math.Round(result.MatchRateByCount, 4, MidpointRounding.ToEven),
            result.MatchRateByAmount is { } byAmount ? Math.Round(byAmount, 4, MidpointRounding.ToEven) : null,
            currency,
            Money(result.AmountAvailable),
            Money(result.AmountApplied),
            Money(result.UnappliedTotal),
            [.. result.Applications.Select(static a => new Application(
                a.PaymentId, a.InvoiceId, a.CustomerId, MoneyJson.Round(a.Amount, a.Currency), a.Currency, a.Method, a.Confidence, a.Explanation))],
            [.. result.WriteOffs.Select(static w => new WriteOff(
                w.PaymentId, w.InvoiceId, w.CustomerId, MoneyJson.Round(w.Amount, w.Currency), w.Currency, w.ReasonCode, w.Explanation))],
            [.. result.Exceptions.Select(static e => new Unmatched(
                e.PaymentId, e.CustomerId, MoneyJson.Round(e.Amount, e.Currency), e.Currency, e.Reason, e.Explanation,
                [.. e.Candidates.Select(static c => new Candidate(
                    c.InvoiceId, c.CustomerId, MoneyJson.Round(c.OpenAmount, c.Currency), c.Currency, c.DueDate, Math.Round(c.Score, 4, MidpointRounding.ToEven), c.Explanation))]))],
            [.. result.Totals.Select(static t => new CurrencyTotals(
                t.Currency, t.PaymentCount, MoneyJson.Round(t.Available, t.Currency), MoneyJson.Round(t.Applied, t.Currency), MoneyJson.Round(t.Unapplied, t.Currency)))],
            result.Notes);

        decimal? Money(decimal? amount) => amount is { } value && currency is not null ? MoneyJson.Round(value, currency) : null;
    }

    internal sealed record Application(string PaymentId, string InvoiceId, string CustomerId, decimal Amount, string Currency, MatchMethod Method, MatchConfidence Confidence, string Explanation);

    internal sealed record WriteOff(string PaymentId, string InvoiceId, string CustomerId, decimal Amount, string Currency, string ReasonCode, string Explanation);

    internal sealed record Unmatched(string PaymentId, string? CustomerId, decimal Amount, string Currency, UnmatchedReason Reason, string Explanation, IReadOnlyList<Candidate> Candidates);

    internal sealed record Candidate(string InvoiceId, string CustomerId, decimal OpenAmount, string Currency, DateOnly DueDate, decimal Score, string Explanation);

    internal sealed record CurrencyTotals(string Currency, int PaymentCount, decimal Available, decimal Applied, decimal Unapplied);
}
