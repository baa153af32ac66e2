using System.Buffers;
using Connector.Domain.Ledger;

namespace Connector.Domain.CashApplication;

/// <summary>
/// The open invoices of one run with the indexes the rules need, built once: invoices grouped per
/// customer oldest first (so an index order is an age order), a global index from normalised invoice
/// number to invoices, and per customer the invoices sorted by open amount. Remaining open amounts
/// are tracked here, so no rule ever applies beyond what is still open after earlier payments.
/// <para>
/// Every per-invoice array is rented from <see cref="ArrayPool{T}.Shared"/> and given back by <see cref="Release"/>
/// (decision 133): a run that follows another within the pool's trimming time builds its book without allocating
/// ~70 MB of large objects per million invoices, which is what set off the full collections of a run.
/// Rented arrays may be longer than <see cref="Count"/>; nothing reads past it.
/// </para>
/// </summary>
internal sealed class InvoiceBook
{
    private readonly Dictionary<string, int> customerIndex;
    private readonly Dictionary<string, int> currencyIndex = new(StringComparer.OrdinalIgnoreCase);
    private readonly int customerCount;
    private readonly int[] numericBucket;
    private readonly int bucketCount;
    private readonly long[] numericKey;
    private readonly int bucketShift;
    private readonly Dictionary<string, int> referenceHead = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> referenceLookup;
    private readonly List<string> customerIds;
    private readonly List<Customer?> customerRecords;
    private readonly int[] referenceNext;
    private readonly int[] customerStart;
    private readonly decimal[] sortedAmount;
    private readonly int[] sortedInvoice;
    private readonly List<int>?[] partials;
    private readonly int[] cursor;

    /// <summary>Whether anything was applied to or written off the invoice in this run (its remaining amount is then below its original one).</summary>
    private readonly bool[] touched;
    private int[]? amountBucket;
    private int[]? amountNext;
    private PayerNameIndex? names;

