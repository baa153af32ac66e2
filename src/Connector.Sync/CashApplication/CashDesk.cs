using System.Globalization;
using Connector.Domain.CashApplication;
using Connector.Domain.Currencies;
using Connector.Domain.Ledger;
using Connector.Sync.Clock;
using Connector.Sync.Ports;

namespace Connector.Sync.CashApplication;

public enum CashDecisionOutcome
{
    Recorded,

    /// <summary>No match with that id.</summary>
    Unknown,

    /// <summary>The request does not fit the match or the ledger (status, invoice, amount, currency): nothing recorded.</summary>
    Refused,
}

/// <summary>What a person's decision did, in sentences (the first says what happened, or what is wrong).</summary>
public sealed record CashDecisionResult(CashDecisionOutcome Outcome, IReadOnlyList<string> Lines)
{
    public bool IsRecorded => Outcome == CashDecisionOutcome.Recorded;

    internal static CashDecisionResult Of(CashDecisionOutcome outcome, params string[] lines) => new(outcome, lines);
}

/// <summary>One invoice of a person's own split: <c>--invoice INV-1 --amount 100.00</c> (no amount: what the invoice has open, up to what is left of the payment).</summary>
public sealed record CashAssignment(string InvoiceId, decimal? Amount);

/// <summary>
/// The exceptions queue a person works (<c>connector cash exceptions|accept|assign|reject|unapply</c>): each decision is
/// checked against the ledger as the accepted cash leaves it (no invoice gets more than it has open, no payment gives
/// more than it has, one currency), recorded with who and why in the audit journal, and its ERP writeback rows queued in
/// the same transaction. The next evaluation (credit check, holds, sync) counts it at once.
/// </summary>
public sealed class CashDesk
{
    /// <summary>What a reason may hold at most.</summary>
    public const int ReasonMaxLength = 500;

    private readonly IConnectorStoreFactory stores;
    private readonly CompanyClock clock;

