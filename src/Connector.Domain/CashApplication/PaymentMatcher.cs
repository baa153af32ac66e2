using System.Globalization;
using System.Runtime.CompilerServices;
using Connector.Domain.Currencies;
using Connector.Domain.Ledger;

namespace Connector.Domain.CashApplication;

/// <summary>
/// Runs the matching rules on one payment after another against one <see cref="InvoiceBook"/>:
/// customer, reference, exact amount, combination, tolerance, else the exception queue.
/// The first rule with a unique answer decides; a tie anywhere goes to a person.
/// </summary>
internal sealed class PaymentMatcher
{
    private const int MaxShownReference = 80;
    private const int RankingPool = 50;

    private readonly InvoiceBook book;
    private readonly CashApplicationPolicy policy;
    private readonly CashMatchingContext context;
    private readonly Dictionary<DateOnly, RatesAsOf> ratesByDay = [];
    private readonly RemittanceTokens tokens = new();
    private readonly CombinationSearch combinations = new();
    private readonly List<int> scratch = [];
    private readonly List<int> named = [];
    private readonly List<int> tokenHits = [];
    private readonly List<string> ambiguousTokens = [];
    private readonly List<int> owners = [];
    private readonly List<int> openNamed = [];
    private readonly List<int> settledNamed = [];
    private readonly List<int> within = [];
    private readonly List<int> unknownPool = [];
    private readonly List<int> queuePool = [];
    private readonly CandidateRanker ranker = new();

    private Payment payment = null!;
    private decimal available;
    private decimal applied;
    private int currency;
    private int customer;

    /// <summary>Who pays, as the explanations say it; <c>null</c> for the customer on the payment (<see cref="PayerText"/> writes it).</summary>
    private string? payer;

    /// <summary>The customer was identified as a group (invoices of several members named): only the reference rules decide.</summary>
    private bool groupOnly;

    public PaymentMatcher(InvoiceBook book, CashApplicationPolicy policy, CashMatchingContext? context = null, int payments = 0)
    {
        this.book = book;
        this.policy = policy;
        this.context = context ?? CashMatchingContext.None;
        Outcomes = new List<PaymentOutcome>(payments);
    }

    private enum Outcome
    {
        NoAnswer,
        Applied,
        Queued,
    }

    public List<PaymentApplication> Applications { get; } = [];

    public List<WriteOffProposal> WriteOffs { get; } = [];

    public List<UnmatchedPayment> Exceptions { get; } = [];

    public List<PaymentOutcome> Outcomes { get; }

    public int Matched { get; private set; }

    public void Process(Payment next)
    {
        payment = next;
        available = next.UnappliedAmount;
        applied = 0m;
        currency = book.CurrencyId(next.Currency);
        customer = -1;
        groupOnly = false;
        RemittanceScanner.Scan(next.Reference, available, tokens);

        var outcome = IdentifyCustomer();
        if (outcome == Outcome.NoAnswer && policy.UseReference)
        {
            outcome = ByReference();
        }

        if (outcome == Outcome.NoAnswer && groupOnly)
        {
            outcome = ByCrossCurrency();
        }

        if (outcome == Outcome.NoAnswer && !groupOnly && policy.UseExactAmount)
        {
            outcome = ByExactAmount();
        }

        if (outcome == Outcome.NoAnswer && !groupOnly && policy.UseCombination)
        {
            outcome = ByCombination();
        }

        if (outcome == Outcome.NoAnswer && !groupOnly && policy.UseTolerance)
        {
            outcome = ByToleranceAmount();
        }

        if (outcome == Outcome.NoAnswer && !groupOnly)
        {
            outcome = ByCrossCurrency();
        }

        if (outcome == Outcome.NoAnswer)
        {
            book.OldestOpen(customer, currency, 1, scratch);
            if (scratch.Count == 0)
            {
                Queue(UnmatchedReason.NoOpenInvoices, $"Customer {CustomerName} has no open invoice in {payment.Currency}.", null);
            }
            else
            {
                Queue(UnmatchedReason.NoMatch, NoMatchText(), null);
            }
        }

        var unapplied = available - applied;
        if (applied > 0m)
        {
            Matched++;
        }

        Outcomes.Add(new PaymentOutcome(
            payment.Id,
            customer >= 0 && !groupOnly ? book.CustomerId(customer) : null,
            payment.Currency,
            available,
            applied,
            unapplied,
            applied == 0m ? PaymentStatus.Exception : unapplied == 0m ? PaymentStatus.Applied : PaymentStatus.AppliedWithRemainder));
    }

