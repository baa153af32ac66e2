using System.Globalization;
using Connector.Sync.Ingest;

namespace Connector.Sync.Tests.Ingest;

public sealed class LedgerKeysTests
{
    [Fact]
    public void AddStored_ManyKeysGrowingTheTable_EachFoundWithItsHash()
    {
        // 5,000 keys cross the slot segments, the text chunks and several rehashes; one key is longer than a whole chunk.
        var keys = new LedgerKeys();
        var longKey = new string('K', 20_000);
        for (var i = 0; i < 5_000; i++)
        {
            keys.AddStored(Key(i), (UInt128)i);
        }

        keys.AddStored(longKey, 77);

        Assert.Equal(5_001, keys.StoredCount);
        for (var i = 0; i < 5_000; i++)
        {
            Assert.True(keys.TryClaimUnchanged(Key(i), (UInt128)i, unit: 1, line: i), Key(i));
        }

        Assert.True(keys.TryClaimUnchanged(longKey, 77, unit: 1, line: 5_000));
        Assert.False(keys.IsStored("INV-5000"));
        Assert.False(keys.IsStored(longKey.AsSpan(1)));
    }

    [Fact]
    public void Claim_SameKeyTwiceInOneUnit_NamesTheFirstLine()
    {
        var keys = new LedgerKeys();
        var unit = keys.NewUnit();

        ref var first = ref keys.Claim("INV-1", unit, 2, out var none);
        Assert.Equal(LandKind.New, keys.Land(ref first, 5));
        keys.Claim("INV-1", unit, 9, out var firstLine);

        Assert.Null(none);
        Assert.Equal(2, firstLine);
        Assert.True(keys.IsStored("INV-1"));
    }

    [Fact]
    public void Land_StoredKeyReadAgainInALaterUnit_UnchangedThenChanged()
    {
        var keys = new LedgerKeys();
        keys.AddStored("INV-1", 5);

        ref var again = ref keys.Claim("INV-1", keys.NewUnit(), 2, out _);
        Assert.Equal(LandKind.Unchanged, keys.Land(ref again, 5));
        ref var changed = ref keys.Claim("INV-1", keys.NewUnit(), 2, out var firstLine);

        Assert.Null(firstLine);
        Assert.Equal(LandKind.Changed, keys.Land(ref changed, 6));
        Assert.False(keys.TryClaimUnchanged("INV-1", 5, keys.NewUnit(), 3));
        Assert.Equal(1, keys.StoredCount);
    }

    private static string Key(int i) => "INV-" + i.ToString("D7", CultureInfo.InvariantCulture);
}