    public CashDesk(IConnectorStoreFactory stores, CompanyClock clock)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(clock);
        this.stores = stores;
        this.clock = clock;
    }

    /// <summary>Why a reason is refused, or <c>null</c> when it is fine.</summary>
    public static string? CheckReason(string? reason) =>
        reason is null || reason.Trim().Length == 0 ? "--reason TEXT is required: it is kept in the audit journal"
        : reason.Trim().Length > ReasonMaxLength ? $"--reason is {reason.Trim().Length} characters; at most {ReasonMaxLength}"
        : null;

    /// <summary>The matches, newest first: the open ones (the queue), or all when <paramref name="all"/>.</summary>
    public async Task<IReadOnlyList<StoredCashMatch>> ListAsync(bool all, CancellationToken cancellationToken)
    {
        await using var store = await stores.OpenExistingAsync(cancellationToken).ConfigureAwait(false);
        if (store is null)
        {
            return [];
        }

        var matches = await store.ReadCashMatchesAsync(cancellationToken).ConfigureAwait(false);
        return [.. matches.Where(m => all || m.Status == CashMatchStatuses.Open).OrderByDescending(static m => m.Id)];
    }

    public async Task<StoredCashMatch?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var store = await stores.OpenExistingAsync(cancellationToken).ConfigureAwait(false);
        return store is null ? null : await store.FindCashMatchAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Accepts the match's proposal as it stands.</summary>
    public Task<CashDecisionResult> AcceptAsync(long id, string by, CancellationToken cancellationToken) =>
        DecideAsync(id, "accept", async (store, match, ledgers) =>
        {
            if (match.Status != CashMatchStatuses.Open)
            {
                return Refuse(match, "accept", $"it is {Status(match)}; only an open exception can be accepted");
            }

            var proposed = match.Lines.Where(static l => l.Kind == CashLineKinds.Proposed).ToList();
            if (proposed.Count == 0)
            {
                return Refuse(match, "accept", "it has no proposal to accept; give the invoices with 'connector cash assign " + match.Id.ToString(CultureInfo.InvariantCulture) + " --invoice ID [--amount X]'");
            }

            return await RecordAcceptanceAsync(store, match, ledgers, proposed, by, "cash.accept", null, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Applies the payment as the person splits it (replacing the proposal).</summary>
    public Task<CashDecisionResult> AssignAsync(long id, IReadOnlyList<CashAssignment> assignments, string by, string? reason, CancellationToken cancellationToken) =>
        DecideAsync(id, "assign", async (store, match, ledgers) =>
        {
            if (match.Status != CashMatchStatuses.Open)
            {
                return Refuse(match, "assign", $"it is {Status(match)}; only an open exception can be assigned ('connector cash unapply {match.Id}' first to change an accepted one)");
            }

            if (assignments.Count == 0)
            {
                return Refuse(match, "assign", "give at least one --invoice ID");
            }

            var lines = new List<StoredCashLine>();
            var left = match.Amount;
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var assignment in assignments)
            {
                var invoiceId = assignment.InvoiceId.Trim();
                if (!seen.Add(invoiceId))
                {
                    return Refuse(match, "assign", $"invoice {invoiceId} is given twice; give each invoice once with its whole amount");
                }

                var invoice = Find(ledgers.Counted, invoiceId);
                if (invoice is null)
                {
                    return Refuse(match, "assign", $"invoice '{invoiceId}' is not in the ledger (check the ERP document number)");
                }

                if (invoice.IsCreditMemo)
                {
                    return Refuse(match, "assign", $"{invoice.Id} is a credit memo; cash is applied to invoices");
                }

                if (!string.Equals(invoice.Currency, match.Currency, StringComparison.OrdinalIgnoreCase))
                {
                    return Refuse(match, "assign", $"{invoice.Id} is in {invoice.Currency}, the payment in {match.Currency}; apply a payment to invoices of its own currency");
                }

                var open = invoice.IsOpen ? invoice.OpenAmount : 0m;
                if (open <= 0m)
                {
                    return Refuse(match, "assign", $"{invoice.Id} has nothing open (paid, written off, or settled by cash already accepted)");
                }

                var amount = assignment.Amount ?? Math.Min(open, left);
                if (amount <= 0m)
                {
                    return assignment.Amount is null
                        ? Refuse(match, "assign", $"nothing of the payment is left for {invoice.Id}: the invoices before it take all {Money(match.Amount, match.Currency)}")
                        : Refuse(match, "assign", $"--amount for {invoice.Id} must be more than 0 (was {assignment.Amount.Value.ToString(CultureInfo.InvariantCulture)})");
                }

                if (decimal.Round(amount, CurrencyUnits.MinorUnits(match.Currency)) != amount)
                {
                    return Refuse(match, "assign", $"--amount {amount.ToString(CultureInfo.InvariantCulture)} for {invoice.Id} has more decimals than {match.Currency} has ({CurrencyUnits.MinorUnits(match.Currency)})");
                }

                if (amount > open)
                {
                    return Refuse(match, "assign", $"over-application: {Money(amount, match.Currency)} to {invoice.Id}, which has {Money(open, match.Currency)} open");
                }

                if (amount > left)
                {
                    return Refuse(match, "assign", $"over-application: the amounts add up to more than the payment's {Money(match.Amount, match.Currency)} ({Money(left, match.Currency)} left for {invoice.Id}, {Money(amount, match.Currency)} asked)");
                }

                left -= amount;
                lines.Add(new StoredCashLine
                {
                    Kind = CashLineKinds.Proposed,
                    InvoiceId = invoice.Id,
                    CustomerId = invoice.CustomerId,
                    Amount = amount,
                    Method = CashRows.ManualMethod,
                    Confidence = CashRows.PersonConfidence,
                    Explanation = $"Assigned by {by}: {Money(amount, match.Currency)} to {invoice.Id}.",
                });
            }

            return await RecordAcceptanceAsync(store, match, ledgers, lines, by, "cash.assign", reason, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Closes an open exception without applying anything: the cash stays unapplied and is not matched again.</summary>
    public Task<CashDecisionResult> RejectAsync(long id, string by, string reason, CancellationToken cancellationToken) =>
        DecideAsync(id, "reject", async (store, match, _) =>
        {
            if (match.Status != CashMatchStatuses.Open)
            {
                return Refuse(match, "reject", $"it is {Status(match)}; only an open exception can be rejected");
            }

            var now = clock.Now;
            reason = reason.Trim();
            await store.CommitCashAsync(new CashCommit
            {
                Updates = [new CashMatchUpdate { MatchId = match.Id, Status = CashMatchStatuses.Rejected, Reason = match.Reason, DecidedBy = by, DecidedAt = now, DecisionReason = reason }],
                Audit = [new AuditEvent(now, by, "cash.reject", CashRows.Subject(match), CashMatchStatuses.Open, CashMatchStatuses.Rejected, reason)],
            }, cancellationToken).ConfigureAwait(false);
            return CashDecisionResult.Of(CashDecisionOutcome.Recorded,
                $"Recorded: exception {match.Id} (payment {match.PaymentId}, {Money(match.Amount, match.Currency)}) rejected by {by}: {reason}.",
                "The cash stays unapplied; the connector will not propose it again.");
        }, cancellationToken);

    /// <summary>Takes an accepted application back: the cash is unapplied again (the ERP is told) and the payment is back in the queue.</summary>
    public Task<CashDecisionResult> UnapplyAsync(long id, string by, string reason, CancellationToken cancellationToken) =>
        DecideAsync(id, "unapply", async (store, match, _) =>
        {
            if (match.Status != CashMatchStatuses.Accepted)
            {
                return Refuse(match, "unapply", $"it is {Status(match)}; only an accepted application can be unapplied");
            }

            var now = clock.Now;
            reason = reason.Trim();
            var states = new Dictionary<long, string>();
            var outbox = new List<OutboxItem>();
            var taken = new List<StoredCashLine>();
            foreach (var line in match.Lines)
            {
                if (line.Kind == CashLineKinds.Applied && line.State is CashLineKinds.Awaiting or CashLineKinds.Confirmed)
                {
                    states[line.Id] = CashLineKinds.Unapplied;
                    taken.Add(line);
                    outbox.Add(CashRows.Writeback(match, line, CashRows.UnapplyAction, CashRows.Sequence(match.Lines, line)));
                }
            }

            var what = CashCyclePlanner.Describe(taken, match.Currency);
            await store.CommitCashAsync(new CashCommit
            {
                Updates =
                [
                    new CashMatchUpdate
                    {
                        MatchId = match.Id, Status = CashMatchStatuses.Open, Reason = "unapplied", DecidedBy = by, DecidedAt = now, DecisionReason = reason,
                        Explanation = $"Unapplied by {by}: {reason}. Was: {what}.", LineStates = states,
                    },
                ],
                Audit = [new AuditEvent(now, by, "cash.unapply", CashRows.Subject(match), what, "unapplied", reason)],
                Outbox = outbox,
            }, cancellationToken).ConfigureAwait(false);
            return CashDecisionResult.Of(CashDecisionOutcome.Recorded,
                $"Recorded: payment {match.PaymentId} unapplied by {by}: {reason}. Taken back: {what}.",
                $"The ERP is told at the next sync; exception {match.Id} is open again ('connector cash accept|assign|reject {match.Id}').");
        }, cancellationToken);

    private async Task<CashDecisionResult> DecideAsync(
        long id, string verb, Func<IConnectorStore, StoredCashMatch, DeskLedgers, Task<CashDecisionResult>> decide, CancellationToken cancellationToken)
    {
        await using var store = await stores.OpenAsync(cancellationToken).ConfigureAwait(false);
        var match = await store.FindCashMatchAsync(id, cancellationToken).ConfigureAwait(false);
        if (match is null)
        {
            return CashDecisionResult.Of(CashDecisionOutcome.Unknown,
                $"cash {verb}: there is no cash application {id.ToString(CultureInfo.InvariantCulture)} ('connector cash exceptions list' shows the open ones, '--all' every one)");
        }

        var erpLedger = await CashApplicationSync.LoadErpLedgerAsync(store, cancellationToken).ConfigureAwait(false);
        var ledger = await CashApplicationSync.CountedAsync(store, erpLedger, cancellationToken).ConfigureAwait(false);
        return await decide(store, match, new DeskLedgers(erpLedger, ledger)).ConfigureAwait(false);
    }

    private async Task<CashDecisionResult> RecordAcceptanceAsync(
        IConnectorStore store, StoredCashMatch match, DeskLedgers ledgers, IReadOnlyList<StoredCashLine> lines, string by, string action, string? reason, CancellationToken cancellationToken)
    {
        // Checked against the invoices as the cash accepted since the proposal leaves them: never more than is open.
        foreach (var line in lines)
        {
            var invoice = Find(ledgers.Counted, line.InvoiceId);
            var open = invoice is { IsOpen: true } ? invoice.OpenAmount : 0m;
            var off = CashRows.OffInvoice(line);
            if (off > open)
            {
                var currency = invoice?.Currency ?? match.Currency;
                return Refuse(match, action == "cash.accept" ? "accept" : "assign",
                    $"over-application: {Money(off, currency)} to {line.InvoiceId}, which has {Money(open, currency)} open now (cash accepted since the proposal settled the rest)");
            }
        }

        var now = clock.Now;
        var erp = new ErpView(ledgers.Erp);
        var allLines = new List<StoredCashLine>(match.Lines);
        var applied = new List<StoredCashLine>();
        var outbox = new List<OutboxItem>();
        foreach (var line in lines)
        {
            var appliedLine = CashCyclePlanner.Applied(line, match.PaymentId, erp, by, now);
            allLines.Add(appliedLine);
            applied.Add(appliedLine);
            outbox.Add(CashRows.Writeback(match, appliedLine, CashRows.ApplyAction, CashRows.Sequence(allLines, appliedLine)));
        }

        var newLines = action == "cash.assign" ? [.. lines, .. applied] : applied;
        var what = CashCyclePlanner.Describe(applied, match.Currency);
        var customer = applied[0].CustomerId;
        await store.CommitCashAsync(new CashCommit
        {
            Updates =
            [
                new CashMatchUpdate
                {
                    MatchId = match.Id, Status = CashMatchStatuses.Accepted, Reason = match.Reason, DecidedBy = by, DecidedAt = now,
                    DecisionReason = reason ?? (action == "cash.accept" ? "proposal accepted" : "assigned"), NewLines = newLines,
                },
            ],
            Audit = [new AuditEvent(now, by, action, CashRows.Subject(match), CashMatchStatuses.Open, what, reason ?? match.Explanation)],
            Outbox = outbox,
        }, cancellationToken).ConfigureAwait(false);
        var left = match.Amount - applied.Sum(static l => l.Amount);
        return CashDecisionResult.Of(CashDecisionOutcome.Recorded,
            $"Recorded: payment {match.PaymentId} of {customer} applied by {by}: {what}" + (left > 0m ? $"; {Money(left, match.Currency)} stays unapplied." : "."),
            "It counts at once (applied, awaiting ERP): 'connector credit check' and the next sync see the lower exposure; the ERP and Dynamics get it at the next sync.");
    }

    private static CashDecisionResult Refuse(StoredCashMatch match, string verb, string why) =>
        CashDecisionResult.Of(CashDecisionOutcome.Refused, $"cash {verb} {match.Id.ToString(CultureInfo.InvariantCulture)}: {why}; nothing was recorded");

    private static string Status(StoredCashMatch match) => match.Status switch
    {
        CashMatchStatuses.Accepted => $"already accepted by {match.DecidedBy}",
        CashMatchStatuses.Rejected => $"rejected by {match.DecidedBy}",
        CashMatchStatuses.SettledInErp => "settled in the ERP",
        _ => "open",
    };

    private static Invoice? Find(ArLedger ledger, string invoiceId)
    {
        foreach (var account in ledger.Accounts)
        {
            foreach (var invoice in account.Invoices)
            {
                if (string.Equals(invoice.Id, invoiceId, StringComparison.OrdinalIgnoreCase))
                {
                    return invoice;
                }
            }
        }

        return null;
    }

    private static string Money(decimal amount, string currency) => CurrencyUnits.Format(amount, currency);

    /// <summary>The ledger as the ERP exported it, and with the accepted cash counted.</summary>
    private sealed record DeskLedgers(ArLedger Erp, ArLedger Counted);
}
