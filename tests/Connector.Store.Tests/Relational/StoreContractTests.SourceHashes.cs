using Connector.Mapping.Canonical;
using Connector.Sync.Ports;

namespace Connector.Store.Tests.Relational;

/// <summary>Each ledger row's source hash (store migration 0020, decision 139): written with its record, alone for an unchanged one, read with the keys.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task ReadHashesWithSourcesIntoAsync_RowsWrittenWithAndWithoutSourceHash_HandsEachKeyItsRowHashAndSourceHashOrNull()
    {
        await Store.CommitAsync(Batch(Invoice("INV-1") with { SourceHash = 7 }, Invoice("INV-2")) with { KeysNew = true }, CancellationToken.None);
        await Store.CommitAsync(Batch(Invoice("INV-3") with { SourceHash = 8 }, Invoice("INV-1") with { SourceHash = 9 }), CancellationToken.None);

        var handed = await ReadSourceHashesAsync();

        Assert.Equal(
            [("INV-1", Invoice("INV-1").Hash, (UInt128?)7), ("INV-2", Invoice("INV-2").Hash, null), ("INV-3", Invoice("INV-3").Hash, 8)],
            handed);
    }

    [Fact]
    public async Task CommitAsync_ChangedRecord_StoresItsNewSourceHashOrNoneWhenItCameWithout()
    {
        await Store.CommitAsync(Batch(Invoice("INV-1") with { SourceHash = 7 }, Invoice("INV-2") with { SourceHash = 8 }), CancellationToken.None);

        await Store.CommitAsync(Batch(Invoice("INV-1", open: "50") with { SourceHash = 17 }, Invoice("INV-2", open: "60")), CancellationToken.None);

        Assert.Equal(
            [("INV-1", Invoice("INV-1", open: "50").Hash, (UInt128?)17), ("INV-2", Invoice("INV-2", open: "60").Hash, null)],
            await ReadSourceHashesAsync());
    }

    [Fact]
    public async Task CommitAsync_SourceHashOfAnUnchangedRecord_WritesOnlyTheHashNotItsTimeValuesOrSource()
    {
        await Store.CommitAsync(Batch(Invoice("INV-1"), Invoice("INV-2") with { SourceHash = 8 }), CancellationToken.None);
        var watermark = await Store.ReadLedgerWatermarkAsync(CanonicalEntity.Invoices, CancellationToken.None);
        Time.Advance(TimeSpan.FromHours(1));

        await Store.CommitAsync(
            new LedgerBatch(CanonicalEntity.Invoices) { Source = "later.csv", SourceHashes = [new("INV-1", Invoice("INV-1").Hash, 21), new("INV-2", Invoice("INV-2").Hash, 22)] },
            CancellationToken.None);

        Assert.Equal([("INV-1", Invoice("INV-1").Hash, (UInt128?)21), ("INV-2", Invoice("INV-2").Hash, 22)], await ReadSourceHashesAsync());
        Assert.Equal(watermark, await Store.ReadLedgerWatermarkAsync(CanonicalEntity.Invoices, CancellationToken.None));
        Assert.Equal("invoices.csv", (await Store.ReadSourcesAsync(CanonicalEntity.Invoices, CancellationToken.None))["INV-1"].Unit);
        Assert.Equal(Invoice("INV-1").Record.Values, (await Store.FindRecordAsync(CanonicalEntity.Invoices, "INV-1", CancellationToken.None))!.Values);
    }

    [Fact]
    public async Task CommitAsync_SourceHashForAVersionAnotherInstanceReplacedMeanwhile_LeavesTheNewVersionsHash()
    {
        // This instance found INV-1 unchanged against the version it read; another instance then committed a new version.
        await Store.CommitAsync(Batch(Invoice("INV-1")), CancellationToken.None);
        await Store.CommitAsync(Batch(Invoice("INV-1", open: "50") with { SourceHash = 31 }), CancellationToken.None);

        await Store.CommitAsync(
            new LedgerBatch(CanonicalEntity.Invoices) { Source = "later.csv", SourceHashes = [new("INV-1", Invoice("INV-1").Hash, 21)] },
            CancellationToken.None);

        // The hash of the raw row this instance read would otherwise vouch for a record it never mapped: its next export would be skipped.
        Assert.Equal([("INV-1", Invoice("INV-1", open: "50").Hash, (UInt128?)31)], await ReadSourceHashesAsync());
    }

    private async Task<List<(string Key, UInt128 Hash, UInt128? SourceHash)>> ReadSourceHashesAsync()
    {
        var handed = new List<(string Key, UInt128 Hash, UInt128? SourceHash)>();
        await Store.ReadHashesWithSourcesIntoAsync(CanonicalEntity.Invoices, (key, hash, sourceHash) => handed.Add((key.ToString(), hash, sourceHash)), CancellationToken.None);
        handed.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return handed;
    }
}
