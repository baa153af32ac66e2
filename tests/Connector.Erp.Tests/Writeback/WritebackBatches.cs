using Connector.Sync.Ports;

namespace Connector.Erp.Tests.Writeback;

/// <summary>The batches the writer tests send: one held customer with a held order, one in good standing.</summary>
internal static class WritebackBatches
{
    public static readonly DateOnly AsOf = new(2026, 11, 22);

    public const string HeldSentence = "Contoso, Ltd is on credit hold — 1 invoice more than 60 days overdue (1,500.00 USD). Contact Jane \"JD\" Doe (Collections) to request a release.";

    public static ErpWritebackBatch Sample(string batchId = "00c0ffee12345678") => new(
        batchId,
        [
            new CustomerHoldRow("C-1", true, "OVERDUE_AGE", HeldSentence, AsOf),
            new CustomerHoldRow("C-2", false, "", "", AsOf),
        ],
        [
            new OrderCreditRow("SO-1", "C-1", OrderCreditDecisions.Held, "ON_HOLD;OVERDUE_AGE", "Order blocked: " + HeldSentence, "USD", 400m, 2150.004m, 5000m, 2850m, AsOf),
            new OrderCreditRow("SO-2", "C-2", OrderCreditDecisions.Approved, "", "Order allowed: exposure after this order 900.00 USD of a 5,000.00 USD limit (4,100.00 USD available).", "JPY", 900m, 900m, null, null, AsOf),
        ]);
}