    private string CustomerName => book.CustomerId(customer);

    private PayerText Payer => new(payer, payer is null ? CustomerName : string.Empty);

    private MoneyText Money(decimal amount) => new(amount, payment.Currency);

    /// <summary>Rule 1: the customer number on the payment; else the owner of the invoice numbers in the text; else a payer name in the text.</summary>
    private Outcome IdentifyCustomer()
    {
        if (book.TryFindCustomer(payment.CustomerId, out customer))
        {
            payer = null; // "customer {id} (on the payment)", written where a sentence names the payer
            return Outcome.NoAnswer;
        }

        var unknownNumber = string.IsNullOrEmpty(payment.CustomerId) ? "No customer number on the payment" : $"Customer number '{payment.CustomerId}' on the payment is unknown";
        CollectReferences(anyCustomer: true, strongOnly: true, named);
        owners.Clear();
        foreach (var i in named)
        {
            if (!owners.Contains(book.CustomerOf[i]))
            {
                owners.Add(book.CustomerOf[i]);
            }
        }

        if (owners.Count == 1)
        {
            customer = owners[0];
            payer = $"customer {CustomerName}, identified by {Ids(named)} in the text";
            return Outcome.NoAnswer;
        }

        if (owners.Count > 1 && policy.UseReference)
        {
            var root = book.GroupOf[owners[0]];
            if (owners.TrueForAll(o => book.GroupOf[o] == root))
            {
                // A parent (or the group's treasury) paying the invoices of several members of one group.
                customer = root;
                groupOnly = true;
                payer = $"the group of {CustomerName} (invoices of {string.Join(", ", owners.Select(book.CustomerId))})";
                return Outcome.NoAnswer;
            }

            if (BySeveralCustomers(owners))
            {
                return Outcome.Applied;
            }
        }

        if (owners.Count > 1)
        {
            var who = string.Join(", ", owners.Select(c => $"{book.CustomerId(c)} ({Ids(named.Where(i => book.CustomerOf[i] == c).ToList())})"));
            Queue(UnmatchedReason.CustomerAmbiguous, $"{unknownNumber}; the invoice numbers in the text belong to several customers: {who}.", named);
            return Outcome.Queued;
        }

        if (context.KnownPayers.Count > 0
            && context.KnownPayers.TryGetValue(PayerAccounts.Normalise(payment.PayerAccount), out var known)
            && book.TryFindCustomer(known, out customer))
        {
            payer = $"customer {CustomerName}, known to pay from account {payment.PayerAccount}";
            return Outcome.NoAnswer;
        }

        var byName = policy.NameMatch ? book.CustomersNamedIn(payment.Reference) : [];
        if (byName.Count == 1)
        {
            customer = byName[0];
            payer = $"customer {CustomerName}, whose name is in the text";
            return Outcome.NoAnswer;
        }

        var pool = unknownPool;
        pool.Clear();
        pool.AddRange(named);
        if (byName.Count > 1)
        {
            foreach (var c in byName)
            {
                book.OldestOpen(c, currency, 10, scratch);
                pool.AddRange(scratch);
                book.InRange(c, currency, available * 0.9m, available * 1.1m, scratch, 10);
                pool.AddRange(scratch);
            }

            var names = string.Join(", ", byName.Select(book.CustomerId));
            Queue(UnmatchedReason.CustomerAmbiguous, $"{unknownNumber}; the text matches the names of several customers: {names}.", pool);
            return Outcome.Queued;
        }

        CollectReferences(anyCustomer: true, strongOnly: false, scratch);
        pool.AddRange(scratch);
        book.WithAmount(available, currency, 20, scratch);
        pool.AddRange(scratch);
        var lookedFor = policy.NameMatch ? "no invoice number or customer name in the text points to a customer" : "no invoice number in the text points to a customer";
        Queue(UnmatchedReason.CustomerUnknown, $"{unknownNumber}, and {lookedFor}.", pool);
        return Outcome.Queued;
    }

