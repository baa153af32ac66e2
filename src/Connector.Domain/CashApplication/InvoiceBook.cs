using Connector.Domain.Ledger;

namespace Connector.Domain.CashApplication;

/// <summary>
/// The open invoices of one run with the indexes the rules need, built once: invoices grouped per
/// customer oldest first (so an index order is an age order), a global index from normalised invoice
/// number to invoices, and per customer the invoices sorted by open amount. Remaining open amounts
/// are tracked here, so no rule ever applies beyond what is still open after earlier payments.
/// </summary>
internal sealed class InvoiceBook
{
    private readonly Dictionary<string, int> customerIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> currencyIndex = new(StringComparer.OrdinalIgnoreCase);
    private readonly int[] numericBucket;
    private readonly long[] numericKey;
    private readonly int bucketShift;
    private readonly Dictionary<string, int> referenceHead = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> referenceLookup;
    private readonly List<string> customerIds = [];
    private readonly List<string?> customerNames = [];
    private readonly List<string?> customerParents = [];
    private readonly int[] referenceNext;
    private readonly decimal[] original;
    private readonly int[] customerStart;
    private readonly decimal[] sortedAmount;
    private readonly int[] sortedInvoice;
    private readonly List<int>?[] partials;
    private readonly int[] cursor;
    private int[]? amountBucket;
    private int[]? amountNext;
    private PayerNameIndex? names;

    public InvoiceBook(IEnumerable<Customer> customers, IEnumerable<Invoice> invoices)
    {
        foreach (var customer in customers)
        {
            if (customerIndex.TryAdd(customer.Id, customerIds.Count))
            {
                customerIds.Add(customer.Id);
                customerNames.Add(customer.Name);
                customerParents.Add(customer.ParentId);
            }
        }

        // Credit memos and items with nothing positive open are never matched to a payment.
        var eligible = new List<(Invoice Invoice, int Customer)>(invoices.TryGetNonEnumeratedCount(out var expected) ? expected : 0);
        string? lastCustomerId = null;
        var lastCustomer = -1;
        foreach (var invoice in invoices)
        {
            if (!invoice.IsOpen || invoice.IsCreditMemo || invoice.OpenAmount <= 0m)
            {
                continue;
            }

            // Invoices mostly come grouped by customer: the previous one's customer is looked up again only when it changes.
            if (!string.Equals(invoice.CustomerId, lastCustomerId, StringComparison.Ordinal))
            {
                if (!customerIndex.TryGetValue(invoice.CustomerId, out lastCustomer))
                {
                    lastCustomer = customerIds.Count;
                    customerIndex.Add(invoice.CustomerId, lastCustomer);
                    customerIds.Add(invoice.CustomerId);
                    customerNames.Add(null);
                    customerParents.Add(null);
                }

                lastCustomerId = invoice.CustomerId;
            }

            eligible.Add((invoice, lastCustomer));
        }

        var customerCount = customerIds.Count;
        customerStart = new int[customerCount + 1];
        foreach (var (_, c) in eligible)
        {
            customerStart[c + 1]++;
        }

        for (var c = 0; c < customerCount; c++)
        {
            customerStart[c + 1] += customerStart[c];
        }

        var count = eligible.Count;
        Invoices = new Invoice[count];
        var fill = customerStart[..customerCount];
        foreach (var (invoice, c) in eligible)
        {
            Invoices[fill[c]++] = invoice;
        }

        for (var c = 0; c < customerCount; c++)
        {
            if (customerStart[c + 1] - customerStart[c] > 1)
            {
                Array.Sort(Invoices, customerStart[c], customerStart[c + 1] - customerStart[c], OldestFirst.Instance);
            }
        }

        original = new decimal[count];
        Remaining = new decimal[count];
        CustomerOf = new int[count];
        CurrencyOf = new int[count];
        referenceNext = new int[count];
        numericKey = new long[count];

        // Invoice numbers that are digits only (most) are chained per hash bucket of the number: two arrays instead of a
        // dictionary entry per invoice (a third of the matcher's allocation at 1M invoices).
        var bits = Math.Max(4, 64 - (int)ulong.LeadingZeroCount((ulong)Math.Max(1, count - 1)));
        bucketShift = 64 - bits;
        numericBucket = new int[1 << bits];
        Array.Fill(numericBucket, -1);
        sortedAmount = new decimal[count];
        sortedInvoice = new int[count];
        referenceLookup = referenceHead.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> key = stackalloc char[InvoiceNumber.MaxKeyLength];
        string? lastCurrencyCode = null;
        var currency = -1;
        for (var c = 0; c < customerCount; c++)
        {
            for (var i = customerStart[c]; i < customerStart[c + 1]; i++)
            {
                var invoice = Invoices[i];
                original[i] = Remaining[i] = sortedAmount[i] = invoice.OpenAmount;
                sortedInvoice[i] = i;
                CustomerOf[i] = c;
                if (!string.Equals(invoice.Currency, lastCurrencyCode, StringComparison.Ordinal))
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

            var segment = customerStart[c + 1] - customerStart[c];
            if (segment > 1)
            {
                Array.Sort(sortedAmount, sortedInvoice, customerStart[c], segment);
            }
        }

        partials = new List<int>?[customerCount];
        cursor = customerStart[..customerCount];
        GroupOf = GroupRoots();
    }

    /// <summary>Each customer's group: the customer at the top of its parent chain (itself when it has no known parent).</summary>
    public int[] GroupOf { get; }

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

        var wasUntouched = Remaining[invoice] == original[invoice];
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
            if (Remaining[i] == original[i] && CurrencyOf[i] == currency)
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

        var mask = numericBucket.Length - 1;
        if (amountBucket is null)
        {
            // Chained per hash bucket of the original amount, as the numbers are (no dictionary entry per invoice).
            amountBucket = new int[numericBucket.Length];
            Array.Fill(amountBucket, -1);
            amountNext = new int[Invoices.Length];
            for (var i = 0; i < Invoices.Length; i++)
            {
                var bucket = original[i].GetHashCode() & mask;
                amountNext[i] = amountBucket[bucket];
                amountBucket[bucket] = i;
            }
        }

        for (var i = amountBucket[amount.GetHashCode() & mask]; i >= 0 && into.Count < max; i = amountNext![i])
        {
            if (original[i] == amount && Remaining[i] == amount && CurrencyOf[i] == currency)
            {
                into.Add(i);
            }
        }
    }

    /// <summary>Customers whose normalised name appears in the text.</summary>
    public List<int> CustomersNamedIn(string? text) => (names ??= new PayerNameIndex(customerNames)).Find(text);

    private int[] GroupRoots()
    {
        var roots = new int[customerIds.Count];
        for (var c = 0; c < roots.Length; c++)
        {
            // Follow the parents up (a cycle or a chain longer than 16 stops where it is).
            var root = c;
            for (var depth = 0; depth < 16 && customerParents[root] is { } parent && customerIndex.TryGetValue(parent, out var up) && up != root; depth++)
            {
                root = up;
            }

            roots[c] = root;
        }

        return roots;
    }

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

    private sealed class OldestFirst : IComparer<Invoice>
    {
        public static readonly OldestFirst Instance = new();

        public int Compare(Invoice? x, Invoice? y)
        {
            var byDue = x!.DueDate.CompareTo(y!.DueDate);
            if (byDue != 0)
            {
                return byDue;
            }

            var byDocument = x.DocumentDate.CompareTo(y.DocumentDate);
            return byDocument != 0 ? byDocument : string.CompareOrdinal(x.Id, y.Id);
        }
    }
}
