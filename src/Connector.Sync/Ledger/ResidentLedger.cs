using Connector.Domain.Ledger;
using Connector.Mapping.Canonical;
using Connector.Sync.Ports;

namespace Connector.Sync.Ledger;

/// <summary>
/// The store's ledger kept in memory between cycles of <c>connector run</c> (decision 80): the first refresh reads it
/// whole; each later one reads only the rows stored or changed since the last (the ledger's <c>updated_at</c>, with an
/// overlap before the last read began, for a commit stamped before it and visible only after), revises the accounts of the customers they
/// touch and tells which customers those are. What a revision cannot express — a new customer, a changed parent, rates,
/// collectors, a payment without a known payer, an item of an unknown customer — is read whole again. Not thread-safe:
/// one cycle at a time uses it.
/// </summary>
public sealed class ResidentLedger
{
    /// <summary>
    /// How far before the last read began the next one starts: a commit stamps its rows with the time it began, and may
    /// wait for another writer's lock (SQLite's busy timeout, 30 s by default) before its rows become visible. Rows stored in
    /// that window are read twice and found unchanged the second time.
    /// </summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromSeconds(35);

    private static readonly CanonicalEntity[] ItemEntities = [CanonicalEntity.Invoices, CanonicalEntity.Payments, CanonicalEntity.Orders, CanonicalEntity.Promises];

    /// <summary>A whole read of at least this many rows gives the load's garbage back to the system afterwards.</summary>
    public const long SettleAfterRows = 100_000;

    private readonly TimeProvider time;
    private State? state;

