using System.Globalization;
using Connector.Domain.Ledger;
using Connector.Sync.Ports;

namespace Connector.Sync.Tests.CashApplication;

/// <summary>
/// A generated bank day built to trip a matcher, with the truth known: what a person who knows every customer would apply
/// each payment to. Payments come from the bank without customer numbers; the cases are the ones that make cash
/// application hard: the same amount open at two customers, references cut short, payer accounts shared by customers,
/// parents paying their children's invoices, one payment for several customers listed in a remittance advice, payments
/// in another currency whose converted amount is close to several invoices, invoice numbers two customers both use.
/// </summary>
internal sealed class HardCashSet
{
    public const string CompanyCurrency = "USD";

    private static readonly DateOnly Day = new(2026, 11, 16);

    private readonly Random random;
    private readonly List<Customer> customers = [];
    private readonly List<Invoice> invoices = [];
    private readonly List<Payment> payments = [];
    private readonly List<StoredCashMatch> history = [];
    private int invoiceNumber = 100_000;
    private int paymentNumber;
    private int accountNumber;

    private HardCashSet(int seed) => random = new Random(seed);

    public ArLedger Ledger { get; private set; } = null!;

    /// <summary>Earlier accepted matches: what the payer accounts were learned from.</summary>
    public IReadOnlyList<StoredCashMatch> History => history;

    /// <summary>Payment id → the invoices a person would apply it to (empty: none, the cash stays unapplied).</summary>
    public Dictionary<string, HashSet<string>> Truth { get; } = new(StringComparer.Ordinal);

    /// <summary>Payment id → the case it was generated as (for the report).</summary>
    public Dictionary<string, string> Case { get; } = new(StringComparer.Ordinal);

    public static HardCashSet Generate(int seed, int rounds)
    {
        var set = new HardCashSet(seed);
        for (var r = 0; r < rounds; r++)
        {
            set.CleanReference();
            set.SameAmountTwoCustomers();
            set.PartialReferenceKnownAccount();
            set.SharedPayerAccount();
            set.KnownAccountExactAmount();
            set.GroupPayer();
            set.SeveralCustomersRemittance();
            set.SeveralCustomersShortPaid();
            set.CrossCurrencyByReference();
            set.CrossCurrencyNearEqual();
            set.SharedInvoiceNumber();
            set.UnknownAccountAmountOnly();
        }

        set.Ledger = new ArLedger(
            set.customers,
            set.invoices,
            set.payments,
            rates: [new ExchangeRate("EUR", new DateOnly(2026, 1, 1), 1.0800m), new ExchangeRate("EUR", new DateOnly(2026, 11, 1), 1.0850m), new ExchangeRate("GBP", new DateOnly(2026, 1, 1), 1.2700m)]);
        return set;
    }

    /// <summary>"INV-123456" in the text, the full amount.</summary>
    private void CleanReference()
    {
        var c = NewCustomer();
        var i = NewInvoice(c, Amount());
        NewInvoice(c, Amount());
        Pay("clean reference", i.OpenAmount, $"INVOICE INV-{i.Id[4..]} THANK YOU", null, [i]);
    }

    /// <summary>The same amount open at two customers; the payment names nobody and comes from an account never seen.</summary>
    private void SameAmountTwoCustomers()
    {
        var amount = Amount();
        var a = NewCustomer();
        var b = NewCustomer();
        var ia = NewInvoice(a, amount);
        NewInvoice(b, amount);
        Pay("same amount, two customers", amount, "PAYMENT", NewAccount(), [ia]);
    }

    /// <summary>Only the last digits of the invoice number, from an account the customer paid from before.</summary>
    private void PartialReferenceKnownAccount()
    {
        var c = NewCustomer();
        var i = NewInvoice(c, Amount());
        NewInvoice(c, Amount());
        var account = NewAccount();
        Learn(account, c);
        Pay("partial reference, known account", i.OpenAmount, $"PAYMENT {i.Id[^4..]}", account, [i]);
    }