    /// <summary>Rule 2: the invoices the text names; all paid, or oldest first with the last one partial, or in full within tolerance.</summary>
    private Outcome ByReference()
    {
        CollectReferences(anyCustomer: false, strongOnly: false, named);
        var open = openNamed;
        var settled = settledNamed;
        open.Clear();
        settled.Clear();
        foreach (var i in named)
        {
            if (book.CurrencyOf[i] != currency)
            {
                continue;
            }

            (book.Remaining[i] > 0m ? open : settled).Add(i);
        }

        if (open.Count == 0)
        {
            if (settled.Count > 0)
            {
                Queue(UnmatchedReason.ReferenceSettled,
                    $"The text names {Ids(settled)} of {CustomerName}, already settled by an earlier payment in this run; a second payment for the same invoice needs a person.",
                    settled);
                return Outcome.Queued;
            }

            return Outcome.NoAnswer;
        }

        open.Sort(); // index order is oldest first
        decimal total = 0m;
        foreach (var i in open)
        {
            total += book.Remaining[i];
        }

        var intro = new ReferenceIntro(payment.Reference ?? string.Empty, Ids(open), Payer, Money(total));
        if (available >= total)
        {
            var rest = available - total;
            var how = rest == 0m ? "exactly the payment" : $"{Money(rest)} less than the payment; the rest stays unapplied";
            foreach (var i in open)
            {
                var amount = book.Remaining[i];
                Record(i, amount, MatchMethod.Reference, MatchConfidence.High, $"{intro}, {how}. {Money(amount)} settles {book.Invoices[i].Id}.");
            }

            return Outcome.Applied;
        }

        var gap = total - available;
        if (policy.UseTolerance && policy.WithinTolerance(gap, total))
        {
            var text = $"{intro}; the payment is {Money(gap)} short ({Percent(gap, total)}), within tolerance ({Tolerance()}), so the invoices are treated as paid and {Money(gap)} is proposed for write-off";
            var writeOff = new decimal[open.Count];
            var left = gap;
            for (var k = open.Count - 1; k >= 0 && left > 0m; k--)
            {
                writeOff[k] = Math.Min(left, book.Remaining[open[k]]);
                left -= writeOff[k];
            }

            for (var k = 0; k < open.Count; k++)
            {
                var i = open[k];
                var amount = book.Remaining[i] - writeOff[k];
                if (amount > 0m)
                {
                    Record(i, amount, MatchMethod.Tolerance, MatchConfidence.Low, $"{text}. {Money(amount)} to {book.Invoices[i].Id}.");
                }

                if (writeOff[k] > 0m)
                {
                    ProposeWriteOff(i, writeOff[k], gap, total);
                }
            }

            return Outcome.Applied;
        }

        var remaining = available;
        foreach (var i in open)
        {
            if (remaining == 0m)
            {
                break;
            }

            var openAmount = book.Remaining[i];
            var amount = Math.Min(openAmount, remaining);
            remaining -= amount;
            var what = amount == openAmount
                ? $"{Money(amount)} settles {book.Invoices[i].Id}"
                : $"the last {Money(amount)} goes to {book.Invoices[i].Id}, leaving {Money(openAmount - amount)} of it open";
            Record(i, amount, MatchMethod.Reference, MatchConfidence.High,
                $"{intro}; the payment is {Money(total - available)} short (beyond tolerance), so it is applied oldest first: {what}.");
        }

        return Outcome.Applied;
    }

