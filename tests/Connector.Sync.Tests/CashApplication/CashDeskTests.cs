using Connector.Sync.CashApplication;
using Connector.Sync.Ledger;
using Connector.Sync.Ports;

namespace Connector.Sync.Tests.CashApplication;

public sealed class CashDeskTests
{
    private const string Person = "cli:jdoe";

    [Fact]
    public async Task AcceptAsync_OpenProposal_AppliesItCountsAtOnceAndAuditsWho()
    {
        await using var bench = await CashBench.CreateAsync();
        await bench.RunAsync();
        var proposal = (await bench.MatchesAsync()).First(m => m.Status == CashMatchStatuses.Open && m.Lines.Count > 0);

        var result = await bench.Desk.AcceptAsync(proposal.Id, Person, CancellationToken.None);

        Assert.True(result.IsRecorded, string.Join(" ", result.Lines));
        Assert.StartsWith($"Recorded: payment {proposal.PaymentId} of ", result.Lines[0], StringComparison.Ordinal);
        var after = (await bench.Desk.FindAsync(proposal.Id, CancellationToken.None))!;
        Assert.Equal(CashMatchStatuses.Accepted, after.Status);
        Assert.Equal(Person, after.DecidedBy);
        Assert.All(after.Lines.Where(l => l.Kind == CashLineKinds.Applied), l => Assert.Equal(CashLineKinds.Awaiting, l.State));
        var audit = Assert.Single(await bench.Store.ReadAuditAsync("payment:" + proposal.PaymentId, 10, CancellationToken.None));
        Assert.Equal(("cash.accept", Person), (audit.Event.Action, audit.Event.Actor));
        var counted = await CashApplicationSync.CountedAsync(bench.Store, await LedgerLoader.LoadAsync(bench.Store, CancellationToken.None), CancellationToken.None);
        Assert.Equal(
            proposal.Amount - proposal.Lines.Sum(l => l.Amount),
            counted.AllPayments.Single(p => p.Id == proposal.PaymentId).UnappliedAmount);
    }

    [Fact]
    public async Task AcceptAsync_UnknownId_SaysSoInOneLine()
    {
        await using var bench = await CashBench.CreateAsync();

        var result = await bench.Desk.AcceptAsync(99_999, Person, CancellationToken.None);

        Assert.Equal(CashDecisionOutcome.Unknown, result.Outcome);
        Assert.Equal(["cash accept: there is no cash application 99999 ('connector cash exceptions list' shows the open ones, '--all' every one)"], result.Lines);
    }

