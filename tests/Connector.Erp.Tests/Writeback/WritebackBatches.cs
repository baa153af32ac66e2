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

    /// <summary>Two cash applications of a bank payment (one with a short-pay write-off) and an unapplication.</summary>
    public static ErpWritebackBatch Cash(string batchId = "00cafe0000000001") => new(batchId, [], [])
    {
        CashApplications =
        [
            new CashApplicationRow("BANK-1|INV-1|1|apply", "BANK-1", "CAMT-REF-1", "INV-1", "C-1", 1000m, "USD", 0m, 0m, "reference", "connector", new DateTimeOffset(2026, 11, 22, 6, 0, 0, TimeSpan.Zero), "apply"),
            new CashApplicationRow("BANK-1|INV-2|1|apply", "BANK-1", "CAMT-REF-1", "INV-2", "C-1", 499.5m, "USD", 0.5m, 0m, "manual", "cli:jdoe", new DateTimeOffset(2026, 11, 22, 7, 30, 0, TimeSpan.FromHours(1)), "apply"),
            new CashApplicationRow("PAY-7|INV-9|1|unapply", "PAY-7", null, "INV-9", "C-2", -300m, "JPY", 0m, 0m, "exact_amount", "connector", new DateTimeOffset(2026, 11, 21, 6, 0, 0, TimeSpan.Zero), "unapply"),
        ],
    };

    /// <summary>The interest and fee a level-3 letter proposed on two overdue invoices (EU rule: 10.15 % a year, 40 EUR each).</summary>
    public static ErpWritebackBatch Charges(string batchId = "00dead0000000001") => new(batchId, [], [])
    {
        DunningCharges =
        [
            new DunningChargeRow("CASE-C-1|L3|2026-11-22|INV-1", "C-1", "CASE-C-1", 3, "INV-1", "EUR", 10_000m, new DateOnly(2026, 10, 7), 46, 10.15m, 127.92m, 40m, AsOf),
            new DunningChargeRow("CASE-C-1|L3|2026-11-22|INV-2", "C-1", "CASE-C-1", 3, "INV-2", "EUR", 2_500m, new DateOnly(2026, 11, 12), 10, 10.15m, 6.95m, 40m, AsOf),
        ],
    };
}
