using Connector.Domain.Ledger;

namespace Connector.Benchmarks.Data;

/// <summary>
/// A deterministic company for the collections run: <c>collectors</c> collectors, each with a mailbox; <c>cases</c>
/// customers whose oldest undisputed invoice is 15–149 days past due (level 2 "Call" and up under the default ladder,
/// so each case's next action is a task), and <c>quiet</c> customers whose items are current or at most 14 days late
/// (nothing, or a level-1 email, which needs no task). Every customer names its collector (round robin), so each
/// mailbox gets <c>cases / collectors</c> tasks; USD only, no promises (an active promise would pause a case).
/// </summary>
internal static class CollectionsLedger
{
    public const string MailDomain = "contoso.example";

    public static string Mailbox(int collector) => $"collector{collector:00}@{MailDomain}";

    public static ArLedger Create(int cases, int quiet, int collectors, int seed = 7)
    {
        var random = new Random(seed);
        var asOf = SyntheticLedger.AsOf;
        var team = Enumerable.Range(1, collectors)
            .Select(i => new Collector { Id = $"COL{i:00}", Name = $"Collector {i}", Email = Mailbox(i), Territories = ["North"], Languages = ["en"] })
            .ToList();
        var customers = new List<Customer>(cases + quiet);
        var invoices = new List<Invoice>((cases + quiet) * 3);
        for (var c = 0; c < cases + quiet; c++)
        {
            var id = $"C{c:000000}";
            customers.Add(new Customer
            {
                Id = id,
                Name = $"Customer {c}",
                Currency = "USD",
                CreditLimit = 500_000m,
                RiskClass = (RiskClass)(c % 4),
                CollectorId = team[c % collectors].Id,
                Territory = "North",
            });

            // A case customer: its oldest item sets the level (15–149 days: levels 2–5); then a newer late one and a current one.
            int[] daysPastDue = c < cases ? [random.Next(15, 150), random.Next(1, 15), -random.Next(0, 30)] : [random.Next(1, 15), -random.Next(0, 30), -random.Next(0, 30)];
            foreach (var days in daysPastDue)
            {
                var amount = random.Next(200, 15_000) + (random.Next(100) / 100m);
                var due = asOf.AddDays(-days);
                invoices.Add(new Invoice
                {
                    Id = $"INV-{invoices.Count:0000000}",
                    CustomerId = id,
                    Type = DocumentType.Invoice,
                    DocumentDate = due.AddDays(-30),
                    DueDate = due,
                    Amount = amount,
                    OpenAmount = amount,
                    Currency = "USD",
                    PoNumber = "PO",
                });
            }
        }

        return new ArLedger(customers, invoices, collectors: team);
    }
}