    [Fact]
    public async Task AcceptAsync_ExceptionWithoutProposal_RefusedPointingToAssign()
    {
        await using var bench = await CashBench.CreateAsync();
        await bench.RunAsync();
        var exception = (await bench.MatchesAsync()).First(m => m.Status == CashMatchStatuses.Open && m.Lines.Count == 0);

        var result = await bench.Desk.AcceptAsync(exception.Id, Person, CancellationToken.None);

        Assert.Equal(CashDecisionOutcome.Refused, result.Outcome);
        Assert.Contains("it has no proposal to accept; give the invoices with 'connector cash assign", result.Lines[0], StringComparison.Ordinal);
        Assert.EndsWith("; nothing was recorded", result.Lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssignAsync_AmountTieException_AppliesThePersonsChoice()
    {
        await using var bench = await CashBench.CreateAsync();
        await bench.RunAsync();
        var tie = (await bench.MatchesAsync()).First(m => m.Reason == "amount_tie");
        var chosen = CashDeskViews.Candidates(tie)[0];

        var result = await bench.Desk.AssignAsync(tie.Id, [new CashAssignment(chosen.Invoice, null)], Person, "customer confirmed by phone", CancellationToken.None);

        Assert.True(result.IsRecorded, string.Join(" ", result.Lines));
        var after = (await bench.Desk.FindAsync(tie.Id, CancellationToken.None))!;
        var applied = Assert.Single(after.Lines, l => l.Kind == CashLineKinds.Applied);
        Assert.Equal((chosen.Invoice, tie.Amount, "manual"), (applied.InvoiceId, applied.Amount, applied.Method));
        var audit = Assert.Single(await bench.Store.ReadAuditAsync("payment:" + tie.PaymentId, 10, CancellationToken.None));
        Assert.Equal(("cash.assign", "customer confirmed by phone"), (audit.Event.Action, audit.Event.Reason));
        Assert.Contains(await bench.Store.ReadPendingAsync("erp:cash-application", 10_000, CancellationToken.None), e => e.Item.Key == $"{tie.PaymentId}|{chosen.Invoice}|1|apply");
    }

    [Theory]
    [InlineData("INV-999999", null, "invoice 'INV-999999' is not in the ledger (check the ERP document number)")]
    [InlineData("{open}", "1000000", "over-application: ")]
    [InlineData("{open}", "0", "--amount for ")]
    [InlineData("{open}", "1.001", "has more decimals than")]
    public async Task AssignAsync_BadInvoiceOrAmount_RefusedInOneLineAndNothingRecorded(string invoice, string? amount, string expected)
    {
        await using var bench = await CashBench.CreateAsync();
        await bench.RunAsync();
        var tie = (await bench.MatchesAsync()).First(m => m.Reason == "amount_tie");
        var target = invoice == "{open}" ? CashDeskViews.Candidates(tie)[0].Invoice : invoice;

        var result = await bench.Desk.AssignAsync(tie.Id, [new CashAssignment(target, amount is null ? null : decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture))], Person, null, CancellationToken.None);

        Assert.Equal(CashDecisionOutcome.Refused, result.Outcome);
        Assert.Contains(expected, Assert.Single(result.Lines), StringComparison.Ordinal);
        Assert.Equal(CashMatchStatuses.Open, (await bench.Desk.FindAsync(tie.Id, CancellationToken.None))!.Status);
        Assert.Empty(await bench.Store.ReadAuditAsync("payment:" + tie.PaymentId, 10, CancellationToken.None));
    }

    [Fact]
    public async Task AssignAsync_InvoiceInAnotherCurrency_RefusedNamingBoth()
    {
        await using var bench = await CashBench.CreateAsync();
        await bench.RunAsync();
        var ledger = await LedgerLoader.LoadAsync(bench.Store, CancellationToken.None);
        var open = (await bench.MatchesAsync()).First(m => m.Status == CashMatchStatuses.Open);
        var other = ledger.Accounts.SelectMany(a => a.OpenItems).First(i => i.Currency != open.Currency && !i.IsCreditMemo);

        var result = await bench.Desk.AssignAsync(open.Id, [new CashAssignment(other.Id, 1m)], Person, null, CancellationToken.None);

        Assert.Equal(
            $"cash assign {open.Id}: {other.Id} is in {other.Currency}, the payment in {open.Currency}; apply a payment to invoices of its own currency; nothing was recorded",
            Assert.Single(result.Lines));
    }

    [Fact]
    public async Task RejectAsync_OpenException_ClosesItAndTheNextCycleLeavesItAlone()
    {
        await using var bench = await CashBench.CreateAsync();
        await bench.RunAsync();
        var exception = (await bench.MatchesAsync()).First(m => m.Status == CashMatchStatuses.Open);

        var result = await bench.Desk.RejectAsync(exception.Id, Person, "advance payment, booked by hand", CancellationToken.None);
        var next = await bench.RunAsync();

        Assert.True(result.IsRecorded);
        Assert.Equal(CashMatchStatuses.Rejected, (await bench.Desk.FindAsync(exception.Id, CancellationToken.None))!.Status);
        Assert.Equal(0, next.Report.Matched);
        var audit = Assert.Single(await bench.Store.ReadAuditAsync("payment:" + exception.PaymentId, 10, CancellationToken.None));
        Assert.Equal(("cash.reject", Person, "advance payment, booked by hand"), (audit.Event.Action, audit.Event.Actor, audit.Event.Reason));
    }

    [Fact]
    public async Task UnapplyAsync_AutoAccepted_ReopensItTellsTheErpAndStopsCounting()
    {
        await using var bench = await CashBench.CreateAsync();
        await bench.RunAsync();
        var accepted = (await bench.MatchesAsync()).First(m => m.Status == CashMatchStatuses.Accepted);

        var result = await bench.Desk.UnapplyAsync(accepted.Id, Person, "wrong customer", CancellationToken.None);

        Assert.True(result.IsRecorded, string.Join(" ", result.Lines));
        var after = (await bench.Desk.FindAsync(accepted.Id, CancellationToken.None))!;
        Assert.Equal((CashMatchStatuses.Open, "unapplied"), (after.Status, after.Reason));
        Assert.All(after.Lines.Where(l => l.Kind == CashLineKinds.Applied), l => Assert.Equal(CashLineKinds.Unapplied, l.State));
        var reversal = (await bench.Store.ReadPendingAsync("erp:cash-application", 10_000, CancellationToken.None)).Where(e => e.Item.Key.EndsWith("|unapply", StringComparison.Ordinal)).ToList();
        Assert.Equal(after.Lines.Count(l => l.Kind == CashLineKinds.Applied), reversal.Count);
        var counted = await CashApplicationSync.CountedAsync(bench.Store, await LedgerLoader.LoadAsync(bench.Store, CancellationToken.None), CancellationToken.None);
        Assert.Equal(accepted.Amount, counted.AllPayments.Single(p => p.Id == accepted.PaymentId).UnappliedAmount);
        Assert.Contains(await bench.Store.ReadAuditAsync("payment:" + accepted.PaymentId, 10, CancellationToken.None), a => a.Event.Action == "cash.unapply" && a.Event.Reason == "wrong customer");
    }

    [Fact]
    public async Task UnapplyAsync_OpenException_RefusedBecauseNothingIsApplied()
    {
        await using var bench = await CashBench.CreateAsync();
        await bench.RunAsync();
        var open = (await bench.MatchesAsync()).First(m => m.Status == CashMatchStatuses.Open);

        var result = await bench.Desk.UnapplyAsync(open.Id, Person, "oops", CancellationToken.None);

        Assert.Equal($"cash unapply {open.Id}: it is open; only an accepted application can be unapplied; nothing was recorded", Assert.Single(result.Lines));
    }
}