    /// <param name="time">The clock the store stamps rows with: the next read starts <see cref="Overlap"/> before this one began.</param>
    public ResidentLedger(TimeProvider? time = null)
    {
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>The ledger as of the last refresh; <c>null</c> before the first.</summary>
    public ArLedger? Ledger => state?.Ledger;

    /// <summary>
    /// One blocking, compacting collection that also gives the free memory back to the system (decisions 79, 125): a whole
    /// read leaves ~100 MB of the records, lists and dictionaries it built and dropped (at 1M invoices) committed in free
    /// regions, which the evaluations' large arrays do not reuse, so they stayed in the process's working set for its
    /// whole life. Costs one full compaction of the ledger per whole read (rare with a resident ledger).
    /// </summary>
    public static void ReturnLoadGarbage() =>
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    /// <summary>Forgets the ledger: the next refresh reads it whole (after a cycle failed half-way, say).</summary>
    public void Reset() => state = null;

    /// <summary>Brings the ledger up to date with the store.</summary>
    public async Task<LedgerRefresh> RefreshAsync(ILedgerStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var readStart = time.GetUtcNow();

        // Bank statement payments live beside the ledger (their own table, few rows): read each time, and any change
        // among them (a new statement, a reversal) reads the ledger whole, as LedgerLoader would build it.
        var bankPayments = store is IBankStatementStore bank
            ? await bank.ReadBankPaymentsAsync(cancellationToken).ConfigureAwait(false)
            : [];
        if (state is { } current && current.BankPayments.SequenceEqual(bankPayments))
        {
            var changes = await ReadChangesAsync(store, current, cancellationToken).ConfigureAwait(false);
            if (changes is not null && current.Apply(changes.Value.Records) is { } changed)
            {
                current.Watermark = Later(changes.Value.Watermark, readStart);
                return new LedgerRefresh(current.Ledger, changed, changes.Value.RowsRead);
            }
        }

        var watermark = await WatermarkAsync(store, cancellationToken).ConfigureAwait(false);
        var loaded = await State.LoadAsync(store, bankPayments, cancellationToken).ConfigureAwait(false);
        if (loaded.RowsRead >= SettleAfterRows)
        {
            ReturnLoadGarbage();
        }
        loaded.Watermark = watermark is null ? null : Later(watermark.Value, readStart);
        state = watermark is null ? null : loaded;
        return new LedgerRefresh(loaded.Ledger, null, loaded.RowsRead);
    }

    /// <summary>
    /// Where the next read starts (before the overlap): when this read began, so rows are read again at most once — or the
    /// latest row seen, should the rows carry a time after our clock's (another instance's clock ahead of this one's).
    /// </summary>
    private static DateTimeOffset Later(DateTimeOffset latestSeen, DateTimeOffset readStart) => latestSeen > readStart ? latestSeen : readStart;

    private static async Task<DateTimeOffset?> WatermarkAsync(ILedgerStore store, CancellationToken cancellationToken)
    {
        DateTimeOffset? latest = null;
        foreach (var schema in CanonicalSchema.All)
        {
            var at = await store.ReadLedgerWatermarkAsync(schema.Entity, cancellationToken).ConfigureAwait(false);
            if (at is not null && (latest is null || at > latest))
            {
                latest = at;
            }
        }

        // An empty ledger has no watermark yet: the next refresh reads it whole again (it costs nothing).
        return latest;
    }

    private static async Task<(List<CanonicalRecord> Records, DateTimeOffset Watermark, long RowsRead)?> ReadChangesAsync(
        ILedgerStore store, State current, CancellationToken cancellationToken)
    {
        if (current.Watermark is not { } watermark)
        {
            return null;
        }

        var since = watermark - Overlap;
        var records = new List<CanonicalRecord>();
        var latest = watermark;
        foreach (var schema in CanonicalSchema.All)
        {
            await foreach (var change in store.ReadRecordsChangedSinceAsync(schema.Entity, since, cancellationToken).ConfigureAwait(false))
            {
                records.Add(change.Record);
                if (change.UpdatedAt > latest)
                {
                    latest = change.UpdatedAt;
                }
            }
        }

        return (records, latest, records.Count);
    }

    /// <summary>The resident ledger with, per entity, each record's item by key and each customer's keys in key order.</summary>
    private sealed class State
    {
        private readonly Dictionary<string, Customer> customers;
        private readonly Dictionary<string, object>[] items;
        private readonly Dictionary<string, List<string>>[] keysByCustomer;
        private readonly HashSet<string> rates;
        private readonly HashSet<string> collectors;
        private readonly Dictionary<string, List<Payment>> bankByCustomer;

        private State(ArLedger ledger, Dictionary<string, Customer> customers, Dictionary<string, object>[] items, Dictionary<string, List<string>>[] keysByCustomer, HashSet<string> rates, HashSet<string> collectors, IReadOnlyList<Payment> bankPayments, long rowsRead)
        {
            BankPayments = bankPayments;
            bankByCustomer = new Dictionary<string, List<Payment>>(StringComparer.Ordinal);
            foreach (var payment in bankPayments)
            {
                if (payment.CustomerId is { Length: > 0 } customerId)
                {
                    if (!bankByCustomer.TryGetValue(customerId, out var list))
                    {
                        list = [];
                        bankByCustomer[customerId] = list;
                    }

                    list.Add(payment);
                }
            }

            Ledger = ledger;
            this.customers = customers;
            this.items = items;
            this.keysByCustomer = keysByCustomer;
            this.rates = rates;
            this.collectors = collectors;
            RowsRead = rowsRead;
        }

        public ArLedger Ledger { get; private set; }

        public DateTimeOffset? Watermark { get; set; }

        public long RowsRead { get; }

        /// <summary>The bank statements' payments the ledger was built with (after the ERP's, as <see cref="LedgerLoader"/> adds them).</summary>
        public IReadOnlyList<Payment> BankPayments { get; }

        public static async Task<State> LoadAsync(ILedgerStore store, IReadOnlyList<Payment> bankPayments, CancellationToken cancellationToken)
        {
            long rows = 0;
            async Task<List<CanonicalRecord>> ReadAsync(CanonicalEntity entity)
            {
                var list = new List<CanonicalRecord>();
                await foreach (var record in store.ReadRecordsAsync(entity, cancellationToken).ConfigureAwait(false))
                {
                    list.Add(record);
                }

                rows += list.Count;
                return list;
            }

            // One string per customer id and currency code, and an item's own id as its key (decision 124).
            var strings = new SharedStrings();
            var customerList = new List<Customer>();
            var customers = new Dictionary<string, Customer>(StringComparer.Ordinal);
            await foreach (var record in store.ReadRecordsAsync(CanonicalEntity.Customers, cancellationToken).ConfigureAwait(false))
            {
                rows++;
                var customer = CanonicalConverter.ToCustomer(record, strings);
                if (customers.TryAdd(customer.Id, customer))
                {
                    customerList.Add(customer);
                }
            }

            // As LedgerAssembler: a parent the ledger does not know is left out (it may arrive in a later run).
            for (var i = 0; i < customerList.Count; i++)
            {
                if (customerList[i].ParentId is { } parent && !customers.ContainsKey(parent))
                {
                    customerList[i] = customers[customerList[i].Id] = customerList[i] with { ParentId = null };
                }
            }

            // Items are converted as they are read: the canonical records of a whole read (~600 bytes an invoice with
            // their value strings) are never all alive at once (decision 124).
            var items = new Dictionary<string, object>[ItemEntities.Length];
            var keys = new Dictionary<string, List<string>>[ItemEntities.Length];
            var converted = new List<object>[ItemEntities.Length];
            for (var e = 0; e < ItemEntities.Length; e++)
            {
                items[e] = new Dictionary<string, object>(StringComparer.Ordinal);
                keys[e] = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                converted[e] = [];
                await foreach (var record in store.ReadRecordsAsync(ItemEntities[e], cancellationToken).ConfigureAwait(false))
                {
                    rows++;
                    var item = Convert(ItemEntities[e], record, strings);
                    converted[e].Add(item);
                    var key = KeyOf(item, record.Key);
                    items[e][key] = item;
                    if (CustomerOf(item) is { Length: > 0 } customerId)
                    {
                        KeysOf(keys[e], customerId).Add(key);
                    }
                }
            }

            var rateRecords = await ReadAsync(CanonicalEntity.Rates).ConfigureAwait(false);
            var collectorRecords = await ReadAsync(CanonicalEntity.Collectors).ConfigureAwait(false);
            var ledger = new ArLedger(
                customerList,
                converted[0].Cast<Invoice>(),
                converted[1].Cast<Payment>().Concat(bankPayments),
                converted[2].Cast<Order>(),
                rateRecords.Select(CanonicalConverter.ToRate),
                converted[3].Cast<PaymentPromise>(),
                collectorRecords.Select(CanonicalConverter.ToCollector));
            return new State(
                ledger,
                customers,
                items,
                keys,
                [.. rateRecords.Select(static r => r.Key + "\u001f" + string.Join('\u001f', r.Values))],
                [.. collectorRecords.Select(static r => r.Key + "\u001f" + string.Join('\u001f', r.Values))],
                bankPayments,
                rows);
        }

        /// <summary>Applies the records read again; the customers whose accounts changed, or <c>null</c>: read the ledger whole.</summary>
        public HashSet<string>? Apply(List<CanonicalRecord> records)
        {
            var changed = new HashSet<string>(StringComparer.Ordinal);
            var customerChanges = new Dictionary<string, Customer>(StringComparer.Ordinal);
            var itemChanges = new List<(int Entity, string Key, object Item, object? Old)>();
            foreach (var record in records)
            {
                switch (record.Entity)
                {
                    case CanonicalEntity.Rates or CanonicalEntity.Collectors:
                        var set = record.Entity == CanonicalEntity.Rates ? rates : collectors;
                        if (!set.Contains(record.Key + "\u001f" + string.Join('\u001f', record.Values)))
                        {
                            return null;
                        }

                        break;
                    case CanonicalEntity.Customers:
                        var customer = CanonicalConverter.ToCustomer(record);
                        if (!customers.TryGetValue(customer.Id, out var old))
                        {
                            return null;
                        }

                        if (customer.ParentId is { } parent && !customers.ContainsKey(parent))
                        {
                            customer = customer with { ParentId = null };
                        }

                        if (customer != old)
                        {
                            customerChanges[customer.Id] = customer;
                            changed.Add(customer.Id);
                        }

                        break;
                    default:
                        var e = Array.IndexOf(ItemEntities, record.Entity);
                        var item = Convert(record.Entity, record);
                        var before = items[e].GetValueOrDefault(record.Key);
                        if (before is not null && before.Equals(item))
                        {
                            break;
                        }

                        // Only items of customers the ledger knows, before and after, are revised in place.
                        if (CustomerOf(item) is not { Length: > 0 } now || !customers.ContainsKey(now)
                            || (before is not null && (CustomerOf(before) is not { Length: > 0 } then || !customers.ContainsKey(then))))
                        {
                            return null;
                        }

                        itemChanges.Add((e, record.Key, item, before));
                        changed.Add(now);
                        if (before is not null)
                        {
                            changed.Add(CustomerOf(before)!);
                        }

                        break;
                }
            }

            if (changed.Count == 0)
            {
                return changed;
            }

            // A revision that fails after this leaves the state half-applied: the caller then reads the ledger whole again.
            foreach (var (e, key, item, old) in itemChanges)
            {
                if (old is not null && CustomerOf(old) is { } then && keysByCustomer[e].TryGetValue(then, out var oldKeys))
                {
                    var at = oldKeys.BinarySearch(key, StringComparer.Ordinal);
                    if (at >= 0)
                    {
                        oldKeys.RemoveAt(at);
                    }
                }

                var newKeys = KeysOf(keysByCustomer[e], CustomerOf(item)!);
                var position = newKeys.BinarySearch(key, StringComparer.Ordinal);
                if (position < 0)
                {
                    newKeys.Insert(~position, key);
                }

                items[e][key] = item;
            }

            foreach (var (id, customer) in customerChanges)
            {
                customers[id] = customer;
            }

            var content = new List<AccountContent>(changed.Count);
            foreach (var id in changed)
            {
                content.Add(new AccountContent(
                    customers[id],
                    ItemsOf<Invoice>(0, id),
                    [.. ItemsOf<Payment>(1, id), .. bankByCustomer.GetValueOrDefault(id) ?? []],
                    ItemsOf<Order>(2, id),
                    ItemsOf<PaymentPromise>(3, id)));
            }

            if (Ledger.Revise(content) is not { } revised)
            {
                return null;
            }

            Ledger = revised;
            return changed;
        }

        private List<T> ItemsOf<T>(int entity, string customerId)
        {
            var list = new List<T>();
            if (keysByCustomer[entity].TryGetValue(customerId, out var keys))
            {
                foreach (var key in keys)
                {
                    list.Add((T)items[entity][key]);
                }
            }

            return list;
        }

        private static List<string> KeysOf(Dictionary<string, List<string>> keys, string customerId)
        {
            if (!keys.TryGetValue(customerId, out var list))
            {
                list = [];
                keys[customerId] = list;
            }

            return list;
        }

        private static object Convert(CanonicalEntity entity, CanonicalRecord record, SharedStrings? strings = null) => entity switch
        {
            CanonicalEntity.Invoices => CanonicalConverter.ToInvoice(record, strings),
            CanonicalEntity.Payments => CanonicalConverter.ToPayment(record, strings),
            CanonicalEntity.Orders => CanonicalConverter.ToOrder(record, strings),
            CanonicalEntity.Promises => CanonicalConverter.ToPromise(record, strings),
            _ => throw new ArgumentOutOfRangeException(nameof(entity), entity, "not an item of a customer"),
        };

        /// <summary>The item's own id when it is the record's key (invoices, payments, orders): one string for both.</summary>
        private static string KeyOf(object item, string key)
        {
            var id = item switch
            {
                Invoice invoice => invoice.Id,
                Payment payment => payment.Id,
                Order order => order.Id,
                _ => null,
            };
            return id is not null && string.Equals(id, key, StringComparison.Ordinal) ? id : key;
        }

        private static string? CustomerOf(object item) => item switch
        {
            Invoice invoice => invoice.CustomerId,
            Payment payment => payment.CustomerId,
            Order order => order.CustomerId,
            PaymentPromise promise => promise.CustomerId,
            _ => null,
        };
    }
}

/// <summary>What a refresh of the <see cref="ResidentLedger"/> found.</summary>
/// <param name="ChangedCustomers">The customers whose accounts changed; <c>null</c>: the ledger was read whole (treat everything as changed).</param>
/// <param name="RowsRead">Rows read from the store: all of them, or those stored since the last refresh (with the overlap).</param>
public sealed record LedgerRefresh(ArLedger Ledger, IReadOnlySet<string>? ChangedCustomers, long RowsRead);
