using System.Text;
using System.Text.Json;
using Connector.Domain.CashApplication;
using Connector.Domain.Ledger;
using Connector.Sync.CashApplication;
using FsCheck;
using FsCheck.Fluent;

namespace Connector.Sync.Tests.CashApplication;

/// <summary>
/// The twin fold kept between cycles (decision 138) against <see cref="PaymentTwinFold.Apply"/> of the whole ledger, on random
/// ledgers whose payments, pairs and held entries change at random, as a revised ledger brings them cycle after cycle.
/// </summary>
public sealed class ResidentTwinFoldPropertyTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 16);

    [FsCheck.Xunit.Property(MaxTest = 200)]
    public Property Fold_RandomChangeSequences_EqualsTheWholeLedgerFoldedAfterEveryStep() =>
        Prop.ForAll(ArbMap.Default.ArbFor<int>(), seed =>
        {
            var random = new Random(seed);
            var world = World.Random(random);
            var fold = new ResidentTwinFold();
            var ledger = world.Build();
            var (folded, changed) = fold.Fold(ledger, null, world.Pairs, world.Held);
            if (changed is not null || Describe(folded) != Describe(PaymentTwinFold.Apply(ledger, world.Pairs, world.Held)))
            {
                return false;
            }

            for (var step = 0; step < 8; step++)
            {
                var touched = world.Change(random);
                // A payment without a known payer is not revised into a ledger: the ledger is read whole (decision 80).
                var revised = world.PayerUnknownAdded ? null : ledger.Revise([.. touched.Select(world.Content)]);
                var whole = revised is null;
                ledger = revised ?? world.Build();
                var before = folded;
                (folded, changed) = fold.Fold(ledger, whole ? null : touched, world.Pairs, world.Held);
                var reference = PaymentTwinFold.Apply(ledger, world.Pairs, world.Held);
                if (Describe(folded) != Describe(reference) || (changed is null) != whole)
                {
                    return false;
                }

                // An account the fold says did not change is the last fold's own.
                if (changed is not null && folded.Accounts.Any(a => !changed.Contains(a.Id) && !Grouped(a) && !ReferenceEquals(before.Find(a.Id), a)))
                {
                    return false;
                }
            }

            return true;
        });

    [Fact]
    public void Fold_OneInvoiceChangedWhileTwinsAreStored_RevisesOnlyThatCustomersAccount()
    {
        var world = World.Random(new Random(3));
        var random = new Random(5);
        while (world.Pairs.Count == 0)
        {
            world.AddPair(random);
        }

        var fold = new ResidentTwinFold();
        var ledger = world.Build();
        var (first, _) = fold.Fold(ledger, null, world.Pairs, world.Held);
        var customer = world.Customers.Keys.First();
        world.Invoices.Add(new Invoice { Id = "INV-NEW", CustomerId = customer, Currency = "USD", Amount = 10m, OpenAmount = 10m, DocumentDate = AsOf, DueDate = AsOf });

        var revised = ledger.Revise([world.Content(customer)])!;
        var (second, changed) = fold.Fold(revised, new HashSet<string>([customer], StringComparer.Ordinal), world.Pairs, world.Held);

        Assert.Equal([customer], changed);
        Assert.Equal(Describe(PaymentTwinFold.Apply(revised, world.Pairs, world.Held)), Describe(second));
        Assert.All(second.Accounts.Where(a => a.Id != customer && !Grouped(a)), a => Assert.Same(first.Find(a.Id), a));
    }

    private static bool Grouped(CustomerAccount account) => account.Parent is not null || account.Children.Count > 0;

    private static string Describe(ArLedger ledger)
    {
        var text = new StringBuilder();
        foreach (var account in ledger.Accounts)
        {
            text.Append(account.Id).Append(' ').Append(account.Invoices.Count).Append(' ').AppendLine(JsonSerializer.Serialize(account.Payments));
        }

        text.AppendLine(JsonSerializer.Serialize(ledger.UnassignedPayments));
        return text.ToString();
    }

    /// <summary>Customers, their payments and the bank's (some without a known payer), pairs and held entries that change.</summary>
    private sealed class World
    {
        public SortedDictionary<string, Customer> Customers { get; } = new(StringComparer.Ordinal);
        public List<Invoice> Invoices { get; } = [];
        public List<Payment> Payments { get; } = [];
        public List<TwinPair> Pairs { get; } = [];
        public HashSet<string> Held { get; } = new(StringComparer.Ordinal);

        /// <summary>The last change added a payment without a known payer.</summary>
        public bool PayerUnknownAdded { get; private set; }

        private int next;

        public static World Random(Random random)
        {
            var world = new World();
            var count = random.Next(2, 12);
            for (var i = 0; i < count; i++)
            {
                var id = $"C{i:00}";
                world.Customers[id] = new Customer { Id = id, Name = id, Currency = "USD", ParentId = i > 0 && random.Next(5) == 0 ? $"C{random.Next(i):00}" : null };
            }

            for (var i = random.Next(1, 14); i > 0; i--)
            {
                world.AddPayment(random);
            }

            for (var i = random.Next(5); i > 0; i--)
            {
                world.AddPair(random);
            }

            return world;
        }

        public ArLedger Build() => new(Customers.Values, Invoices, Payments, collectors: []);

        public AccountContent Content(string customerId) => new(
            Customers[customerId],
            [.. Invoices.Where(i => i.CustomerId == customerId)],
            [.. Payments.Where(p => p.CustomerId == customerId)],
            [],
            []);

        public void AddPair(Random random)
        {
            if (Payments.Count < 2)
            {
                AddPayment(random);
                AddPayment(random);
            }

            var bank = Payments[random.Next(Payments.Count)];
            var erp = Payments[random.Next(Payments.Count)];
            if (bank.Id != erp.Id)
            {
                Pairs.Add(new TwinPair(bank.Id, erp.Id, random.Next(2) == 0));
            }
        }

        /// <summary>A few random changes; the customers whose accounts they touch (a payment without a payer touches none).</summary>
        public HashSet<string> Change(Random random)
        {
            var touched = new HashSet<string>(StringComparer.Ordinal);
            PayerUnknownAdded = false;
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                switch (random.Next(7))
                {
                    case 0:
                        if (AddPayment(random) is { } owner)
                        {
                            touched.Add(owner);
                        }
                        else
                        {
                            PayerUnknownAdded = true;
                        }

                        break;
                    case 1 when Payments.Count > 0:
                        var at = random.Next(Payments.Count);
                        var payment = Payments[at];
                        if (string.IsNullOrEmpty(payment.CustomerId))
                        {
                            break;
                        }

                        // The ERP applies more of it, or books it to another customer.
                        var to = random.Next(3) == 0 ? Customers.Keys.ElementAt(random.Next(Customers.Count)) : payment.CustomerId;
                        Payments[at] = payment with { AppliedAmount = Math.Min(payment.Amount, payment.AppliedAmount + 50m), CustomerId = to };
                        touched.Add(payment.CustomerId);
                        touched.Add(to);
                        break;
                    case 2:
                        AddPair(random);
                        break;
                    case 3 when Pairs.Count > 0:
                        Pairs.RemoveAt(random.Next(Pairs.Count));
                        break;
                    case 4 when Payments.Count > 0:
                        var question = Payments[random.Next(Payments.Count)].Id;
                        if (!Held.Remove(question))
                        {
                            Held.Add(question);
                        }

                        break;
                    case 5 when Pairs.Count > 0:
                        var flipped = random.Next(Pairs.Count);
                        Pairs[flipped] = Pairs[flipped] with { KeepBank = !Pairs[flipped].KeepBank };
                        break;
                    default:
                        var customer = Customers.Keys.ElementAt(random.Next(Customers.Count));
                        Invoices.Add(new Invoice { Id = $"INV-{next++}", CustomerId = customer, Currency = "USD", Amount = 100m, OpenAmount = 100m, DocumentDate = AsOf, DueDate = AsOf.AddDays(30) });
                        touched.Add(customer);
                        break;
                }
            }

            return touched;
        }

        /// <summary>A payment of a customer, or a bank entry without a known payer; its customer.</summary>
        private string? AddPayment(Random random)
        {
            var bank = random.Next(2) == 0;
            var customer = bank && random.Next(2) == 0 ? null : Customers.Keys.ElementAt(random.Next(Customers.Count));
            var id = (bank ? "BNK-" : "P-") + next++;
            Payments.Add(new Payment
            {
                Id = id,
                CustomerId = customer,
                Date = AsOf.AddDays(-random.Next(10)),
                Amount = 500m,
                AppliedAmount = random.Next(3) * 100m,
                Currency = "USD",
                Source = bank ? PaymentSource.BankStatement : PaymentSource.Erp,
                BankReference = bank ? "REF" + next : null,
                PayerName = bank && random.Next(2) == 0 ? "Payer " + next : null,
            });
            return customer;
        }
    }
}
