using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text.Json;
using Connector.Sync.Ports;

namespace Connector.Sync.Writeback;

/// <summary>What draining the writeback outbox did.</summary>
/// <param name="Destinations">Where each batch went (file names or tables), in order.</param>
/// <param name="Quarantined">Entries whose stored payload could not be read back (set aside with the reason).</param>
public sealed record ErpWritebackWriteResult(int HoldRows, int OrderRows, IReadOnlyList<string> Destinations, int Quarantined)
{
    /// <summary>Cash application rows written (issue 18).</summary>
    public int CashRows { get; init; }

    /// <summary>Proposed dunning charge rows written (issue 20).</summary>
    public int ChargeRows { get; init; }
}

/// <summary>
/// Drains the pending writeback rows into batches and hands each to the ERP. A batch's id is a hash of its entries
/// (outbox id and payload hash, sorted by id): written again after a crash that came between the ERP write and the
/// mark, it has the same id, and the ERP side overwrites or skips it. Entries are marked sent only after the ERP side
/// accepted the batch; a failure leaves them pending for the next run.
/// </summary>
public sealed class ErpWritebackWriter
{
    /// <summary>Rows per target in one batch: a first writeback of a large ledger goes out in several files or transactions.</summary>
    public const int BatchSize = 100_000;

    private readonly IOutbox outbox;
    private readonly IPushState state;
    private readonly IErpWriteback writeback;
    private readonly int batchSize;

    public ErpWritebackWriter(IOutbox outbox, IPushState state, IErpWriteback writeback, int batchSize = BatchSize)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(writeback);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        this.outbox = outbox;
        this.state = state;
        this.writeback = writeback;
        this.batchSize = batchSize;
    }

    /// <exception cref="ErpWritebackException">The ERP side refused a batch; it and the rest stay pending.</exception>
    public async Task<ErpWritebackWriteResult> RunAsync(CancellationToken cancellationToken)
    {
        int holdRows = 0, orderRows = 0, cashRows = 0, chargeRows = 0, quarantined = 0;
        var destinations = new List<string>();
        while (true)
        {
            var holdEntries = await outbox.ReadPendingAsync(WritebackJson.HoldTarget, batchSize, cancellationToken).ConfigureAwait(false);
            var orderEntries = await outbox.ReadPendingAsync(WritebackJson.OrderTarget, batchSize, cancellationToken).ConfigureAwait(false);
            var cashEntries = await outbox.ReadPendingAsync(WritebackJson.CashTarget, batchSize, cancellationToken).ConfigureAwait(false);
            var chargeEntries = await outbox.ReadPendingAsync(WritebackJson.DunningChargeTarget, batchSize, cancellationToken).ConfigureAwait(false);
            if (holdEntries.Count == 0 && orderEntries.Count == 0 && cashEntries.Count == 0 && chargeEntries.Count == 0)
            {
                return new ErpWritebackWriteResult(holdRows, orderRows, destinations, quarantined) { CashRows = cashRows, ChargeRows = chargeRows };
            }

            var entries = new List<OutboxEntry>(holdEntries.Count + orderEntries.Count);
            var holds = new List<CustomerHoldRow>(holdEntries.Count);
            var orders = new List<OrderCreditRow>(orderEntries.Count);
            foreach (var entry in holdEntries)
            {
                if (await ReadAsync(entry, WritebackJson.ParseHold, cancellationToken).ConfigureAwait(false) is { } row)
                {
                    holds.Add(row);
                    entries.Add(entry);
                }
                else
                {
                    quarantined++;
                }
            }

            foreach (var entry in orderEntries)
            {
                if (await ReadAsync(entry, WritebackJson.ParseOrder, cancellationToken).ConfigureAwait(false) is { } row)
                {
                    orders.Add(row);
                    entries.Add(entry);
                }
                else
                {
                    quarantined++;
                }
            }

            var cash = new List<CashApplicationRow>(cashEntries.Count);
            foreach (var entry in cashEntries)
            {
                if (await ReadAsync(entry, WritebackJson.ParseCash, cancellationToken).ConfigureAwait(false) is { } row)
                {
                    cash.Add(row);
                    entries.Add(entry);
                }
                else
                {
                    quarantined++;
                }
            }

            var charges = new List<DunningChargeRow>(chargeEntries.Count);
            foreach (var entry in chargeEntries)
            {
                if (await ReadAsync(entry, WritebackJson.ParseDunningCharge, cancellationToken).ConfigureAwait(false) is { } row)
                {
                    charges.Add(row);
                    entries.Add(entry);
                }
                else
                {
                    quarantined++;
                }
            }

            if (entries.Count == 0)
            {
                continue;
            }

            var batch = new ErpWritebackBatch(BatchId(entries), holds, orders) { CashApplications = cash, DunningCharges = charges };
            var result = await writeback.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            await outbox.MarkSentAsync([.. entries.Select(static e => e.Id)], cancellationToken).ConfigureAwait(false);
            holdRows += holds.Count;
            orderRows += orders.Count;
            cashRows += cash.Count;
            chargeRows += charges.Count;
            destinations.Add(result.Destination);
        }
    }

    /// <summary>16 hex digits: XxHash64 of each entry's id and payload hash, in id order. The payload hashes keep a
    /// store started afresh (ids counting from 1 again) from reusing an id the ERP has already seen with other rows.</summary>
    public static string BatchId(IEnumerable<OutboxEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var hash = new XxHash64();
        Span<byte> buffer = stackalloc byte[24];
        foreach (var entry in entries.OrderBy(static e => e.Id))
        {
            BinaryPrimitives.WriteInt64LittleEndian(buffer, entry.Id);
            BinaryPrimitives.WriteUInt128LittleEndian(buffer[8..], entry.Item.PayloadHash);
            hash.Append(buffer);
        }

        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    private async Task<T?> ReadAsync<T>(OutboxEntry entry, Func<string, T> parse, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return parse(entry.Item.Payload);
        }
        catch (JsonException ex)
        {
            // Only a damaged store gets here: set the entry aside rather than block every later writeback.
            await state.QuarantineAsync(entry.Id, $"{entry.Item.Target} {entry.Item.Key}: the stored row cannot be read: {ex.Message}", cancellationToken).ConfigureAwait(false);
            return null;
        }
    }
}