    /// <summary>Rule 3: exactly one open invoice of the customer with exactly the payment's amount.</summary>
    private Outcome ByExactAmount()
    {
        book.InRange(customer, currency, available, available, scratch);
        if (scratch.Count == 1)
        {
            var i = scratch[0];
            Record(i, available, MatchMethod.ExactAmount, MatchConfidence.Medium,
                $"{book.Invoices[i].Id} is the only open invoice of {Payer} with exactly {Money(available)} open{NoReferenceNote()}.");
            return Outcome.Applied;
        }

        if (scratch.Count > 1)
        {
            Queue(UnmatchedReason.AmountTie,
                $"{scratch.Count} open invoices of {CustomerName} have exactly {Money(available)} open ({Ids(scratch)}); a tie is never applied automatically.",
                scratch);
            return Outcome.Queued;
        }

        return Outcome.NoAnswer;
    }

    /// <summary>Rule 4: the one set of the customer's oldest open invoices that sums exactly to the payment.</summary>
    private Outcome ByCombination()
    {
        book.OldestOpen(customer, currency, policy.MaxCombinationCandidates, scratch);
        combinations.Run(scratch, book.Remaining, available, policy.MaxCombinationSize, policy.MaxCombinationNodes);
        if (combinations.Found == 1 && !combinations.Exhausted)
        {
            var set = combinations.First;
            var ids = Ids(set);
            foreach (var i in set)
            {
                var amount = book.Remaining[i];
                Record(i, amount, MatchMethod.Combination, MatchConfidence.Medium,
                    $"{ids} are the only set of up to {policy.MaxCombinationSize} of the {scratch.Count} oldest open invoices of {Payer} summing to {Money(available)}{NoReferenceNote()}; {Money(amount)} settles {book.Invoices[i].Id}.");
            }

            return Outcome.Applied;
        }

        if (combinations.Found >= 2)
        {
            Queue(UnmatchedReason.CombinationAmbiguous,
                $"More than one set of open invoices of {CustomerName} sums to {Money(available)}: {Ids(combinations.First)} and {Ids(combinations.Second)}.",
                [.. combinations.First, .. combinations.Second]);
            return Outcome.Queued;
        }

        if (combinations.Found == 1)
        {
            Queue(UnmatchedReason.CombinationAmbiguous,
                $"The search for invoices of {CustomerName} summing to {Money(available)} stopped after {policy.MaxCombinationNodes} steps with one set found ({Ids(combinations.First)}); it is not proven to be the only one.",
                [.. combinations.First]);
            return Outcome.Queued;
        }

        return Outcome.NoAnswer;
    }

    /// <summary>Rule 5 (amount side): exactly one open invoice the short payment is within tolerance of.</summary>
    private Outcome ByToleranceAmount()
    {
        book.InRange(customer, currency, available, available + policy.ToleranceAmount, scratch);
        within.Clear();
        foreach (var i in scratch)
        {
            if (policy.WithinTolerance(book.Remaining[i] - available, book.Remaining[i]))
            {
                within.Add(i);
            }
        }

        if (within.Count == 1)
        {
            var i = within[0];
            var open = book.Remaining[i];
            var gap = open - available;
            Record(i, available, MatchMethod.Tolerance, MatchConfidence.Low,
                $"{book.Invoices[i].Id} of {Payer} has {Money(open)} open; the payment of {Money(available)} is {Money(gap)} short ({Percent(gap, open)}), within tolerance ({Tolerance()}){NoReferenceNote()}. Applied in full; {Money(gap)} proposed for write-off.");
            ProposeWriteOff(i, gap, gap, open);
            return Outcome.Applied;
        }

        if (within.Count > 1)
        {
            Queue(UnmatchedReason.ToleranceTie,
                $"{within.Count} open invoices of {CustomerName} are within tolerance ({Tolerance()}) of the {Money(available)} payment ({Ids(within)}); a tie is never applied automatically.",
                within);
            return Outcome.Queued;
        }

        return Outcome.NoAnswer;
    }

