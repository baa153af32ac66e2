using Connector.Sync.Ports;

namespace Connector.Store.Tests.Relational;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task LinkPaymentTwinsAsync_NewLink_ReadBackExactlyWithItsAuditEvent()
    {
        var twin = Twin("BNK-1", "PAY-1");

        var stored = await Store.LinkPaymentTwinsAsync([twin], [TwinAudit(twin)], CancellationToken.None);

        Assert.Equal(1, stored);
        Assert.Equal(twin, Assert.Single(await Store.ReadPaymentTwinsAsync(CancellationToken.None)));
        var audit = Assert.Single(await Store.ReadAuditAsync("payment:BNK-1", 10, CancellationToken.None)).Event;
        Assert.Equal(("cash.twin-recognised", "PAY-1"), (audit.Action, audit.After));
    }

    [Fact]
    public async Task LinkPaymentTwinsAsync_EitherSideLinkedAlready_SkippedWithoutAuditOthersStored()
    {
        await Store.LinkPaymentTwinsAsync([Twin("BNK-1", "PAY-1")], [TwinAudit(Twin("BNK-1", "PAY-1"))], CancellationToken.None);
        StoredPaymentTwin[] again = [Twin("BNK-1", "PAY-2"), Twin("BNK-2", "PAY-1"), Twin("BNK-3", "PAY-3")];

        var stored = await Store.LinkPaymentTwinsAsync(again, [.. again.Select(TwinAudit)], CancellationToken.None);

        Assert.Equal(1, stored);
        Assert.Equal([("BNK-1", "PAY-1"), ("BNK-3", "PAY-3")], (await Store.ReadPaymentTwinsAsync(CancellationToken.None)).Select(t => (t.BankPaymentId, t.ErpPaymentId)).Order());
        Assert.Single(await Store.ReadAuditAsync("payment:BNK-1", 10, CancellationToken.None));
        Assert.Empty(await Store.ReadAuditAsync("payment:BNK-2", 10, CancellationToken.None));
    }

    [Fact]
    public async Task LinkPaymentTwinsAsync_KeepErpWhileTheBankEntryWasMatchedMeanwhile_NotLinkedTheBankEntryStaysCounted()
    {
        // Another cycle matched the bank entry after this one decided to keep the ERP's record: dropping the bank entry now would
        // leave its match counted beside the ERP payment.
        await Store.CommitCashAsync(new CashCommit { NewMatches = [CashMatch("BNK-1", CashMatchStatuses.Open)] }, CancellationToken.None);
        StoredPaymentTwin[] twins = [Twin("BNK-1", "PAY-1") with { Kept = StoredPaymentTwin.KeepErp }, Twin("BNK-2", "PAY-2") with { Kept = StoredPaymentTwin.KeepErp }];

        var stored = await Store.LinkPaymentTwinsAsync(twins, [.. twins.Select(TwinAudit)], CancellationToken.None);

        Assert.Equal(1, stored);
        Assert.Equal([("BNK-2", "PAY-2")], (await Store.ReadPaymentTwinsAsync(CancellationToken.None)).Select(t => (t.BankPaymentId, t.ErpPaymentId)));
    }

    private StoredPaymentTwin Twin(string bank, string erp) => new()
    {
        BankPaymentId = bank,
        ErpPaymentId = erp,
        Kept = StoredPaymentTwin.KeepBank,
        Rule = "reference",
        Explanation = $"Bank entry {bank} is the ERP's payment {erp}.",
        LinkedBy = "connector",
        LinkedAt = new DateTimeOffset(Time.GetUtcNow().UtcDateTime.Date.AddHours(8), TimeSpan.Zero),
    };

    private static AuditEvent TwinAudit(StoredPaymentTwin twin) =>
        new(twin.LinkedAt, "connector", "cash.twin-recognised", "payment:" + twin.BankPaymentId, null, twin.ErpPaymentId, twin.Explanation);
}