    /// <param name="customers">Known customers (for names and groups).</param>
    /// <param name="segments">The invoices, in any number of lists (a ledger's accounts' open items, or one list).</param>
    public InvoiceBook(IEnumerable<Customer> customers, IReadOnlyList<IReadOnlyList<Invoice>> segments)
    {
        var known = customers.TryGetNonEnumeratedCount(out var n) ? n : 0;
        customerIndex = new Dictionary<string, int>(known, StringComparer.Ordinal);
        customerIds = new List<string>(known);
        customerRecords = new List<Customer?>(known);
        foreach (var customer in customers)
        {
            if (customerIndex.TryAdd(customer.Id, customerIds.Count))
            {
                customerIds.Add(customer.Id);
                customerRecords.Add(customer);
            }
        }

        // One pass over the invoices: credit memos and items with nothing positive open are never matched to a payment;
        // the others are kept in the order given with their customer and date key (due date, then document date) and
        // counted per customer. Invoices mostly come grouped by customer: a customer is looked up only when it changes.
        var total = 0;
        foreach (var segment in segments)
        {
            total += segment.Count;
        }

        var given = Rent<Invoice>(total);
        var givenKey = Rent<long>(total);
        var givenCustomer = Rent<int>(total);
        var count = 0;
        var counts = Rent<int>(customerIds.Count + 1);
        Array.Clear(counts, 0, customerIds.Count + 1);
        string? lastCustomerId = null;
        var lastCustomer = -1;
        var grouped = true;
        foreach (var segment in segments)
        {
            for (var k = 0; k < segment.Count; k++)
            {
                var invoice = segment[k];
                if (!IsEligible(invoice))
                {
                    continue;
                }

                if (!string.Equals(invoice.CustomerId, lastCustomerId, StringComparison.Ordinal))
                {
                    var next = CustomerOfInvoice(invoice.CustomerId, ref counts);
                    grouped &= next > lastCustomer;
                    lastCustomer = next;
                    lastCustomerId = invoice.CustomerId;
                }

                counts[lastCustomer + 1]++;
                given[count] = invoice;
                givenKey[count] = DateKey(invoice);
                givenCustomer[count] = lastCustomer;
                count++;
            }
        }

        customerCount = customerIds.Count;
        Count = count;
        customerStart = counts;
        for (var c = 0; c < customerCount; c++)
        {
            customerStart[c + 1] += customerStart[c];
        }

        // Each customer's invoices in one range, in the order given. Grouped in customer order (a ledger's accounts), the
        // kept arrays are that layout already; otherwise they are placed range by range. The date keys sit in the array the
        // number keys take afterwards.
        cursor = Rent<int>(customerCount);
        if (grouped)
        {
            Invoices = given;
            numericKey = givenKey;
        }
        else
        {
            Invoices = Rent<Invoice>(count);
            numericKey = Rent<long>(count);
            Array.Copy(customerStart, cursor, customerCount);
            for (var j = 0; j < count; j++)
            {
                var at = cursor[givenCustomer[j]]++;
                Invoices[at] = given[j];
                numericKey[at] = givenKey[j];
            }

            Return(given, clear: true);
            Return(givenKey);
        }

        Return(givenCustomer);

        Remaining = Rent<decimal>(count);
        CustomerOf = Rent<int>(count);
        CurrencyOf = Rent<int>(count);
        referenceNext = Rent<int>(count);
        touched = Rent<bool>(count);
        Array.Clear(touched, 0, count);

        // Invoice numbers that are digits only (most) are chained per hash bucket of the number: two arrays instead of a
        // dictionary entry per invoice (a third of the matcher's allocation at 1M invoices).
        var bits = Math.Max(4, 64 - (int)ulong.LeadingZeroCount((ulong)Math.Max(1, count - 1)));
        bucketShift = 64 - bits;
        bucketCount = 1 << bits;
        numericBucket = Rent<int>(bucketCount);
        Array.Fill(numericBucket, -1, 0, bucketCount);
        sortedAmount = Rent<decimal>(count);
        sortedInvoice = Rent<int>(count);
        referenceLookup = referenceHead.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> key = stackalloc char[InvoiceNumber.MaxKeyLength];
        string? lastCurrencyCode = null;
        var currency = -1;
        for (var c = 0; c < customerCount; c++)
        {
            int start = customerStart[c], end = customerStart[c + 1];
            if (end - start > 1)
            {
                SortOldestFirst(start, end);
            }

            for (var i = start; i < end; i++)
            {
                var invoice = Invoices[i];
                Remaining[i] = sortedAmount[i] = invoice.OpenAmount;
                sortedInvoice[i] = i;
                CustomerOf[i] = c;
                if (!ReferenceEquals(invoice.Currency, lastCurrencyCode) && !string.Equals(invoice.Currency, lastCurrencyCode, StringComparison.Ordinal))
                {
                    // A handful of currencies over a million invoices: looked up only when it changes from the previous invoice's.
                    if (!currencyIndex.TryGetValue(invoice.Currency, out currency))
                    {
                        currency = currencyIndex.Count;
                        currencyIndex.Add(invoice.Currency, currency);
                    }

                    lastCurrencyCode = invoice.Currency;
                }

                CurrencyOf[i] = currency;
                var length = InvoiceNumber.Normalise(invoice.Id, key);
                referenceNext[i] = -1;
                numericKey[i] = -1;
                if (TryNumeric(key[..length], out var number))
                {
                    // Most invoice numbers are digits only: a number key saves a string per invoice.
                    var bucket = Bucket(number);
                    referenceNext[i] = numericBucket[bucket];
                    numericBucket[bucket] = i;
                    numericKey[i] = number;
                }
                else if (length > 0)
                {
                    if (referenceLookup.TryGetValue(key[..length], out var head))
                    {
                        referenceNext[i] = head;
                        referenceLookup[key[..length]] = i;
                    }
                    else
                    {
                        referenceHead.Add(new string(key[..length]), i);
                    }
                }
            }

            if (end - start > 1)
            {
                Array.Sort(sortedAmount, sortedInvoice, start, end - start);
            }
        }

        partials = Rent<List<int>?>(customerCount);
        Array.Clear(partials, 0, customerCount);
        Array.Copy(customerStart, cursor, customerCount);
        GroupOf = GroupRoots();
    }

    /// <summary>Each customer's group: the customer at the top of its parent chain (itself when it has no known parent).</summary>
    public int[] GroupOf { get; }

    /// <summary>How many invoices the book holds (the arrays below may be longer).</summary>
    public int Count { get; }

    /// <summary>The customer's invoices (open or not) as an index range, oldest first.</summary>
    public (int Start, int End) RangeOf(int customer) => (customerStart[customer], customerStart[customer + 1]);

    /// <summary>Open invoices, grouped per customer and oldest first within a customer.</summary>
    public Invoice[] Invoices { get; }

    /// <summary>What is still open of each invoice after the applications made so far.</summary>
    public decimal[] Remaining { get; }

    public int[] CustomerOf { get; }

    public int[] CurrencyOf { get; }

    public string CustomerId(int customer) => customerIds[customer];

    public bool TryFindCustomer(string? id, out int customer)
    {
        customer = -1;
        return !string.IsNullOrEmpty(id) && customerIndex.TryGetValue(id, out customer);
    }

    /// <summary>The currency's number, or -1 when no open invoice is in that currency.</summary>
    public int CurrencyId(string currency) => currencyIndex.GetValueOrDefault(currency, -1);