    /// <summary>
    /// Rule 1b: the text names invoices of several customers (of different groups), each number one open invoice in the
    /// payment's currency, together exactly the payment (a remittance advice listing them): each is settled.
    /// </summary>
    private bool BySeveralCustomers(List<int> owners)
    {
        var total = 0m;
        foreach (var i in named)
        {
            if (book.CurrencyOf[i] != currency || book.Remaining[i] <= 0m)
            {
                return false;
            }

            total += book.Remaining[i];
        }

        if (total != available)
        {
            return false;
        }

        for (var t = 0; t < tokens.Count; t++)
        {
            var token = tokens[t];
            if (!token.Strong || token.IsPart)
            {
                continue;
            }

            var hits = 0;
            for (var i = book.FirstWithKey(tokens.Key(token)); i >= 0; i = book.NextWithSameKey(i))
            {
                hits++;
            }

            if (hits > 1)
            {
                return false;
            }
        }

        var list = new List<int>(named);
        list.Sort();
        var intro = $"Remittance '{ShownReference()}' lists {Ids(list)} of {owners.Count} customers ({string.Join(", ", owners.Select(book.CustomerId))}), {Money(total)} open, exactly the payment";
        foreach (var i in list)
        {
            var amount = book.Remaining[i];
            Record(i, amount, MatchMethod.Reference, MatchConfidence.High, $"{intro}. {Money(amount)} settles {book.Invoices[i].Id} of {book.CustomerId(book.CustomerOf[i])}.");
        }

        return true;
    }

    /// <summary>
    /// Rule 6: a payment in another currency than the invoices: those the text names, else the one open invoice of the
    /// customer whose amount the payment, converted at the payment date's rate, comes within <c>FxTolerancePercent</c> of.
    /// The invoices are settled and the difference proposed as FX gain or loss.
    /// </summary>
    private Outcome ByCrossCurrency()
    {
        if (context.Rates is null || policy.FxTolerancePercent <= 0m || customer < 0)
        {
            return Outcome.NoAnswer;
        }

        if (!ratesByDay.TryGetValue(payment.Date, out var rates))
        {
            ratesByDay[payment.Date] = rates = context.Rates.At(payment.Date);
        }

        CollectReferences(anyCustomer: false, strongOnly: false, named);
        var open = new List<int>();
        string? other = null;
        foreach (var i in named)
        {
            if (book.CurrencyOf[i] == currency || book.Remaining[i] <= 0m)
            {
                continue;
            }

            var invoiceCurrency = book.Invoices[i].Currency;
            if (other is not null && !string.Equals(other, invoiceCurrency, StringComparison.OrdinalIgnoreCase))
            {
                return Outcome.NoAnswer; // invoices in two other currencies: a person splits it
            }

            other = invoiceCurrency;
            open.Add(i);
        }

        if (open.Count > 0)
        {
            open.Sort();
            var total = 0m;
            foreach (var i in open)
            {
                total += book.Remaining[i];
            }

            if (!rates.TryConvert(available, payment.Currency, other!, out var converted, out var missing))
            {
                Queue(UnmatchedReason.NoMatch, $"The text names {Ids(open)} in {other}, but the payment is in {payment.Currency} and there is {missing}.", open);
                return Outcome.Queued;
            }

            if (!WithinFx(converted, total))
            {
                return Outcome.NoAnswer;
            }

            SettleInOtherCurrency(open, total, converted, other!, rates, $"Remittance '{ShownReference()}' names {Ids(open)} of {Payer}, {CurrencyUnits.Format(total, other!)} open");
            return Outcome.Applied;
        }

        if (groupOnly)
        {
            return Outcome.NoAnswer;
        }

        var within = new List<int>();
        var (start, end) = book.RangeOf(customer);
        string? lastCurrency = null;
        var lastConverted = 0m;
        for (var i = start; i < end; i++)
        {
            if (book.CurrencyOf[i] == currency || book.Remaining[i] <= 0m)
            {
                continue;
            }

            var invoiceCurrency = book.Invoices[i].Currency;
            if (!string.Equals(lastCurrency, invoiceCurrency, StringComparison.OrdinalIgnoreCase))
            {
                if (!rates.TryConvert(available, payment.Currency, invoiceCurrency, out lastConverted, out _))
                {
                    continue;
                }

                lastCurrency = invoiceCurrency;
            }

            if (WithinFx(lastConverted, book.Remaining[i]))
            {
                within.Add(i);
            }
        }

        if (within.Count == 1)
        {
            var i = within[0];
            var invoiceCurrency = book.Invoices[i].Currency;
            rates.TryConvert(available, payment.Currency, invoiceCurrency, out var converted, out _);
            SettleInOtherCurrency(within, book.Remaining[i], converted, invoiceCurrency, rates,
                $"{book.Invoices[i].Id} is the only open invoice of {Payer} in another currency within {Fx()} of the payment{NoReferenceNote()}");
            return Outcome.Applied;
        }

        if (within.Count > 1)
        {
            Queue(UnmatchedReason.AmountTie,
                $"{within.Count} open invoices of {CustomerName} in other currencies are within {Fx()} of the {Money(available)} payment at the {payment.Date:yyyy-MM-dd} rates ({Ids(within)}); a tie is never applied automatically.",
                within);
            return Outcome.Queued;
        }

        return Outcome.NoAnswer;
    }

