using Connector.Domain.Metrics;
using Connector.Domain.Profile;
using Connector.Worker.Output;

namespace Connector.Worker.Metrics;

/// <summary>
/// The JSON form of the metrics report: as_of, currency, period, inputs, metrics (days and percentages with
/// 2 decimals, <c>null</c> when undefined), countback, notes, left_out and customers (every profile in full).
/// </summary>
internal sealed record MetricsJson(
    DateOnly AsOf,
    string Currency,
    MetricsJson.Span Period,
    MetricsJson.Inputs Input,
    MetricsJson.Figures Metrics,
    IReadOnlyList<MetricsJson.Step> Countback,
    IReadOnlyList<string> Notes,
    IReadOnlyList<LeftOutCustomer> LeftOut,
    IReadOnlyList<MetricsJson.Customer> Customers)
{
    public static MetricsJson From(PortfolioMetrics m, IReadOnlyList<CustomerProfile> profiles)
    {
        var c = m.Currency;
        return new(
            m.AsOf,
            c,
            new Span(m.PeriodStart, m.AsOf, m.PeriodDays),
            new Inputs(Money(m.BeginAr, c), Money(m.EndAr, c), Money(m.EndCurrentAr, c), Money(m.EndOverAr, c), m.OverDays, Money(m.CreditSales, c), Money(m.UndatedSettlements, c), m.CustomersIncluded),
            new Figures(Two(m.DsoSimple), Two(m.DsoCountback), Two(m.BestPossibleDso), Two(m.AverageDaysDelinquent), Two(m.CollectionEffectivenessIndex), Two(m.PercentCurrent), Two(m.PercentOver)),
            [.. m.CountbackSteps.Select(s => new Step(s.From, s.To, s.Days, Money(s.Sales, c), Money(s.ArBefore, c), Two(s.DaysCounted)!.Value))],
            m.Notes,
            m.LeftOut,
            [.. profiles.Select(ToCustomer)]);
    }

    private static Customer ToCustomer(CustomerProfile p) => new(
        p.CustomerId,
        p.Currency,
        p.RiskClass.ToString(),
        p.ErpRiskClass?.ToString(),
        [.. p.Factors.Select(static f => new Factor(f.Code, Two(f.Value), f.Class.ToString(), f.Reason))],
        Two(p.AverageDaysToPay),
        Two(p.AverageDaysLate),
        Two(p.LateSharePercent),
        p.BrokenPromises,
        p.Disputes,
        Money(p.Exposure, p.Currency),
        p.CreditLimit,
        Two(p.UtilisationPercent),
        p.SuggestedLimit,
        p.SuggestedLimitExplanation,
        p.NotEvaluableReason);

    private static decimal Money(decimal amount, string currency) => MoneyJson.Round(amount, currency);

    private static decimal? Two(decimal? value) => value is { } v ? Math.Round(v, 2, MidpointRounding.ToEven) : null;

    internal sealed record Span(DateOnly Start, DateOnly End, int Days);

    internal sealed record Inputs(decimal BeginAr, decimal EndAr, decimal EndCurrentAr, decimal EndOverAr, int OverDays, decimal CreditSales, decimal UndatedSettlements, int CustomersIncluded);

    internal sealed record Figures(
        decimal? DsoSimple,
        decimal? DsoCountback,
        decimal? BestPossibleDso,
        decimal? AverageDaysDelinquent,
        decimal? Cei,
        decimal? PercentCurrent,
        decimal? PercentOver);

    internal sealed record Step(DateOnly From, DateOnly To, int Days, decimal Sales, decimal ArBefore, decimal DaysCounted);

    internal sealed record Factor(string Code, decimal? Value, string Class, string Reason);

    internal sealed record Customer(
        string CustomerId,
        string Currency,
        string RiskClass,
        string? ErpRiskClass,
        IReadOnlyList<Factor> Factors,
        decimal? AverageDaysToPay,
        decimal? AverageDaysLate,
        decimal? LateSharePercent,
        int BrokenPromises,
        int Disputes,
        decimal Exposure,
        decimal? CreditLimit,
        decimal? UtilisationPercent,
        decimal? SuggestedLimit,
        string SuggestedLimitExplanation,
        string? NotEvaluableReason);
}
