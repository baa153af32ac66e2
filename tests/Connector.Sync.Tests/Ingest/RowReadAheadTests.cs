using Connector.Mapping.Rows;
using Connector.Sync.Ingest;

namespace Connector.Sync.Tests.Ingest;

/// <summary>
/// Rows read on a thread of their own reach the ingest in the source's order (dead letters and checkpoints name the
/// lines they did before), and a source failing mid-way still hands over every row read before it.
/// </summary>
public sealed class RowReadAheadTests
{
    [Fact]
    public async Task Rows_MoreRowsThanFitAhead_ArriveInTheSourceOrder()
    {
        const int count = 50_000;
        await using var readAhead = new RowReadAhead(Lines(count), CancellationToken.None);

        var lines = readAhead.Rows.Select(r => r.Line).ToList();

        Assert.Equal(Enumerable.Range(2, count).Select(i => (long)i), lines);
    }

    [Fact]
    public async Task Rows_SourceFailsAfter2500Rows_GivesThose2500ThenTheSourcesError()
    {
        await using var readAhead = new RowReadAhead(FailingAfter(2_500), CancellationToken.None);
        var seen = new List<long>();

        var error = Assert.Throws<IOException>(() =>
        {
            foreach (var row in readAhead.Rows)
            {
                seen.Add(row.Line);
            }
        });

        Assert.Equal("disk gone", error.Message);
        Assert.Equal(Enumerable.Range(2, 2_500).Select(i => (long)i), seen);
    }

    [Fact]
    public async Task DisposeAsync_CallerStopsEarly_StopsReadingTheSource()
    {
        var source = new CountingSource();
        var readAhead = new RowReadAhead(source.Rows(), CancellationToken.None);
        _ = readAhead.Rows.Take(10).ToList();

        await readAhead.DisposeAsync();
        var readWhenStopped = source.Read;
        await Task.Delay(50);

        Assert.Equal(readWhenStopped, source.Read);
        Assert.True(source.Read < 1_000_000, $"read {source.Read} rows of an endless source");
    }

    private static IEnumerable<SourceRow> Lines(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return new SourceRow(i + 2, [i.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }
    }

    private static IEnumerable<SourceRow> FailingAfter(int count)
    {
        foreach (var row in Lines(count))
        {
            yield return row;
        }

        throw new IOException("disk gone");
    }

    private sealed class CountingSource
    {
        private long read;

        public long Read => Interlocked.Read(ref read);

        public IEnumerable<SourceRow> Rows()
        {
            for (var i = 0L; ; i++)
            {
                Interlocked.Increment(ref read);
                yield return new SourceRow(i + 2, []);
            }
        }
    }
}