    /// <summary>A payment provider's account both customers paid from; the amount fits one invoice of each.</summary>
    private void SharedPayerAccount()
    {
        var amount = Amount();
        var a = NewCustomer();
        var b = NewCustomer();
        var ia = NewInvoice(a, amount);
        NewInvoice(b, amount);
        var account = NewAccount();
        Learn(account, a);
        Learn(account, b);
        Pay("shared payer account", amount, "PSP SETTLEMENT", account, [ia]);
    }

    /// <summary>No reference, from the customer's own known account, the amount of one of its invoices (another customer has it open too).</summary>
    private void KnownAccountExactAmount()
    {
        var amount = Amount();
        var c = NewCustomer();
        var other = NewCustomer();
        var i = NewInvoice(c, amount);
        NewInvoice(c, Amount());
        NewInvoice(other, amount);
        var account = NewAccount();
        Learn(account, c);
        Pay("known account, exact amount", amount, "TRANSFER", account, [i]);
    }

    /// <summary>A parent pays two of its children's invoices, naming them.</summary>
    private void GroupPayer()
    {
        var parent = NewCustomer();
        var first = NewCustomer(parent.Id);
        var second = NewCustomer(parent.Id);
        var a = NewInvoice(first, Amount());
        var b = NewInvoice(second, Amount());
        NewInvoice(parent, a.OpenAmount); // the parent's own invoice of the same amount must not be taken
        Pay("group payer", a.OpenAmount + b.OpenAmount, $"{parent.Name} GROUP PAYMENT INV-{a.Id[4..]} INV-{b.Id[4..]}", NewAccount(), [a, b]);
    }

    /// <summary>A remittance advice (camt Strd/RfrdDocInf) listing invoices of three unrelated customers, paid in full.</summary>
    private void SeveralCustomersRemittance()
    {
        var listed = Enumerable.Range(0, 3).Select(_ => NewInvoice(NewCustomer(), Amount())).ToList();
        Pay("several customers, remittance advice", listed.Sum(static i => i.OpenAmount), string.Join(" ", listed.Select(static i => i.Id)), NewAccount(), listed);
    }

    /// <summary>The same, but the total is short: how to split it is a person's call.</summary>
    private void SeveralCustomersShortPaid()
    {
        var listed = Enumerable.Range(0, 3).Select(_ => NewInvoice(NewCustomer(), Amount())).ToList();
        Pay("several customers, short paid", listed.Sum(static i => i.OpenAmount) - 25m, string.Join(" ", listed.Select(static i => i.Id)), NewAccount(), listed);
    }

    /// <summary>A EUR invoice paid in USD at about the day's rate, naming it.</summary>
    private void CrossCurrencyByReference()
    {
        var c = NewCustomer(currency: "EUR");
        var i = NewInvoice(c, Amount(), "EUR");
        var usd = Math.Round(i.OpenAmount * 1.0850m * (1m + (random.Next(-50, 51) / 10_000m)), 2);
        Pay("another currency, by reference", usd, $"INV-{i.Id[4..]}", NewAccount(), [i]);
    }

    /// <summary>Two EUR invoices within a percent of each other, paid in USD without a reference from a known account.</summary>
    private void CrossCurrencyNearEqual()
    {
        var c = NewCustomer(currency: "EUR");
        var amount = Amount();
        var i = NewInvoice(c, amount, "EUR");
        NewInvoice(c, Math.Round(amount * 1.006m, 2), "EUR");
        var account = NewAccount();
        Learn(account, c);
        Pay("another currency, near-equal invoices", Math.Round(amount * 1.0850m, 2), "TRANSFER", account, [i]);
    }

    /// <summary>Two customers number their invoices alike ("4711"); the text names the number only.</summary>
    private void SharedInvoiceNumber()
    {
        var number = (4000 + random.Next(0, 5000)).ToString(CultureInfo.InvariantCulture) + "-" + paymentNumber.ToString(CultureInfo.InvariantCulture);
        var a = NewCustomer();
        var b = NewCustomer();
        var ia = NewInvoice(a, Amount(), id: "D" + number);
        NewInvoice(b, Amount(), id: "E" + number);
        Pay("invoice number two customers use", ia.OpenAmount + 10m, "Invoice " + number, NewAccount(), [ia]);
    }

