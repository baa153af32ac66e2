using System.Globalization;
using Connector.Domain.Aging;
using Connector.Domain.Credit;
using Connector.Domain.Evaluation;
using Connector.Domain.Ledger;
using Connector.Domain.Tests.Builders;

namespace Connector.Domain.Tests.Evaluation;

public sealed class EvaluationBuffersTests
{
    [Fact]
    public void Evaluate_WithReusedBuffers_EqualsAFreshEvaluationRunAfterRun()
    {
        // Sizes that shrink and grow, so the buffers are reused longer than the ledger, re-made, and reused again.
        var policies = new EvaluationPolicies { Credit = new CreditPolicy { OverdueShareEnabled = true } };
        var buffers = new EvaluationBuffers();
        IReadOnlyDictionary<string, HoldStatus>? previous = null;
        foreach (var (customers, seed) in new[] { (60, 1), (55, 2), (60, 3), (90, 4), (85, 5) })
        {
            var ledger = Company(customers, seed);
            var fresh = PortfolioEvaluator.Evaluate(ledger, policies, A.AsOf, Actions(), previous);
            var reused = PortfolioEvaluator.Evaluate(ledger, policies, A.AsOf, Actions(), previous, buffers);

            Assert.Equal(Describe(fresh), Describe(reused));
            Assert.Equal(fresh.CustomersOnHold, reused.CustomersOnHold);
            Assert.Equal(fresh.OpenCases, reused.OpenCases);
            previous = reused.Credit.Statuses();
        }
    }

    [Fact]
    public void Evaluate_TwoLaterEvaluationsWithTheSameBuffers_OldestCannotBeReadAnyMore()
    {
        var policies = new EvaluationPolicies();
        var buffers = new EvaluationBuffers();
        var ledger = Company(40, 7);
        var fresh = PortfolioEvaluator.Evaluate(ledger, policies, A.AsOf);
        var first = PortfolioEvaluator.Evaluate(ledger, policies, A.AsOf, null, null, buffers);
        var readEarly = first.Credit.Find("C0003")!;
        var second = PortfolioEvaluator.Evaluate(ledger, policies, A.AsOf, null, null, buffers);
        _ = PortfolioEvaluator.Evaluate(ledger, policies, A.AsOf, null, null, buffers);

        Assert.Throws<InvalidOperationException>(() => first.Credit.Find("C0010"));
        Assert.Throws<InvalidOperationException>(() => first.Aging.Lines[5]);
        Assert.Throws<InvalidOperationException>(() => first.Collections[5]);
        Assert.Throws<InvalidOperationException>(() => first.CustomersOnHold);
        Assert.Equal(Describe(fresh), Describe(second)); // the one before last is still whole
        Assert.Equal(fresh.Credit.Find("C0003")!.Exposure.Orders, readEarly.Exposure.Orders); // what was read stays valid
    }

    /// <summary>Everything a reader of the evaluation sees, customer by customer, as text.</summary>
    private static List<string> Describe(PortfolioEvaluation evaluation)
    {
        var lines = new List<string> { $"total {Line(evaluation.Aging.Total)}" };
        for (var i = 0; i < evaluation.Aging.Lines.Count; i++)
        {
            var snapshot = evaluation.Credit.Snapshots[i];
            var exposure = snapshot.Exposure;
            var hold = snapshot.Hold;
            lines.Add(string.Join(
                " | ",
                Line(evaluation.Aging.Lines[i]),
                exposure with { Orders = [] },
                string.Join(",", exposure.Orders),
                string.Join(",", snapshot.Groups),
                hold with { Reasons = [], Codes = [] },
                string.Join(",", hold.Reasons),
                string.Join(",", hold.Codes),
                string.Join(",", hold.Transitions.Select(static t => $"{t.Kind} {t.Details} {string.Join("/", t.Codes)}")),
                snapshot.HoldMessage,
                snapshot.AvailableCredit?.ToString(CultureInfo.InvariantCulture) ?? "-",
                evaluation.Collections[i]));
        }

        return lines;
    }

    private static string Line(AgingLine line) =>
        (line with { Buckets = [] }) + " " + string.Join(",", line.Buckets.Select(static b => b.ToString(CultureInfo.InvariantCulture)));

    private static ManualActions Actions() => new(
        releases: [new HoldRelease { CustomerId = "C0004", ReleasedBy = "ana", Reason = "paid by wire", ReleasedOn = A.AsOf.AddDays(-1) }],
        manualHolds: [new ManualHold { CustomerId = "C0006", By = "ben", Reason = "dispute", On = A.AsOf.AddDays(-2) }]);

    /// <summary>Customers in USD and EUR, groups, disputed items, credit memos, orders, payments and promises.</summary>
    private static ArLedger Company(int customers, int seed)
    {
        var random = new Random(seed);
        var people = new List<Customer>();
        var invoices = new List<Invoice>();
        var orders = new List<Order>();
        var payments = new List<Payment>();
        var promises = new List<PaymentPromise>();
        for (var c = 0; c < customers; c++)
        {
            var id = $"C{c:0000}";
            var currency = c % 4 == 0 ? "EUR" : "USD";
            people.Add(A.Customer(id, currency, c % 9 == 0 ? null : random.Next(5, 60) * 1_000m) with
            {
                ParentId = c % 10 is 1 or 2 ? $"C{c - (c % 10):0000}" : null,
                RiskClass = c % 5 == 0 ? null : (RiskClass)(c % 4),
                ManualHold = c % 23 == 0,
            });
            for (var i = 0; i < random.Next(0, 12); i++)
            {
                var amount = random.Next(100, 9_000) + (random.Next(100) / 100m);
                var item = i % 7 == 3 ? A.CreditMemo($"{id}-CM{i}", amount, random.Next(-30, 200), id) : A.Invoice($"{id}-I{i}", amount, random.Next(-30, 200), id, currency);
                invoices.Add(item with { Currency = currency, Disputed = i % 5 == 4, OpenAmount = i % 6 == 5 ? Math.Round(item.OpenAmount / 3, 2) : item.OpenAmount });
            }

            for (var o = 0; o < random.Next(0, 4); o++)
            {
                orders.Add(A.Order($"SO-{id}-{o % 2}", random.Next(100, 20_000), id) with
                {
                    Currency = currency,
                    Source = o < 2 ? OrderSource.Erp : OrderSource.Dataverse,
                    Status = o == 3 ? OrderStatus.Invoiced : OrderStatus.Open,
                });
            }

            if (c % 3 == 0)
            {
                payments.Add(A.Payment($"P-{id}", random.Next(100, 3_000), id, daysAgo: random.Next(0, 20)) with { Currency = currency });
            }

            if (c % 8 == 0)
            {
                promises.Add(A.Promise(1_000m, promisedDaysAgo: 25, dueInDays: random.Next(-20, 10), customerId: id));
            }
        }

        var rates = Enumerable.Range(0, 30).Select(static d => new ExchangeRate("EUR", A.AsOf.AddDays(-d), 1.07m + (d / 1000m)));
        return A.Ledger(people, invoices, payments, orders, rates, promises, [CreditSetup.Collector()]);
    }
}
