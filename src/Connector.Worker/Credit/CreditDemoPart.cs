using Connector.Domain.Credit;
using Connector.Domain.Currencies;
using Connector.Worker.Demo;
using Connector.Worker.Holds;
using Connector.Worker.Output;

namespace Connector.Worker.Credit;

/// <summary>
/// The demo's credit-check part, when the demo did not enter orders in Dynamics (whose order table it then shows
/// instead): an order of a customer in good standing (allowed) and one of a customer on hold (blocked), each with the
/// sentence the sales rep reads.
/// </summary>
internal static class CreditDemoPart
{
    private const decimal OrderAmount = 1_000m;

    public static DemoSummary Summarize(DemoInput input)
    {
        if (input.Synced)
        {
            return DemoSummary.None;
        }

        var evaluation = input.Evaluation;
        var credit = evaluation.Credit;

        // The first customer (ledger order) with ample room for the order, and the customer on hold for old
        // invoices (the commonest hold; any hold when there is none) with the largest overdue balance.
        var good = credit.Snapshots.FirstOrDefault(static s => !s.Hold.OnHold && s.Hold.Reasons.Count == 0 && s.AvailableCredit >= OrderAmount * 10m);
        var currency = evaluation.Policies.Company.Currency;
        var held = credit.OnHold
            .Where(static s => s.Exposure.IsEvaluable)
            .OrderByDescending(static s => s.Hold.Codes.Contains(CreditCodes.OverdueAge))
            .ThenByDescending(s => HoldsDemoPart.OverdueInCompanyCurrency(s, currency))
            .FirstOrDefault();
        var rows = new List<ReportRow>(2);
        foreach (var snapshot in new[] { good, held })
        {
            if (snapshot is null || evaluation.Check(new OrderRequest { CustomerId = snapshot.CustomerId, Amount = OrderAmount }) is not { } decision)
            {
                continue;
            }

            rows.Add(new ReportRow(
            [
                Cell.Of(decision.CustomerId),
                Cell.Of(CurrencyUnits.Format(OrderAmount, decision.Currency)),
                Cell.Of(decision.IsAllowed ? "allowed (exit 0)" : "blocked (exit 3)"),
                Cell.Of(decision.Message),
            ]));
        }

        return new DemoSummary(new ReportSection(
            "Credit check of a new order (connector credit check)",
            [ReportColumn.Text("customer_id", "Customer"), ReportColumn.Number("amount", "Order"), ReportColumn.Text("decision", "Decision"), ReportColumn.Text("message", "What the sales rep reads")],
            rows));
    }
}