    private bool WithinFx(decimal converted, decimal open) =>
        open > 0m && Math.Abs(converted - open) * 100m <= policy.FxTolerancePercent * open;

    private string Fx() => $"{policy.FxTolerancePercent.ToString("0.##", CultureInfo.InvariantCulture)}%";

    /// <summary>Settles the invoices with the whole payment, shared by their open amounts; each line carries its FX difference in the payment's currency.</summary>
    private void SettleInOtherCurrency(List<int> invoices, decimal total, decimal converted, string invoiceCurrency, RatesAsOf rates, string intro)
    {
        var difference = converted - total;
        var how = $"{Money(available)} is {CurrencyUnits.Format(CurrencyUnits.Round(converted, invoiceCurrency), invoiceCurrency)} at the {payment.Date:yyyy-MM-dd} rate, "
            + (difference >= 0m ? $"{CurrencyUnits.Format(CurrencyUnits.Round(difference, invoiceCurrency), invoiceCurrency)} more" : $"{CurrencyUnits.Format(CurrencyUnits.Round(-difference, invoiceCurrency), invoiceCurrency)} less")
            + $" than open (within {Fx()}): settled, the difference proposed as FX {(difference >= 0m ? "gain" : "loss")}";
        var left = available;
        for (var k = 0; k < invoices.Count; k++)
        {
            var i = invoices[k];
            var open = book.Remaining[i];
            var portion = k == invoices.Count - 1 ? left : CurrencyUnits.Round(available * open / total, payment.Currency);
            left -= portion;
            rates.TryConvert(open, invoiceCurrency, payment.Currency, out var worth, out _);
            var fx = portion - CurrencyUnits.Round(worth, payment.Currency);
            book.Apply(i, open);
            applied += portion;
            var id = book.Invoices[i].Id;
            Applications.Add(new PaymentApplication(payment.Id, id, book.Invoices[i].CustomerId, portion, payment.Currency, MatchMethod.CrossCurrency, MatchConfidence.Medium,
                $"{intro}; {how}. {Money(portion)} settles {id} ({CurrencyUnits.Format(open, invoiceCurrency)}), FX {(fx >= 0m ? "gain" : "loss")} {Money(Math.Abs(fx))}.",
                open,
                fx));
        }
    }