    /// <summary>The first invoice whose normalised number is <paramref name="key"/> (-1: none); follow with <see cref="NextWithSameKey"/>.</summary>
    public int FirstWithKey(ReadOnlySpan<char> key)
    {
        if (TryNumeric(key, out var number))
        {
            var i = numericBucket[Bucket(number)];
            while (i >= 0 && numericKey[i] != number)
            {
                i = referenceNext[i];
            }

            return i;
        }

        return referenceLookup.TryGetValue(key, out var head) ? head : -1;
    }

    public int NextWithSameKey(int invoice)
    {
        var next = referenceNext[invoice];
        var number = numericKey[invoice];
        if (number >= 0)
        {
            while (next >= 0 && numericKey[next] != number)
            {
                next = referenceNext[next];
            }
        }

        return next;
    }

    private int Bucket(long number) => (int)(((ulong)number * 0x9E3779B97F4A7C15UL) >> bucketShift);

    public bool IsCandidate(int invoice, int currency) => CurrencyOf[invoice] == currency && Remaining[invoice] > 0m;

    /// <summary>Applies <paramref name="amount"/> (at most what is open) to an invoice.</summary>
    public void Apply(int invoice, decimal amount)
    {
        if (amount <= 0m || amount > Remaining[invoice])
        {
            throw new InvalidOperationException($"Cannot apply {amount} to invoice {Invoices[invoice].Id} with {Remaining[invoice]} open.");
        }

        var wasUntouched = !touched[invoice];
        touched[invoice] = true;
        Remaining[invoice] -= amount;
        if (wasUntouched && Remaining[invoice] > 0m)
        {
            (partials[CustomerOf[invoice]] ??= []).Add(invoice);
        }
    }

    /// <summary>Closes what a proposed write-off covers, so no later payment is applied to it.</summary>
    public void WriteOff(int invoice, decimal amount)
    {
        if (amount <= 0m || amount > Remaining[invoice])
        {
            throw new InvalidOperationException($"Cannot write off {amount} of invoice {Invoices[invoice].Id} with {Remaining[invoice]} open.");
        }

        touched[invoice] = true;
        Remaining[invoice] -= amount;
    }

    /// <summary>Open invoices of the customer in the currency whose remaining amount lies in [low, high].</summary>
    public void InRange(int customer, int currency, decimal low, decimal high, List<int> into, int max = int.MaxValue)
    {
        into.Clear();
        if (currency < 0)
        {
            return;
        }

        int lo = customerStart[customer], hi = customerStart[customer + 1];
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sortedAmount[mid] < low)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        // Untouched invoices come from the sorted index; partly paid ones (remaining below their
        // original amount) from the customer's short list of partials.
        for (var k = lo; k < customerStart[customer + 1] && sortedAmount[k] <= high && into.Count < max; k++)
        {
            var i = sortedInvoice[k];
            if (!touched[i] && CurrencyOf[i] == currency)
            {
                into.Add(i);
            }
        }

        if (partials[customer] is { } list)
        {
            foreach (var i in list)
            {
                if (into.Count < max && CurrencyOf[i] == currency && Remaining[i] > 0m && Remaining[i] >= low && Remaining[i] <= high)
                {
                    into.Add(i);
                }
            }
        }

