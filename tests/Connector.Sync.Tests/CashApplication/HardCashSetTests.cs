using System.Globalization;
using System.Text;
using Connector.Domain.CashApplication;
using Connector.Sync.CashApplication;
using Connector.Sync.Ports;
using Xunit.Abstractions;

namespace Connector.Sync.Tests.CashApplication;

/// <summary>
/// The matcher against a generated bank day of hard cases with the truth known (<see cref="HardCashSet"/>): no payment is
/// ever accepted automatically for other invoices than the truth's, and the auto-accept rate is reported (and held above a
/// floor, so a matcher that turns timid fails too).
/// </summary>
public sealed class HardCashSetTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 17, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Plan_HardCasesWithTheDemoRules_NoFalseAutoAcceptAndTheEasyOnesAccepted(int seed)
    {
        var set = HardCashSet.Generate(seed, rounds: 40);

        var (accepted, wrong) = Run(set, CashBench.AutoAccepting, "Reference, ExactAmount");

        Assert.Empty(wrong);
        Assert.True(accepted * 100 / set.Truth.Count >= 40, $"only {accepted} of {set.Truth.Count} accepted automatically");
    }

    [Fact]
    public void Plan_HardCasesWithEveryRuleListed_NoFalseAutoAccept()
    {
        var set = HardCashSet.Generate(7, rounds: 40);
        var every = new CashApplicationPolicy { AutoAccept = Enum.GetValues<MatchMethod>() };

        var (_, wrong) = Run(set, every, "every rule");

        Assert.Empty(wrong);
    }

    [Fact]
    public void Plan_GroupPayerSeveralCustomersAndOtherCurrency_ProposesWhatThePersonWouldApply()
    {
        var set = HardCashSet.Generate(11, rounds: 5);

        var plan = CashCyclePlanner.Plan(set.Ledger, set.History, new CashApplicationPolicy(), Now, HardCashSet.CompanyCurrency);

        foreach (var kind in new[] { "group payer", "several customers, remittance advice", "another currency, by reference", "partial reference, known account", "known account, exact amount" })
        {
            var matches = plan.Commit.NewMatches.Where(m => set.Case[m.PaymentId] == kind).ToList();
            Assert.NotEmpty(matches);
            Assert.All(matches, m => Assert.True(Proposed(m).SetEquals(set.Truth[m.PaymentId]), $"{kind}: {m.PaymentId} proposed {string.Join(";", Proposed(m))}: {m.Explanation}"));
        }

        var fx = plan.Commit.NewMatches.First(m => set.Case[m.PaymentId] == "another currency, by reference").Lines.Single();
        Assert.Equal("cross_currency", fx.Method);
        Assert.NotNull(fx.InvoiceAmount);
        Assert.NotEqual(0m, fx.FxAmount);
    }

    private (int Accepted, List<string> Wrong) Run(HardCashSet set, CashApplicationPolicy policy, string rules)
    {
        var plan = CashCyclePlanner.Plan(set.Ledger, set.History, policy, Now, HardCashSet.CompanyCurrency);

        var wrong = new List<string>();
        var accepted = 0;
        var proposedRight = 0;
        var perCase = new SortedDictionary<string, (int Total, int Accepted, int Proposed)>(StringComparer.Ordinal);
        foreach (var match in plan.Commit.NewMatches)
        {
            var truth = set.Truth[match.PaymentId];
            var kind = set.Case[match.PaymentId];
            var row = perCase.GetValueOrDefault(kind);
            row.Total++;
            if (match.Status == CashMatchStatuses.Accepted)
            {
                accepted++;
                row.Accepted++;
                if (!Applied(match).SetEquals(truth))
                {
                    wrong.Add($"{match.PaymentId} ({kind}): applied {string.Join(";", Applied(match))}, truth {string.Join(";", truth)}: {match.Explanation}");
                }
            }
            else if (Proposed(match).Count > 0 && Proposed(match).SetEquals(truth))
            {
                proposedRight++;
                row.Proposed++;
            }

            perCase[kind] = row;
        }

        var report = new StringBuilder();
        report.Append(CultureInfo.InvariantCulture, $"Rules {rules}: {plan.Commit.NewMatches.Count} payments, {accepted} accepted automatically ({Percent(accepted, plan.Commit.NewMatches.Count)}), ")
            .Append(CultureInfo.InvariantCulture, $"{proposedRight} queued with the right proposal, {wrong.Count} false auto-accepts").AppendLine();
        foreach (var (kind, row) in perCase)
        {
            report.Append(CultureInfo.InvariantCulture, $"  {kind}: {row.Total} payments, {row.Accepted} auto-accepted, {row.Proposed} right proposals queued").AppendLine();
        }

        output.WriteLine(report.ToString());
        return (accepted, wrong);
    }

    private static string Percent(int part, int whole) => whole == 0 ? "0%" : (part * 100.0 / whole).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static HashSet<string> Applied(StoredCashMatch match) =>
        [.. match.Lines.Where(static l => l.Kind == CashLineKinds.Applied).Select(static l => l.InvoiceId)];

    private static HashSet<string> Proposed(StoredCashMatch match) =>
        [.. match.Lines.Where(static l => l.Kind == CashLineKinds.Proposed).Select(static l => l.InvoiceId)];
}
