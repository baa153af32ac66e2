using Connector.Mapping.Canonical;
using Connector.Sync.DeadLetters;
using Connector.Sync.Ports;
using static Connector.Sync.Tests.Corpus.CorpusExport;

namespace Connector.Sync.Tests.DeadLetters;

/// <summary>
/// A quarantined row records its key whenever the key can be read, so when the corrected row arrives in a later export
/// its letter is resolved ("superseded by …", audited) instead of failing every retry for ever.
/// </summary>
public sealed class SupersededLetterTests
{
    private const string BadR9 = "R-9;C-1;RE;31.02.2026;03.03.2026;90,00;90,00;EUR;";
    private const string GoodR9 = "R-9;C-1;RE;28.02.2026;03.03.2026;90,00;90,00;EUR;";

    [Fact]
    public async Task RunAsync_RowWithABadValue_LetterRecordsTheKeyItsRowCarries()
    {
        await using var bench = await BenchAsync();
        bench.DropLines("OP_1.csv", InvoiceHeader, GoodInvoice, BadR9);

        await bench.IngestAllAsync(CanonicalEntity.Invoices);

        var letter = Assert.Single(await bench.DeadLettersAsync(CanonicalEntity.Invoices));
        Assert.Equal(("R-9", "document_date", "line 3"), (letter.Key, letter.Field, letter.Locator));
    }

    [Fact]
    public async Task RunAsync_CorrectedRowLandsFromALaterFile_ResolvesTheLetterAsSupersededWithAnAuditEvent()
    {
        await using var bench = await BenchAsync();
        bench.DropLines("OP_1.csv", InvoiceHeader, GoodInvoice, BadR9);
        await bench.IngestAllAsync(CanonicalEntity.Invoices);
        bench.DropLines("OP_2.csv", InvoiceHeader, GoodInvoice2, GoodR9);

        AssertCounts(await bench.IngestAllAsync(CanonicalEntity.Invoices), read: 2, @new: 2, quarantined: 0);

        Assert.Equal("2026-02-28", await bench.ValueAsync(CanonicalEntity.Invoices, "R-9", "document_date"));
        var letter = Assert.Single(await bench.AllDeadLettersAsync(CanonicalEntity.Invoices));
        Assert.Equal(DeadLetterStatus.Resolved, letter.Status);
        Assert.EndsWith("; superseded by OP_2.csv line 3", letter.Reason, StringComparison.Ordinal);
        var audit = Assert.Single(await bench.Store.ReadAuditAsync($"deadletter:{letter.Id}", 10, CancellationToken.None));
        Assert.Equal(("ingest", "deadletter.superseded", "open", "resolved", "superseded by OP_2.csv line 3"), (audit.Event.Actor, audit.Event.Action, audit.Event.Before, audit.Event.After, audit.Event.Reason));
        var retry = await new DeadLetterRetrier(bench.Store, bench.Mappings).RetryAsync(null, null, CancellationToken.None);
        Assert.Empty(retry.Entities);
    }

    [Fact]
    public async Task RunAsync_GoodRowAfterTheBadOneInTheSameFile_LetterStaysOpen()
    {
        await using var bench = await BenchAsync();
        bench.DropLines("OP_1.csv", InvoiceHeader, BadR9, GoodR9);

        AssertCounts(await bench.IngestAllAsync(CanonicalEntity.Invoices), read: 2, @new: 1, quarantined: 1);

        // Within one export two rows disagree about R-9: which is right is for the admin to say, as with a duplicate key.
        var letter = Assert.Single(await bench.DeadLettersAsync(CanonicalEntity.Invoices));
        Assert.Equal(("R-9", DeadLetterStatus.Open), (letter.Key, letter.Status));
    }
}
