using Connector.Sync.Ports;

namespace Connector.Store.Tests.Relational;

public abstract partial class StoreContractTests
{
    private const string CashTarget = "erp:cash-application";

    [Fact]
    public async Task CommitCashAsync_NewMatchWithLines_ReadBackExactlyWithAuditAndOutbox()
    {
        var match = CashMatch("PAY-1", CashMatchStatuses.Accepted) with
        {
            Lines = [CashLine(CashLineKinds.Proposed, "INV-1", 1234.50m), CashLine(CashLineKinds.Applied, "INV-1", 1234.50m) with { State = CashLineKinds.Awaiting, OpenBefore = 1250.10m, WriteOff = 0.05m }],
        };

        var stored = await Store.CommitCashAsync(
            new CashCommit
            {
                NewMatches = [match],
                Audit = [new AuditEvent(Time.GetUtcNow(), "connector", "cash.auto-accept", "payment:PAY-1", null, "1,234.50 USD to INV-1", "why")],
                Outbox = [new OutboxItem(CashTarget, "PAY-1|INV-1|1|apply", "{}", 7)],
            },
            CancellationToken.None);

        Assert.Equal(1, stored);
        var read = Assert.Single(await Store.ReadCashMatchesAsync(CancellationToken.None));
        Assert.Equal("PAY-1", read.PaymentId);
        Assert.Equal(1234.50m, read.Amount);
        Assert.Equal("1234.50", read.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(new DateOnly(2026, 11, 16), read.PaymentDate);
        Assert.Equal("BANKREF-1", read.BankReference);
        Assert.Equal([CashLineKinds.Proposed, CashLineKinds.Applied], read.Lines.Select(l => l.Kind));
        Assert.Equal(1250.10m, read.Lines[1].OpenBefore);
        Assert.Equal(0.05m, read.Lines[1].WriteOff);
        Assert.Equal(CashLineKinds.Awaiting, read.Lines[1].State);
        Assert.Equal(read, (await Store.FindCashMatchAsync(read.Id, CancellationToken.None))! with { Lines = read.Lines });
        Assert.Equal("cash.auto-accept", Assert.Single(await Store.ReadAuditAsync("payment:PAY-1", 10, CancellationToken.None)).Event.Action);
        Assert.Equal("PAY-1|INV-1|1|apply", Assert.Single(await Store.ReadPendingAsync(CashTarget, 10, CancellationToken.None)).Item.Key);
    }

    [Fact]
    public async Task CommitCashAsync_PaymentAlreadyMatched_SkipsTheSecondMatchAndItsLines()
    {
        await Store.CommitCashAsync(new CashCommit { NewMatches = [CashMatch("PAY-1", CashMatchStatuses.Open)] }, CancellationToken.None);

        var stored = await Store.CommitCashAsync(
            new CashCommit { NewMatches = [CashMatch("PAY-1", CashMatchStatuses.Accepted) with { Lines = [CashLine(CashLineKinds.Applied, "INV-9", 1m)] }, CashMatch("PAY-2", CashMatchStatuses.Open)] },
            CancellationToken.None);

        Assert.Equal(1, stored);
        var matches = await Store.ReadCashMatchesAsync(CancellationToken.None);
        Assert.Equal(["PAY-1", "PAY-2"], matches.Select(m => m.PaymentId));
        Assert.Equal(CashMatchStatuses.Open, matches[0].Status);
        Assert.Empty(matches[0].Lines);
    }

    [Fact]
    public async Task CommitCashAsync_Update_ChangesStatusAddsLinesAndMovesLineStates()
    {
        await Store.CommitCashAsync(new CashCommit { NewMatches = [CashMatch("PAY-1", CashMatchStatuses.Accepted) with { Lines = [CashLine(CashLineKinds.Applied, "INV-1", 10m) with { State = CashLineKinds.Awaiting }] }] }, CancellationToken.None);
        var match = Assert.Single(await Store.ReadCashMatchesAsync(CancellationToken.None));

        await Store.CommitCashAsync(
            new CashCommit
            {
                Updates =
                [
                    new CashMatchUpdate
                    {
                        MatchId = match.Id, Status = CashMatchStatuses.Open, Reason = "unapplied", DecidedBy = "cli:jdoe", DecidedAt = Time.GetUtcNow(), DecisionReason = "wrong customer",
                        LineStates = new Dictionary<long, string> { [match.Lines[0].Id] = CashLineKinds.Unapplied },
                        NewLines = [CashLine(CashLineKinds.Proposed, "INV-2", 10m)],
                    },
                ],
            },
            CancellationToken.None);

        var read = (await Store.FindCashMatchAsync(match.Id, CancellationToken.None))!;
        Assert.Equal(CashMatchStatuses.Open, read.Status);
        Assert.Equal("wrong customer", read.DecisionReason);
        Assert.Equal("cli:jdoe", read.DecidedBy);
        Assert.Equal(match.Explanation, read.Explanation);
        Assert.Equal([CashLineKinds.Unapplied, null], read.Lines.Select(l => l.State));
        Assert.Equal("INV-2", read.Lines[1].InvoiceId);
    }

    [Fact]
    public async Task CommitCashAsync_ADayOfPaymentsCommittedTwice_EveryRowOnceInOrderAndTheChainVerifies()
    {
        // 250 matches: two full bulk statements and a remainder on SQLite; a commit's second run (a replay) adds nothing.
        const int count = 250;
        var commit = new CashCommit
        {
            NewMatches = [.. Enumerable.Range(0, count).Select(i => CashMatch($"PAY-{i:D4}", i % 3 == 0 ? CashMatchStatuses.Open : CashMatchStatuses.Accepted) with
            {
                Amount = 100m + (i / 100m),
                BankReference = i % 2 == 0 ? null : $"BANKREF-{i}",
                Reason = i % 7 == 0 ? "" : null,
                Lines = i % 3 == 0 ? [] : [CashLine(CashLineKinds.Proposed, $"INV-{i}", 100m + (i / 100m)), CashLine(CashLineKinds.Applied, $"INV-{i}", 100m + (i / 100m)) with { State = CashLineKinds.Awaiting, InvoiceAmount = i % 5 == 0 ? 90.5m : null }],
            })],
            Audit = [.. Enumerable.Range(0, count).Select(i => new AuditEvent(Time.GetUtcNow(), "connector", "cash.auto-accept", $"payment:PAY-{i:D4}", null, $"{i} to INV-{i}", i % 2 == 0 ? null : "why"))],
            Outbox = [.. Enumerable.Range(0, count).Select(i => new OutboxItem(CashTarget, $"PAY-{i:D4}|INV-{i}|1|apply", $"{{\"n\":{i}}}", (UInt128)(i + 1)))],
        };

        var first = await Store.CommitCashAsync(commit, CancellationToken.None);
        var second = await Store.CommitCashAsync(commit with { Audit = [] }, CancellationToken.None);

        Assert.Equal(count, first);
        Assert.Equal(0, second);
        var matches = await Store.ReadCashMatchesAsync(CancellationToken.None);
        Assert.Equal(commit.NewMatches.Select(m => m.PaymentId), matches.Select(m => m.PaymentId));
        Assert.Equal(commit.NewMatches.Select(m => m.Amount), matches.Select(m => m.Amount));
        Assert.Equal(commit.NewMatches.Select(m => m.BankReference), matches.Select(m => m.BankReference));
        Assert.Equal(commit.NewMatches.Select(m => m.Reason), matches.Select(m => m.Reason));
        Assert.Equal(commit.NewMatches.Select(m => m.Lines.Count), matches.Select(m => m.Lines.Count));
        Assert.Equal(commit.NewMatches.SelectMany(m => m.Lines.Select(l => (l.InvoiceId, l.Kind, l.InvoiceAmount))), matches.SelectMany(m => m.Lines.Select(l => (l.InvoiceId, l.Kind, l.InvoiceAmount))));
        var pending = await Store.ReadPendingAsync(CashTarget, 1000, CancellationToken.None);
        Assert.Equal(commit.Outbox.Select(o => o.Key), pending.Select(p => p.Item.Key));
        var verification = await VerifyAsync(Store);
        Assert.True(verification.Intact, verification.Break?.Problem);
        Assert.Equal(count, verification.Events);
        Assert.Equal("1 to INV-1", Assert.Single(await Store.ReadAuditAsync("payment:PAY-0001", 10, CancellationToken.None)).Event.After);
    }

    [Fact]
    public async Task FindCashMatchAsync_UnknownId_ReturnsNull() =>
        Assert.Null(await Store.FindCashMatchAsync(42, CancellationToken.None));

    private StoredCashMatch CashMatch(string paymentId, string status) => new()
    {
        PaymentId = paymentId,
        CustomerId = "C-1",
        Amount = 1234.50m,
        Currency = "USD",
        PaymentDate = new DateOnly(2026, 11, 16),
        BankReference = "BANKREF-1",
        Source = "bank",
        Status = status,
        Explanation = "Remittance names INV-1.",
        CreatedAt = Time.GetUtcNow(),
        DecidedBy = status == CashMatchStatuses.Accepted ? "connector" : null,
        DecidedAt = status == CashMatchStatuses.Accepted ? Time.GetUtcNow() : null,
    };

    private StoredCashLine CashLine(string kind, string invoiceId, decimal amount) => new()
    {
        Kind = kind,
        InvoiceId = invoiceId,
        CustomerId = "C-1",
        Amount = amount,
        Method = "reference",
        Confidence = "high",
        Explanation = "named",
        AcceptedBy = kind == CashLineKinds.Applied ? "connector" : null,
        AcceptedAt = kind == CashLineKinds.Applied ? Time.GetUtcNow() : null,
    };
}
