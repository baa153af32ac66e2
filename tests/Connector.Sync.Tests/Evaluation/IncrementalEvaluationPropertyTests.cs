using System.Text;
using System.Text.Json;
using Connector.Domain.Collections;
using Connector.Domain.Credit;
using Connector.Domain.Currencies;
using Connector.Domain.Evaluation;
using Connector.Domain.Ledger;
using FsCheck;
using FsCheck.Fluent;

namespace Connector.Sync.Tests.Evaluation;

/// <summary>
/// The incremental evaluation (a revised ledger, only the changed customers and their groups evaluated, merged into the last
/// result) against the full evaluation of the same ledger built from scratch, on random companies and random change sequences.
/// </summary>
public sealed class IncrementalEvaluationPropertyTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 16);
    // The rate table is the same object in every snapshot of an evaluation (and has no public state to compare).
    private static readonly JsonSerializerOptions Json = new()
    {
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver
        {
            Modifiers = { static info => { foreach (var property in info.Properties.Where(p => p.PropertyType == typeof(Connector.Domain.Exposure.RateTable)).ToList()) { info.Properties.Remove(property); } } },
        },
    };

    private static readonly EvaluationPolicies Policies = new() { Company = new() { Currency = "USD" } };

    [FsCheck.Xunit.Property(MaxTest = 150)]
    public Property Evaluate_RandomChangeSequences_EqualsTheFullEvaluationAfterEveryStep() =>
        Prop.ForAll(ArbMap.Default.ArbFor<int>(), seed =>
        {
            var random = new Random(seed);
            var company = Company.Random(random);
            var ledger = company.Build();
            var holds = new Dictionary<string, HoldStatus>(StringComparer.Ordinal);
            var evaluation = PortfolioEvaluator.Evaluate(ledger, Policies, AsOf);
            for (var step = 0; step < 6; step++)
            {
                var changed = company.Change(random);
                var before = holds;
                holds = Statuses(evaluation, random);
                var revised = ledger.Revise([.. changed.Select(company.Content)]);
                if (revised is null)
                {
                    // A parent changed: the caller builds the ledger whole and evaluates in full.
                    ledger = company.Build();
                    evaluation = PortfolioEvaluator.Evaluate(ledger, Policies, AsOf, null, holds);
                    continue;
                }

                // The customers whose previous hold state differs from the one the last evaluation had are evaluated again too.
                var reheld = holds.Keys.Concat(before.Keys).Where(id => !Same(before.GetValueOrDefault(id), holds.GetValueOrDefault(id)));
                var incremental = IncrementalPortfolioEvaluator.Evaluate(evaluation, revised, changed.Concat(reheld).Distinct(), Policies, null, holds);
                var full = PortfolioEvaluator.Evaluate(company.Build(), Policies, AsOf, null, holds);
                if (incremental is null || Describe(incremental) != Describe(full))
                {
                    return false;
                }

                (ledger, evaluation) = (revised, incremental);
            }

            return true;
        });

    [FsCheck.Xunit.Property(MaxTest = 150)]
    public Property Plan_CasesKeptBetweenRandomChangeSequences_EqualsThePlanMadeWholeAfterEveryStep() =>
        Prop.ForAll(ArbMap.Default.ArbFor<int>(), seed =>
        {
            var random = new Random(seed);
            var company = Company.Random(random);
            var ledger = company.Build();
            var cache = new CollectionCaseCache();
            var contacts = new List<ContactAttempt>();
            IReadOnlyList<CollectionCase> open = [];
            var plan = CollectionPlanner.Plan(ledger, Policies.Collections, ledger.RatesOn("USD", AsOf), contacts, open, cache: cache);
            for (var step = 0; step < 6; step++)
            {
                var changed = company.Change(random);

                // What the collections step leaves between cycles: emails sent (some customers, some levels), the plan's
                // cases stored as open (sometimes not, sometimes only some of them).
                for (var n = random.Next(3); n > 0; n--)
                {
                    var customer = company.Customers.Keys.ElementAt(random.Next(company.Customers.Count));
                    contacts.Add(new ContactAttempt(customer, random.Next(1, 5), random.Next(4) == 0 ? ContactKind.Task : ContactKind.Email, AsOf.AddDays(-random.Next(20))));
                }

                open = random.Next(3) switch
                {
                    0 => open,
                    1 => plan.Cases,
                    _ => [.. plan.Cases.Where(_ => random.Next(2) == 0)],
                };

                // A revision the ledger cannot express (a parent changed) is a whole build: another rate table, the cache forgets.
                // Each case keeps the collector the last plan gave it (decision 127), with and without the cache.
                var lastCollectors = Collectors(plan);
                ledger = ledger.Revise([.. changed.Select(company.Content)]) ?? company.Build();
                plan = CollectionPlanner.Plan(ledger, Policies.Collections, ledger.RatesOn("USD", AsOf), contacts, open, cache: cache, lastCollectors: lastCollectors);
                var full = CollectionPlanner.Plan(company.Build(), Policies.Collections, company.Build().RatesOn("USD", AsOf), contacts, open, lastCollectors: lastCollectors);
                if (DescribePlan(plan) != DescribePlan(full) || cache.LastReused + cache.LastEvaluated != company.Customers.Count)
                {
                    return false;
                }
            }

            return true;
        });

    [Fact]
    public void Plan_OneInvoiceChanged_EvaluatesOnlyThatCustomersCaseAndEqualsThePlanMadeWhole()
    {
        var random = new Random(11);
        var company = Company.Random(random);
        while (company.Customers.Count < 10)
        {
            company = Company.Random(random);
        }

        var ledger = company.Build();
        var cache = new CollectionCaseCache();
        var first = CollectionPlanner.Plan(ledger, Policies.Collections, ledger.RatesOn("USD", AsOf), cache: cache);
        Assert.Equal(company.Customers.Count, cache.LastEvaluated);
        var invoice = company.Invoices.Values.First(i => company.Customers[i.CustomerId].ParentId is null && !company.Customers.Values.Any(c => c.ParentId == i.CustomerId));
        company.Invoices[invoice.Id] = invoice with { OpenAmount = invoice.OpenAmount + 90_000m, DueDate = AsOf.AddDays(-100), Disputed = false };

        var revised = ledger.Revise([company.Content(invoice.CustomerId)])!;
        var second = CollectionPlanner.Plan(revised, Policies.Collections, revised.RatesOn("USD", AsOf), cache: cache);

        Assert.Equal(1, cache.LastEvaluated);
        Assert.Equal(company.Customers.Count - 1, cache.LastReused);
        Assert.NotNull(second.Find(invoice.CustomerId));
        Assert.Equal(DescribePlan(CollectionPlanner.Plan(company.Build(), Policies.Collections, revised.RatesOn("USD", AsOf))), DescribePlan(second));

        // An email sent to a customer changes what its case waits for: that customer is evaluated again, nobody else.
        var third = CollectionPlanner.Plan(revised, Policies.Collections, revised.RatesOn("USD", AsOf), [new ContactAttempt(invoice.CustomerId, 1, ContactKind.Email, AsOf)], cache: cache);
        Assert.Equal(1, cache.LastEvaluated);
        Assert.Equal(
            DescribePlan(CollectionPlanner.Plan(company.Build(), Policies.Collections, revised.RatesOn("USD", AsOf), [new ContactAttempt(invoice.CustomerId, 1, ContactKind.Email, AsOf)])),
            DescribePlan(third));
    }

    private static Dictionary<string, string> Collectors(CollectionPlan plan) =>
        plan.Cases.Where(static c => c.Assignment?.CollectorId is not null).ToDictionary(static c => c.CustomerId, static c => c.Assignment!.CollectorId!, StringComparer.Ordinal);

    /// <summary>Everything a plan says, as text: cases (with collectors and next actions), queues, the unassigned, the skipped, the changes.</summary>
    internal static string DescribePlan(CollectionPlan plan) => JsonSerializer.Serialize(plan);

    [Fact]
    public void Evaluate_OneInvoiceChanged_EvaluatesOnlyThatCustomersGroupAndEqualsTheFullEvaluation()
    {
        var random = new Random(7);
        var company = Company.Random(random);
        var ledger = company.Build();
        var first = PortfolioEvaluator.Evaluate(ledger, Policies, AsOf);
        var invoice = company.Invoices.Values.First(i => company.Customers[i.CustomerId].ParentId is null && !company.Customers.Values.Any(c => c.ParentId == i.CustomerId));
        company.Invoices[invoice.Id] = invoice with { OpenAmount = invoice.OpenAmount + 1_000m, DueDate = AsOf.AddDays(-100) };

        var revised = ledger.Revise([company.Content(invoice.CustomerId)])!;
        var incremental = IncrementalPortfolioEvaluator.Evaluate(first, revised, [invoice.CustomerId], Policies)!;

        Assert.Equal(Describe(PortfolioEvaluator.Evaluate(company.Build(), Policies, AsOf)), Describe(incremental));
        Assert.Equal(1, IncrementalPortfolioEvaluator.ReevaluatedSinceFull(incremental));
        var untouched = revised.Accounts.First(a => a.Id != invoice.CustomerId);
        Assert.Same(ledger.Find(untouched.Id), untouched);
        Assert.NotSame(ledger.Find(invoice.CustomerId), revised.Find(invoice.CustomerId));
    }

    private static bool Same(HoldStatus? a, HoldStatus? b) =>
        a is null || b is null ? a is null && b is null : a.OnHold == b.OnHold && a.Since == b.Since && a.Codes.SequenceEqual(b.Codes);

    private static Dictionary<string, HoldStatus> Statuses(PortfolioEvaluation evaluation, Random random)
    {
        var statuses = new Dictionary<string, HoldStatus>(evaluation.Credit.Statuses(), StringComparer.Ordinal);
        foreach (var id in statuses.Keys.ToList())
        {
            if (random.Next(5) == 0)
            {
                statuses.Remove(id);
            }
        }

        return statuses;
    }

    /// <summary>Everything the evaluation says, as text: every snapshot, aging line, the total, dunning summaries, transitions.</summary>
    internal static string Describe(PortfolioEvaluation evaluation)
    {
        var text = new StringBuilder();
        foreach (var snapshot in evaluation.Credit.Snapshots)
        {
            text.AppendLine(JsonSerializer.Serialize(snapshot, Json));
        }

        foreach (var line in evaluation.Aging.Lines)
        {
            text.AppendLine(JsonSerializer.Serialize(line));
        }

        text.AppendLine(JsonSerializer.Serialize(evaluation.Aging.Total));
        foreach (var summary in evaluation.Collections)
        {
            text.AppendLine(JsonSerializer.Serialize(summary));
        }

        text.AppendLine(JsonSerializer.Serialize(evaluation.Credit.Transitions.ToList()));
        text.AppendLine(JsonSerializer.Serialize(evaluation.Credit.Statuses().OrderBy(s => s.Key, StringComparer.Ordinal).ToList()));
        text.Append(evaluation.CustomersOnHold).Append(' ').Append(evaluation.OpenCases).Append(' ').Append(evaluation.Credit.Find("C003")?.CustomerId);
        return text.ToString();
    }

    /// <summary>A small random company whose records change in place, as the store's do.</summary>
    private sealed class Company
    {
        public Dictionary<string, Customer> Customers { get; } = new(StringComparer.Ordinal);
        public SortedDictionary<string, Invoice> Invoices { get; } = new(StringComparer.Ordinal);
        public SortedDictionary<string, Payment> Payments { get; } = new(StringComparer.Ordinal);
        public SortedDictionary<string, Order> Orders { get; } = new(StringComparer.Ordinal);
        public SortedDictionary<string, PaymentPromise> Promises { get; } = new(StringComparer.Ordinal);
        private int next;

        public static Company Random(Random random)
        {
            var company = new Company();
            var count = random.Next(3, 25);
            for (var i = 0; i < count; i++)
            {
                var id = $"C{i:000}";
                company.Customers[id] = new Customer
                {
                    Id = id,
                    Name = "Customer " + id,
                    Currency = random.Next(4) == 0 ? "EUR" : "USD",
                    CreditLimit = random.Next(5) == 0 ? null : random.Next(1, 60) * 1_000m,
                    ParentId = i > 0 && random.Next(4) == 0 ? $"C{random.Next(i):000}" : null,
                    CollectorId = random.Next(3) == 0 ? null : "COL-" + random.Next(3),
                    ManualHold = random.Next(15) == 0,
                };
            }

            for (var i = random.Next(count * 4); i > 0; i--)
            {
                company.AddInvoice(random);
            }

            for (var i = random.Next(count); i > 0; i--)
            {
                company.AddOther(random);
            }

            return company;
        }

        public ArLedger Build() => new(
            Customers.Values.OrderBy(c => c.Id, StringComparer.Ordinal),
            Invoices.Values,
            Payments.Values,
            Orders.Values,
            [new ExchangeRate("EUR", AsOf.AddDays(-3), 1.0856m)],
            Promises.Values,
            [new Collector { Id = "COL-0", Name = "Anna" }, new Collector { Id = "COL-1", Name = "Ben" }]);

        public AccountContent Content(string customerId) => new(
            Customers[customerId],
            [.. Invoices.Values.Where(i => i.CustomerId == customerId)],
            [.. Payments.Values.Where(p => p.CustomerId == customerId)],
            [.. Orders.Values.Where(o => o.CustomerId == customerId)],
            [.. Promises.Values.Where(p => p.CustomerId == customerId)]);

        /// <summary>A few random changes; the customers they touch.</summary>
        public HashSet<string> Change(Random random)
        {
            var changed = new HashSet<string>(StringComparer.Ordinal);
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                var ids = Customers.Keys.ToList();
                switch (random.Next(7))
                {
                    case 0:
                        changed.Add(AddInvoice(random));
                        break;
                    case 1 when Invoices.Count > 0:
                        var invoice = Invoices.Values.ElementAt(random.Next(Invoices.Count));
                        var paid = random.Next(3) == 0;
                        Invoices[invoice.Id] = invoice with
                        {
                            OpenAmount = paid ? 0m : invoice.OpenAmount / 2,
                            Status = paid ? ItemStatus.Paid : invoice.Status,
                            Disputed = random.Next(4) == 0,
                            DueDate = invoice.DueDate.AddDays(random.Next(-40, 40)),
                        };
                        changed.Add(invoice.CustomerId);
                        break;
                    case 2 when Invoices.Count > 0:
                        // An invoice booked to another customer.
                        var moved = Invoices.Values.ElementAt(random.Next(Invoices.Count));
                        var to = ids[random.Next(ids.Count)];
                        Invoices[moved.Id] = moved with { CustomerId = to, Currency = Customers[to].Currency };
                        changed.Add(moved.CustomerId);
                        changed.Add(to);
                        break;
                    case 3:
                        var id = ids[random.Next(ids.Count)];
                        Customers[id] = Customers[id] with { CreditLimit = random.Next(1, 60) * 1_000m, ManualHold = random.Next(6) == 0, CollectorId = random.Next(3) == 0 ? null : "COL-" + random.Next(3) };
                        changed.Add(id);
                        break;
                    case 4:
                        var child = ids[random.Next(ids.Count)];
                        var parent = ids[random.Next(ids.Count)];
                        Customers[child] = Customers[child] with { ParentId = parent == child || random.Next(2) == 0 ? null : parent };
                        changed.Add(child);
                        break;
                    default:
                        changed.Add(AddOther(random));
                        break;
                }
            }

            return changed;
        }

        private string AddInvoice(Random random)
        {
            var customer = Customers.Values.ElementAt(random.Next(Customers.Count));
            var amount = random.Next(-5, 400) * 25.5m;
            var due = AsOf.AddDays(random.Next(-200, 60));
            Invoices[$"INV-{next++:0000}"] = new Invoice
            {
                Id = $"INV-{next - 1:0000}",
                CustomerId = customer.Id,
                Type = amount < 0 ? DocumentType.CreditMemo : DocumentType.Invoice,
                DocumentDate = due.AddDays(-30),
                DueDate = due,
                Amount = amount,
                OpenAmount = amount,
                Currency = customer.Currency,
                Disputed = random.Next(10) == 0,
            };
            return customer.Id;
        }

        private string AddOther(Random random)
        {
            var customer = Customers.Values.ElementAt(random.Next(Customers.Count));
            var key = $"X-{next++:0000}";
            switch (random.Next(3))
            {
                case 0:
                    Payments[key] = new Payment { Id = key, CustomerId = customer.Id, Date = AsOf.AddDays(-random.Next(30)), Amount = 500m, AppliedAmount = random.Next(2) * 200m, Currency = customer.Currency };
                    break;
                case 1:
                    Orders[key] = new Order { Id = key, CustomerId = customer.Id, Amount = 2_000m, UninvoicedAmount = random.Next(0, 3) * 1_000m, Currency = customer.Currency };
                    break;
                default:
                    Promises[customer.Id + "|" + key] = new PaymentPromise { CustomerId = customer.Id, PromisedOn = AsOf.AddDays(-random.Next(10)), DueDate = AsOf.AddDays(random.Next(-5, 10)), Amount = 1_000m };
                    break;
            }

            return customer.Id;
        }
    }
}
