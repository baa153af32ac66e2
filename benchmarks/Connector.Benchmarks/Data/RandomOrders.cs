using System.Globalization;
using Connector.Domain.Ledger;

namespace Connector.Benchmarks.Data;

/// <summary>
/// Orders as sales reps save them, biased toward the cases the check must get right: a quarter for customers on hold
/// (some released, some with a one-order override), a sixth that take a customer over its limit, one in twenty for an
/// account the ERP does not know, the rest any customer. A fifth of the known customers are named by a contact.
/// Creates (a third before lines, at 0) and Updates of the total — of an order the ERP counts in exposure, of a newer
/// one, or moving it to another customer. Seeded: the same seed gives the same orders.
/// </summary>
internal sealed class RandomOrders
{
    private readonly SyncedCompany company;
    private readonly Random random;
    private readonly int[] held;
    private readonly int[] limited;
    private readonly Guid[] users;
    private int sequence;

    public RandomOrders(SyncedCompany company, int seed)
    {
        ArgumentNullException.ThrowIfNull(company);
        this.company = company;
        random = new Random(seed);
        var accounts = company.Ledger.Accounts;
        held = [.. Enumerable.Range(0, accounts.Count).Where(i => Credit(i).Hold.OnHold)];
        limited = [.. Enumerable.Range(0, accounts.Count).Where(i => Credit(i).AvailableCredit is not null && !Credit(i).Hold.OnHold)];
        users = [.. Enumerable.Range(0, 40).Select(_ => SyncedCompany.NewGuid(random))];
    }

    public int HeldCustomers => held.Length;

    public OrderIntent Next()
    {
        var pick = random.NextDouble();
        var (kind, index) = pick switch
        {
            < 0.25 when held.Length > 0 => ("held", held[random.Next(held.Length)]),
            < 0.40 when limited.Length > 0 => ("over limit", limited[random.Next(limited.Length)]),
            < 0.45 => ("unknown account", -1),
            _ => ("any", random.Next(company.Ledger.Accounts.Count)),
        };

        var customer = Customer(index);
        var isUpdate = random.NextDouble() < 0.45;
        var user = users[random.Next(users.Length)];
        var orderGuid = SyncedCompany.NewGuid(random);
        var customerId = index < 0 ? null : company.Ledger.Accounts[index].Id;
        var overLimit = kind == "over limit" ? Credit(index).AvailableCredit!.Value + Amount() : 0m;

        if (!isUpdate)
        {
            var beforeLines = random.NextDouble() < 1.0 / 3 && overLimit == 0m;
            return new OrderIntent
            {
                Kind = kind,
                IsUpdate = false,
                OrderGuid = orderGuid,
                Customer = customer,
                CustomerId = customerId,
                Amount = beforeLines ? 0m : Math.Max(overLimit, Amount()),
                UserId = user,
            };
        }

        var move = random.NextDouble();
        if (move < 0.10)
        {
            // Moved from another customer: the whole total is new to this one.
            var from = random.Next(company.Ledger.Accounts.Count);
            return new OrderIntent
            {
                Kind = kind,
                IsUpdate = true,
                OrderGuid = orderGuid,
                OrderNumber = NewNumber(),
                Customer = customer,
                CustomerBefore = Customer(from),
                CustomerId = customerId,
                AmountBefore = Amount(),
                Amount = Math.Max(overLimit, Amount()),
                UserId = user,
            };
        }

        // An order the ERP already counts (its number is in the ledger), or a newer one it does not know yet.
        var counted = index < 0 ? null : Counted(company.Ledger.Accounts[index]);
        var before = counted?.Amount ?? Amount();
        var increase = random.NextDouble() < 0.15 ? -Math.Round(before * (decimal)random.NextDouble() / 2, 2) : Amount() / 2;
        return new OrderIntent
        {
            Kind = kind,
            IsUpdate = true,
            OrderGuid = orderGuid,
            OrderNumber = counted?.Id ?? NewNumber(),
            Customer = customer,
            CustomerBefore = customer,
            CustomerId = customerId,
            AmountBefore = before,
            Amount = overLimit > 0m ? before + overLimit : before + increase,
            UserId = user,
        };
    }

    private Domain.Credit.CustomerCreditSnapshot Credit(int index) =>
        company.Evaluation.Credit.Find(company.Ledger.Accounts[index].Id)!;

    private OrderCustomer Customer(int index)
    {
        if (index < 0)
        {
            return OrderCustomer.OfAccount(SyncedCompany.NewGuid(random));
        }

        var account = company.AccountIds[index];
        return random.NextDouble() < 0.2 ? OrderCustomer.OfContact(company.ContactIds[index], account) : OrderCustomer.OfAccount(account);
    }

    private Order? Counted(CustomerAccount account)
    {
        var open = account.Orders.Where(o => o.IsOpen).ToList();
        return open.Count == 0 || random.NextDouble() < 0.4 ? null : open[random.Next(open.Count)];
    }

    /// <summary>Between 100.00 and 20,000.00, in cents.</summary>
    private decimal Amount() => random.Next(10_000, 2_000_000) / 100m;

    private string NewNumber() => string.Create(CultureInfo.InvariantCulture, $"ORD-{Interlocked.Increment(ref sequence):000000}-{random.Next(1000):000}");
}
