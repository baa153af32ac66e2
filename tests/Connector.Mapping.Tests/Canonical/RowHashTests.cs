using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using Connector.Mapping.Canonical;

namespace Connector.Mapping.Tests.Canonical;

public sealed class RowHashTests
{
    public static TheoryData<string?[]> Rows => new()
    {
        new string?[] { "INV-1", "C-1", "2026-11-16", "1234.50", null, "EUR" },
        new string?[] { null, null },
        new string?[] { string.Empty, "Müller & Söhne – €", "日本語" },
        new string?[] { new string('x', 3_000), "tail" },
        Array.Empty<string?>(),
    };

    // Every ledger row stored so far carries the hash the values were appended one by one with: a re-ingest must find it equal.
    [Theory]
    [MemberData(nameof(Rows))]
    public void Of_AnyValues_SameHashAsStoredRowsWereGiven(string?[] values) =>
        Assert.Equal(Appended(values), RowHash.Of(values));

    [Fact]
    public void Of_ValueMovedToTheNextField_DifferentHash() =>
        Assert.NotEqual(RowHash.Of(["ab", "c"]), RowHash.Of(["a", "bc"]));

    private static UInt128 Appended(string?[] values)
    {
        var hash = new XxHash128();
        foreach (var value in values)
        {
            if (value is null)
            {
                hash.Append([0xFF, 0xFF, 0xFF, 0xFF]);
                continue;
            }

            var length = value.Length;
            hash.Append(MemoryMarshal.AsBytes(new ReadOnlySpan<int>(in length)));
            hash.Append(Encoding.UTF8.GetBytes(value));
        }

        return hash.GetCurrentHashAsUInt128();
    }
}