    private string NoMatchText()
    {
        // "For {payer}: {what was tried, joined by ", "}." in one buffer.
        var text = new DefaultInterpolatedStringHandler(0, 0, null, stackalloc char[512]);
        text.AppendLiteral("For ");
        text.AppendFormatted(Payer);
        text.AppendLiteral(": ");
        var first = true;
        if (policy.UseReference)
        {
            Next(ref text, ref first);
            text.AppendLiteral(tokens.Count == 0 ? "the text names no invoice number" : "no invoice number in the text is an open invoice of theirs");
        }

        if (policy.UseExactAmount)
        {
            Next(ref text, ref first);
            text.AppendLiteral("no open invoice has exactly ");
            text.AppendFormatted(Money(available));
            text.AppendLiteral(" open");
        }

        if (policy.UseCombination)
        {
            Next(ref text, ref first);
            text.AppendLiteral("no set of up to ");
            text.AppendFormatted(policy.MaxCombinationSize);
            text.AppendLiteral(" of the ");
            text.AppendFormatted(policy.MaxCombinationCandidates);
            text.AppendLiteral(" oldest open invoices sums to it");
        }

        if (policy.UseTolerance)
        {
            Next(ref text, ref first);
            text.AppendLiteral("none is within tolerance (");
            text.AppendFormatted(Tolerance());
            text.AppendLiteral(")");
        }

        text.AppendLiteral(".");
        return text.ToStringAndClear();

        static void Next(ref DefaultInterpolatedStringHandler text, ref bool first)
        {
            if (!first)
            {
                text.AppendLiteral(", ");
            }

            first = false;
        }
    }

    /// <summary>
    /// Invoices named by the text. A number such as "2026-0045" is first tried whole, its parts only if the whole
    /// names nothing. For one customer, a number naming two of its invoices (same key) is ambiguous and ignored.
    /// </summary>
    private void CollectReferences(bool anyCustomer, bool strongOnly, List<int> into)
    {
        into.Clear();
        ambiguousTokens.Clear();
        var matchedChain = -1;
        for (var t = 0; t < tokens.Count; t++)
        {
            var token = tokens[t];
            if ((strongOnly && !token.Strong) || (token.IsPart && token.Chain == matchedChain))
            {
                continue;
            }

            tokenHits.Clear();
            for (var i = book.FirstWithKey(tokens.Key(token)); i >= 0; i = book.NextWithSameKey(i))
            {
                if (anyCustomer || book.CustomerOf[i] == customer
                    || (token.Strong && customer >= 0 && book.GroupOf[book.CustomerOf[i]] == book.GroupOf[customer]))
                {
                    tokenHits.Add(i);
                }
            }

            if (tokenHits.Count == 0)
            {
                continue;
            }

            if (!token.IsPart)
            {
                matchedChain = token.Chain;
            }

            if (!anyCustomer && tokenHits.Count > 1)
            {
                ambiguousTokens.Add(tokens.KeyString(token));
                continue;
            }

            foreach (var i in tokenHits)
            {
                if (!into.Contains(i))
                {
                    into.Add(i);
                }
            }
        }
    }

    private void Record(int invoice, decimal amount, MatchMethod method, MatchConfidence confidence, string explanation)
    {
        book.Apply(invoice, amount);
        applied += amount;
        Applications.Add(new PaymentApplication(payment.Id, book.Invoices[invoice].Id, book.Invoices[invoice].CustomerId, amount, payment.Currency, method, confidence, explanation));
    }

    private void ProposeWriteOff(int invoice, decimal amount, decimal gap, decimal open)
    {
        book.WriteOff(invoice, amount);
        WriteOffs.Add(new WriteOffProposal(
            payment.Id,
            book.Invoices[invoice].Id,
            book.Invoices[invoice].CustomerId,
            amount,
            payment.Currency,
            WriteOffProposal.ShortPay,
            $"Payment {payment.Id} fell {Money(gap)} short of {Money(open)} ({Percent(gap, open)}), within tolerance ({Tolerance()}): write off {Money(amount)} of {book.Invoices[invoice].Id}."));
    }

