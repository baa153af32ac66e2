using Connector.Worker.Output;

namespace Connector.Worker.Demo;

/// <summary>The demo's first part: what the sample company holds.</summary>
internal static class LedgerDemoPart
{
    public static DemoSummary Summarize(DemoInput input)
    {
        var ledger = input.Ledger;
        int invoices = 0, open = 0, payments = ledger.UnassignedPayments.Count, orders = 0, groups = 0;
        foreach (var account in ledger.Accounts)
        {
            invoices += account.Invoices.Count;
            open += account.OpenItems.Count;
            payments += account.Payments.Count;
            orders += account.Orders.Count;
            groups += account.Children.Count > 0 ? 1 : 0;
        }

        ReportColumn[] columns = [ReportColumn.Text("what", "Ledger"), ReportColumn.Number("count", "Count")];
        ReportRow Row(string what, int count) => new([Cell.Of(what), Cell.Integer(count)]);
        return new DemoSummary(new ReportSection("Sample company", columns,
        [
            Row("customers", ledger.Accounts.Count),
            Row("customer groups (parents)", groups),
            Row("invoices and credit memos", invoices),
            Row("open items", open),
            Row("payments", payments),
            Row("payments without a known customer", ledger.UnassignedPayments.Count),
            Row("orders", orders),
            Row("collectors", ledger.Collectors.Count),
        ]));
    }
}