        into.Sort();
    }

    /// <summary>The customer's oldest invoices still open in the currency, up to <paramref name="max"/>.</summary>
    public void OldestOpen(int customer, int currency, int max, List<int> into)
    {
        into.Clear();
        if (currency < 0)
        {
            return;
        }

        var end = customerStart[customer + 1];
        while (cursor[customer] < end && Remaining[cursor[customer]] == 0m)
        {
            cursor[customer]++;
        }

        for (var i = cursor[customer]; i < end && into.Count < max; i++)
        {
            if (IsCandidate(i, currency))
            {
                into.Add(i);
            }
        }
    }

    /// <summary>Open invoices of any customer with exactly this remaining amount (for payments whose payer is unknown).</summary>
    public void WithAmount(decimal amount, int currency, int max, List<int> into)
    {
        into.Clear();
        if (currency < 0)
        {
            return;
        }

        var mask = bucketCount - 1;
        if (amountBucket is null)
        {
            // Chained per hash bucket of the amount, as the numbers are (no dictionary entry per invoice). Only untouched
            // invoices can match (their remaining amount is their original one) and an invoice never becomes untouched
            // again, so the others are left out.
            amountBucket = Rent<int>(bucketCount);
            Array.Fill(amountBucket, -1, 0, bucketCount);
            amountNext = Rent<int>(Count);
            for (var i = 0; i < Count; i++)
            {
                if (touched[i])
                {
                    continue;
                }

                var bucket = Remaining[i].GetHashCode() & mask;
                amountNext[i] = amountBucket[bucket];
                amountBucket[bucket] = i;
            }
        }

        for (var i = amountBucket[amount.GetHashCode() & mask]; i >= 0 && into.Count < max; i = amountNext![i])
        {
            if (!touched[i] && Remaining[i] == amount && CurrencyOf[i] == currency)
            {
                into.Add(i);
            }
        }
    }

    /// <summary>Customers whose normalised name appears in the text.</summary>
    public List<int> CustomersNamedIn(string? text) => (names ??= new PayerNameIndex(customerRecords.ConvertAll(static c => c?.Name))).Find(text);

    /// <summary>Gives the rented arrays back to the pool; the book must not be used afterwards.</summary>
    public void Release()
    {
        Return(Invoices, clear: true);
        Return(partials, clear: true);
        Return(numericKey);
        Return(Remaining);
        Return(CustomerOf);
        Return(CurrencyOf);
        Return(referenceNext);
        Return(touched);
        Return(numericBucket);
        Return(sortedAmount);
        Return(sortedInvoice);
        Return(customerStart);
        Return(cursor);
        Return(GroupOf);
        if (amountBucket is not null)
        {
            Return(amountBucket);
            Return(amountNext!);
        }
    }

    private static bool IsEligible(Invoice invoice) => invoice.IsOpen && !invoice.IsCreditMemo && invoice.OpenAmount > 0m;

    /// <summary>The customer's number; an id no customer has becomes a customer of its own (no name, no group).</summary>
    private int CustomerOfInvoice(string id, ref int[] counts)
    {
        if (customerIndex.TryGetValue(id, out var customer))
        {
            return customer;
        }

        customer = customerIds.Count;
        customerIndex.Add(id, customer);
        customerIds.Add(id);
        customerRecords.Add(null);
        if (counts.Length < customer + 2)
        {
            var grown = Rent<int>(Math.Max(customer + 2, counts.Length * 2));
            Array.Copy(counts, grown, customer + 1);
            Array.Clear(grown, customer + 1, grown.Length - customer - 1);
            Return(counts);
            counts = grown;
        }

        return customer;
    }

    /// <summary>Due date, then document date, as one number that sorts the same way.</summary>
    private static long DateKey(Invoice invoice) => ((long)invoice.DueDate.DayNumber << 32) | (uint)invoice.DocumentDate.DayNumber;

    /// <summary>
    /// Sorts a customer's range oldest first: due date, then document date, then invoice number (ordinal). The keys of
    /// <see cref="DateKey"/> sit in <see cref="numericKey"/>; a range already in order (a ledger's open items come by due
    /// date) is only checked.
    /// </summary>
    private void SortOldestFirst(int start, int end)
    {
        var sorted = true;
        for (var i = start + 1; i < end && sorted; i++)
        {
            sorted = numericKey[i - 1] < numericKey[i]
                || (numericKey[i - 1] == numericKey[i] && string.CompareOrdinal(Invoices[i - 1].Id, Invoices[i].Id) <= 0);
        }

        if (sorted)
        {
            return;
        }

        Array.Sort(numericKey, Invoices, start, end - start);

        // Equal dates: by invoice number (insertion sort; such runs are short).
        for (var i = start + 1; i < end; i++)
        {
            var invoice = Invoices[i];
            var j = i - 1;
            while (j >= start && numericKey[j] == numericKey[i] && string.CompareOrdinal(Invoices[j].Id, invoice.Id) > 0)
            {
                Invoices[j + 1] = Invoices[j];
                j--;
            }

            Invoices[j + 1] = invoice;
        }
    }

    private int[] GroupRoots()
    {
        var roots = Rent<int>(customerCount);
        for (var c = 0; c < customerCount; c++)
        {
            // Follow the parents up (a cycle or a chain longer than 16 stops where it is).
            var root = c;
            for (var depth = 0; depth < 16 && customerRecords[root]?.ParentId is { } parent && customerIndex.TryGetValue(parent, out var up) && up != root; depth++)
            {
                root = up;
            }

            roots[c] = root;
        }

        return roots;
    }

    private static T[] Rent<T>(int length) => ArrayPool<T>.Shared.Rent(Math.Max(length, 1));

    private static void Return<T>(T[] array, bool clear = false) => ArrayPool<T>.Shared.Return(array, clear);

    /// <summary>A key of 1 to 18 digits as a number (keys never start with 0, so the number is one-to-one).</summary>
    private static bool TryNumeric(ReadOnlySpan<char> key, out long number)
    {
        number = 0;
        if (key.Length is 0 or > 18)
        {
            return false;
        }

        foreach (var ch in key)
        {
            if (!char.IsAsciiDigit(ch))
            {
                return false;
            }

            number = (number * 10) + (ch - '0');
        }

        return true;
    }
}