    /// <param name="invoices">The invoices the rule looked at (copied first: the caller's list may be a scratch list used below).</param>
    private void Queue(UnmatchedReason reason, string explanation, List<int>? invoices)
    {
        var pool = queuePool;
        pool.Clear();
        if (invoices is not null)
        {
            pool.AddRange(invoices);
        }

        if (customer >= 0)
        {
            CollectReferences(anyCustomer: false, strongOnly: false, scratch);
            pool.AddRange(scratch);
            book.InRange(customer, currency, available * 0.9m, available * 1.1m, scratch, RankingPool);
            pool.AddRange(scratch);
            book.OldestOpen(customer, currency, RankingPool, scratch);
            pool.AddRange(scratch);
        }

        var kept = 0;
        for (var k = 0; k < pool.Count; k++)
        {
            if (book.CurrencyOf[pool[k]] == currency)
            {
                pool[kept++] = pool[k];
            }
        }

        pool.RemoveRange(kept, pool.Count - kept);
        var candidates = ranker.Rank(book, pool, payment, available, tokens, policy.MaxExceptionCandidates);
        Exceptions.Add(new UnmatchedPayment(
            payment.Id,
            customer >= 0 ? CustomerName : null,
            available,
            payment.Currency,
            reason,
            explanation,
            candidates));
    }

    private string NoReferenceNote()
    {
        if (ambiguousTokens.Count > 0)
        {
            return $" ('{string.Join("', '", ambiguousTokens)}' in the text fits more than one invoice)";
        }

        return tokens.Count == 0 ? "; the text names no invoice" : "; no number in the text is an open invoice of theirs";
    }

    /// <summary>"Remittance '{text, at most 80 characters}' names {invoices} of {payer}, {total} open", written where it is used.</summary>
    private readonly struct ReferenceIntro(string reference, InvoiceIdList invoices, PayerText payer, MoneyText total) : ISpanFormattable
    {
        public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        {
            var shown = reference.Length <= MaxShownReference ? reference.AsSpan() : reference.AsSpan(0, MaxShownReference - 1);
            var cut = reference.Length <= MaxShownReference ? string.Empty : "…";
            return destination.TryWrite($"Remittance '{shown}{cut}' names {invoices} of {payer}, {total} open", out charsWritten);
        }

        public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

        public override string ToString()
        {
            Span<char> buffer = stackalloc char[256];
            var text = new DefaultInterpolatedStringHandler(0, 1, null, buffer);
            text.AppendFormatted(this);
            return text.ToStringAndClear();
        }
    }

    /// <summary>Who pays, as the sentences say it: the sentence the identification wrote, else "customer {id} (on the payment)".</summary>
    private readonly struct PayerText(string? sentence, string customerId) : ISpanFormattable
    {
        public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        {
            if (sentence is null)
            {
                return destination.TryWrite($"customer {customerId} (on the payment)", out charsWritten);
            }

            charsWritten = sentence.TryCopyTo(destination) ? sentence.Length : 0;
            return charsWritten == sentence.Length;
        }

        public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

        public override string ToString() => sentence ?? $"customer {customerId} (on the payment)";
    }

    private string ShownReference()
    {
        var text = payment.Reference ?? string.Empty;
        return text.Length <= MaxShownReference ? text : string.Concat(text.AsSpan(0, MaxShownReference - 1), "…");
    }

    private InvoiceIdList Ids(IReadOnlyList<int> invoices) => new(book, invoices);

    private string Tolerance() =>
        $"at most {policy.TolerancePercent.ToString("0.##", CultureInfo.InvariantCulture)}% and {Money(policy.ToleranceAmount)}";

    private static string Percent(decimal part, decimal whole) =>
        whole == 0m ? "0%" : (part * 100m / whole).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
