using Connector.Mapping.Canonical;

namespace Connector.Store.Tests.Relational;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task ReadRecordsChangedSinceAsync_AfterAWatermark_ReturnsOnlyRowsStoredOrChangedSince()
    {
        Assert.Null(await Store.ReadLedgerWatermarkAsync(CanonicalEntity.Invoices, CancellationToken.None));
        await Store.CommitAsync(Batch(Invoice("INV-1"), Invoice("INV-2"), Invoice("INV-3")), CancellationToken.None);
        var watermark = await Store.ReadLedgerWatermarkAsync(CanonicalEntity.Invoices, CancellationToken.None);
        Assert.Equal(Time.GetUtcNow(), watermark);

        Time.Advance(TimeSpan.FromMilliseconds(1500));
        await Store.CommitAsync(Batch(Invoice("INV-2", open: "40"), Invoice("INV-3"), Invoice("INV-4")), CancellationToken.None);
        var later = Time.GetUtcNow();

        var changed = new List<string>();
        await foreach (var change in Store.ReadRecordsChangedSinceAsync(CanonicalEntity.Invoices, watermark!.Value.AddMilliseconds(1), CancellationToken.None))
        {
            changed.Add($"{change.Record.Key} {change.Record.Values[6]} {change.UpdatedAt == later}");
        }

        // INV-3 came again unchanged: its row (and time) stayed as it was.
        Assert.Equal(["INV-2 40 True", "INV-4 100 True"], changed);
        Assert.Equal(later, await Store.ReadLedgerWatermarkAsync(CanonicalEntity.Invoices, CancellationToken.None));
        Assert.Null(await Store.ReadLedgerWatermarkAsync(CanonicalEntity.Payments, CancellationToken.None));
        var all = 0;
        await foreach (var change in Store.ReadRecordsChangedSinceAsync(CanonicalEntity.Invoices, watermark.Value, CancellationToken.None))
        {
            all++;
        }

        Assert.Equal(4, all);
    }
}
