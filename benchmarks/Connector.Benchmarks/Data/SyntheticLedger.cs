using Connector.Domain.Ledger;

namespace Connector.Benchmarks.Data;

/// <summary>
/// A deterministic synthetic company of any size: customers with limits, parents and collectors,
/// open invoices spread over every aging bucket, open orders, some unapplied payments and promises.
/// </summary>
internal static class SyntheticLedger
{
    public static readonly DateOnly AsOf = new(2026, 11, 16);

    public static ArLedger Create(int customers, int openInvoices, int openOrders, int seed = 42)
    {
        var random = new Random(seed);
        var customerList = new List<Customer>(customers);
        var ids = new string[customers];
        var currencies = new string[customers];
        string[] territories = ["North", "South", "East", "West", "Central"];
        var collectors = Enumerable.Range(1, 25)
            .Select(i => new Collector { Id = $"COL{i:00}", Name = $"Collector {i}", Territories = [territories[i % territories.Length]], Languages = ["en"] })
            .ToList();

        for (var i = 0; i < customers; i++)
        {
            ids[i] = $"C{i:000000}";
            currencies[i] = i % 5 == 0 ? "EUR" : "USD";
            customerList.Add(new Customer
            {
                Id = ids[i],
                Name = $"Customer {i}",
                Currency = currencies[i],
                // About 10 open invoices of ~6,000 each plus orders: limits mostly above exposure.
                CreditLimit = i % 17 == 0 ? null : random.Next(60, 250) * 1_000m,
                ParentId = i % 10 is 1 or 2 ? ids[i - (i % 10)] : null,
                RiskClass = (RiskClass)(i % 4),
                CollectorId = i % 7 == 0 ? null : collectors[i % collectors.Count].Id,
                Territory = territories[i % territories.Length],
                ManualHold = i % 997 == 0,
            });
        }

        var invoices = new List<Invoice>(openInvoices);
        for (var i = 0; i < openInvoices; i++)
        {
            // Items arrive grouped by customer, as a store reads them (ORDER BY customer).
            var c = (int)((long)i * customers / openInvoices);
            var amount = random.Next(100, 12_000) + random.Next(100) / 100m;
            var isCreditMemo = i % 50 == 0;
            var due = AsOf.AddDays(-DaysPastDue(random, c));
            invoices.Add(new Invoice
            {
                Id = $"INV-{i:0000000}",
                CustomerId = ids[c],
                Type = isCreditMemo ? DocumentType.CreditMemo : DocumentType.Invoice,
                DocumentDate = due.AddDays(-30),
                DueDate = due,
                Amount = isCreditMemo ? -amount : amount,
                OpenAmount = isCreditMemo ? -amount : (i % 9 == 0 ? Math.Round(amount / 2, 2) : amount),
                Currency = currencies[c],
                PoNumber = i % 3 == 0 ? null : "PO",
                Disputed = i % 40 == 0,
            });
        }

        var orders = new List<Order>(openOrders);
        for (var i = 0; i < openOrders; i++)
        {
            var c = (int)((long)i * customers / openOrders);
            var amount = random.Next(500, 20_000);
            orders.Add(new Order
            {
                Id = $"SO-{i:0000000}",
                CustomerId = ids[c],
                Amount = amount,
                UninvoicedAmount = i % 4 == 0 ? amount / 2 : amount,
                Currency = currencies[c],
                Source = i % 2 == 0 ? OrderSource.Erp : OrderSource.Dataverse,
            });
        }

        var payments = new List<Payment>(customers / 10);
        for (var i = 0; i < customers / 10; i++)
        {
            var c = random.Next(customers);
            payments.Add(new Payment { Id = $"PAY-{i:0000000}", CustomerId = ids[c], Currency = currencies[c], Amount = random.Next(100, 5_000), Date = AsOf.AddDays(-random.Next(30)) });
        }

        var promises = new List<PaymentPromise>(customers / 50);
        for (var i = 0; i < customers / 50; i++)
        {
            promises.Add(new PaymentPromise { CustomerId = ids[random.Next(customers)], Amount = 1_000m, PromisedOn = AsOf.AddDays(-20), DueDate = AsOf.AddDays(random.Next(-15, 15)) });
        }

        var rates = Enumerable.Range(0, 400).Select(d => new ExchangeRate("EUR", AsOf.AddDays(-d), 1.08m + (d % 10) / 1000m));
        return new ArLedger(customerList, invoices, payments, orders, rates, promises, collectors);
    }

    /// <summary>
    /// Days past due shaped like the sample company: most customers pay on time or a little late;
    /// one in seven is a chronic late payer whose items spread over every bucket.
    /// </summary>
    private static int DaysPastDue(Random random, int customer)
    {
        var p = random.NextDouble();
        if (customer % 7 != 3)
        {
            return p < 0.75 ? -random.Next(0, 45) : random.Next(1, 45);
        }

        return p switch
        {
            < 0.60 => -random.Next(0, 45),
            < 0.76 => random.Next(1, 31),
            < 0.89 => random.Next(31, 61),
            < 0.95 => random.Next(61, 91),
            < 0.975 => random.Next(91, 121),
            _ => random.Next(121, 400),
        };
    }
}