    /// <summary>Just an amount from an unknown account that happens to be one customer's only match.</summary>
    private void UnknownAccountAmountOnly()
    {
        var c = NewCustomer();
        var i = NewInvoice(c, Amount());
        Pay("amount only, unknown payer", i.OpenAmount, null, NewAccount(), [i]);
    }

    private Customer NewCustomer(string? parent = null, string currency = CompanyCurrency)
    {
        var n = customers.Count + 1;
        var customer = new Customer
        {
            Id = "C" + n.ToString("D5", CultureInfo.InvariantCulture),
            Name = "Customer " + Words[n % Words.Length] + " " + n.ToString(CultureInfo.InvariantCulture),
            Currency = currency,
            ParentId = parent,
        };
        customers.Add(customer);
        return customer;
    }

    private Invoice NewInvoice(Customer customer, decimal amount, string currency = CompanyCurrency, string? id = null)
    {
        var invoice = new Invoice
        {
            Id = id ?? "INV-" + (invoiceNumber++).ToString(CultureInfo.InvariantCulture),
            CustomerId = customer.Id,
            DocumentDate = Day.AddDays(-random.Next(10, 90)),
            DueDate = Day.AddDays(-random.Next(-20, 60)),
            Amount = amount,
            OpenAmount = amount,
            Currency = currency,
        };
        invoices.Add(invoice);
        return invoice;
    }

    private void Pay(string kind, decimal amount, string? text, string? account, IEnumerable<Invoice> truth)
    {
        var id = "BNK-HARD-" + (++paymentNumber).ToString("D5", CultureInfo.InvariantCulture);
        payments.Add(new Payment
        {
            Id = id,
            Date = Day,
            Amount = amount,
            Currency = CompanyCurrency,
            Reference = text,
            Source = PaymentSource.BankStatement,
            BankReference = "ASR" + id,
            PayerAccount = account,
        });
        Truth[id] = [.. truth.Select(static i => i.Id)];
        Case[id] = kind;
    }

    private string NewAccount() => "DE44 5001 0517 " + (++accountNumber).ToString("D10", CultureInfo.InvariantCulture);

    /// <summary>An earlier payment from the account, accepted for the customer (its invoice long paid).</summary>
    private void Learn(string account, Customer customer)
    {
        var id = "OLD-" + (history.Count + 1).ToString(CultureInfo.InvariantCulture);
        history.Add(new StoredCashMatch
        {
            Id = history.Count + 1,
            PaymentId = id,
            CustomerId = customer.Id,
            Amount = 100m,
            Currency = CompanyCurrency,
            PaymentDate = Day.AddDays(-40),
            PayerAccount = account,
            Source = "bank",
            Status = CashMatchStatuses.Accepted,
            Explanation = "earlier",
            CreatedAt = new DateTimeOffset(2026, 10, 7, 8, 0, 0, TimeSpan.Zero),
            Lines =
            [
                new StoredCashLine
                {
                    Id = history.Count + 1,
                    Kind = CashLineKinds.Applied,
                    InvoiceId = "PAID-" + id,
                    CustomerId = customer.Id,
                    Amount = 100m,
                    Method = "manual",
                    Confidence = "person",
                    Explanation = "earlier",
                    State = CashLineKinds.Confirmed,
                },
            ],
        });
    }

    /// <summary>Round-ish amounts from a small range, so that equal and near-equal amounts happen by themselves too.</summary>
    private decimal Amount() => random.Next(20, 400) * 25m + (random.Next(0, 3) == 0 ? random.Next(1, 100) / 100m : 0m);

    private static readonly string[] Words = ["Acme", "Borealis", "Cobalt", "Delta", "Ember", "Fjord", "Granite", "Harbor"];
}
