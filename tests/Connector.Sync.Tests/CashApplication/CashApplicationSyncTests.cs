using Connector.Domain.CashApplication;
using Connector.Sync.Ports;

namespace Connector.Sync.Tests.CashApplication;

public sealed class CashApplicationSyncTests
{
    [Fact]
    public async Task RunAsync_SampleCompany_AutoAcceptsOnlyTrueMatchesAndQueuesTheRest()
    {
        await using var bench = await CashBench.CreateAsync();
        var truth = CashBench.Truth();

        var result = await bench.RunAsync();

        var matches = await bench.MatchesAsync();
        Assert.Equal(truth.Count, matches.Count);
        var accepted = matches.Where(m => m.Status == CashMatchStatuses.Accepted).ToList();
        var falseAccepts = accepted
            .Where(m => !Applied(m).SetEquals(truth[m.PaymentId]))
            .Select(m => $"{m.PaymentId}: applied {string.Join(";", Applied(m))}, truth {string.Join(";", truth[m.PaymentId])}")
            .ToList();
        Assert.Empty(falseAccepts);
        Assert.True(accepted.Count >= 100, $"only {accepted.Count} of {truth.Count} payments accepted automatically");
        Assert.Equal(accepted.Count, result.Report.AutoAccepted);
        Assert.Equal(matches.Count - accepted.Count, result.Report.Queued);
        Assert.All(matches.Where(m => m.Status == CashMatchStatuses.Open), m => Assert.False(string.IsNullOrWhiteSpace(m.Reason)));
        Assert.Equal(accepted.Sum(m => Applied(m).Count), (await bench.Store.ReadPendingAsync("erp:cash-application", 100_000, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task RunAsync_AcceptedCash_CountsInTheLedgerItReturns()
    {
        await using var bench = await CashBench.CreateAsync();

        var result = await bench.RunAsync();

        var accepted = (await bench.MatchesAsync()).First(m => m.Status == CashMatchStatuses.Accepted && m.Lines.Any(l => l.Kind == CashLineKinds.Applied && l.Amount == l.OpenBefore));
        var line = accepted.Lines.First(l => l.Kind == CashLineKinds.Applied && l.Amount == l.OpenBefore);
        Assert.DoesNotContain(result.Ledger.Find(line.CustomerId)!.OpenItems, i => i.Id == line.InvoiceId);
        Assert.Equal(0m, result.Ledger.AllPayments.Single(p => p.Id == accepted.PaymentId).UnappliedAmount);
        Assert.Equal(CashLineKinds.Awaiting, line.State);
    }

    [Fact]
    public async Task RunAsync_SecondCycle_MatchesNothingTwiceAndQueuesNoWritebackAgain()
    {
        await using var bench = await CashBench.CreateAsync();
        await bench.RunAsync();
        var first = await bench.MatchesAsync();
        var pending = (await bench.Store.ReadPendingAsync("erp:cash-application", 100_000, CancellationToken.None)).Count;

        var again = await bench.RunAsync();

        Assert.Equal(0, again.Report.Matched);
        Assert.Equal(first.Count, (await bench.MatchesAsync()).Count);
        Assert.Equal(pending, (await bench.Store.ReadPendingAsync("erp:cash-application", 100_000, CancellationToken.None)).Count);
        Assert.Equal(first.Count(m => m.Status == CashMatchStatuses.Open), again.Report.OpenExceptions);
    }

    [Fact]
    public async Task RunAsync_NothingAutoAccepted_EveryProposalWaitsWithItsReason()
    {
        await using var bench = await CashBench.CreateAsync(new CashApplicationPolicy { AutoAccept = [] });

        var result = await bench.RunAsync();

        Assert.Equal(0, result.Report.AutoAccepted);
        var proposed = (await bench.MatchesAsync()).Where(m => m.Lines.Count > 0).ToList();
        Assert.NotEmpty(proposed);
        Assert.All(proposed, m => Assert.Equal("not_auto_accepted", m.Reason));
        Assert.All(proposed, m => Assert.StartsWith("Proposed, not accepted automatically: the ", m.Explanation, StringComparison.Ordinal));
    }

    private static HashSet<string> Applied(StoredCashMatch match) =>
        [.. match.Lines.Where(static l => l.Kind == CashLineKinds.Applied).Select(static l => l.InvoiceId)];
}
