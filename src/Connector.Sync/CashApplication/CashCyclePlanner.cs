using Connector.Domain.CashApplication;
using Connector.Domain.Currencies;
using Connector.Domain.Ledger;
using Connector.Sync.Ports;

namespace Connector.Sync.CashApplication;

/// <summary>What the cash step of one cycle found and decided.</summary>
/// <param name="Matched">Payments matched for the first time this cycle.</param>
/// <param name="AutoAccepted">Of those, accepted automatically (<c>CashApplication:AutoAccept</c>).</param>
/// <param name="Queued">Of those, waiting in the exceptions queue (a proposal to accept, or no answer).</param>
/// <param name="Confirmed">Applied lines the ERP's export now shows.</param>
/// <param name="Disagreed">Applied lines the ERP shows otherwise: their match is back in the queue.</param>
/// <param name="SettledInErp">Queued payments the ERP applied on its own.</param>
/// <param name="Awaiting">Applied lines still awaiting the ERP (counted by the connector).</param>
/// <param name="OpenExceptions">The exceptions queue after the step.</param>
public sealed record CashApplicationReport(int Matched, int AutoAccepted, int Queued, int Confirmed, int Disagreed, int SettledInErp, int Awaiting, int OpenExceptions)
{
    public static CashApplicationReport None { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);
}

/// <summary>One cycle's cash plan: what to commit, and what the ledger counts once it is committed.</summary>
public sealed record CashCyclePlan(CashCommit Commit, IReadOnlyList<AppliedCash> Counted, CashApplicationReport Report);

/// <summary>
/// The cash step's decisions, from the ERP's ledger and what the store keeps: first reconcile what was accepted with the
/// ERP's export (confirmed, disagreement → back to the queue, queued payment applied by the ERP → settled), then match the
/// payments never matched before against the invoices as the accepted cash leaves them, accept automatically what the
/// <c>AutoAccept</c> rules allow and queue the rest. Nothing here touches the store.
/// </summary>
public static class CashCyclePlanner
{
    /// <param name="companyCurrency">The currency the ledger's rates are in (<c>Company:Currency</c>); <c>null</c>: no cross-currency matching.</param>
    public static CashCyclePlan Plan(ArLedger erpLedger, IReadOnlyList<StoredCashMatch> stored, CashApplicationPolicy policy, DateTimeOffset now, string? companyCurrency = null)
    {
        ArgumentNullException.ThrowIfNull(erpLedger);
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(policy);
        // The ERP's figures only for what the stored matches name (a view of all 1M invoices cost a dictionary per run).
        var erp = ErpView.Of(erpLedger, stored.SelectMany(static m => m.Lines.Select(static l => l.InvoiceId)), stored.Select(static m => m.PaymentId));
        var updates = new List<CashMatchUpdate>();
        var audit = new List<AuditEvent>();
        var current = new List<StoredCashMatch>(stored.Count);
        int confirmed = 0, disagreed = 0, settled = 0;
        foreach (var match in stored)
        {
            var (after, update, events, c, d, s) = Reconcile(match, erp, now);
            current.Add(after);
            if (update is not null)
            {
                updates.Add(update);
            }

            audit.AddRange(events);
            confirmed += c;
            disagreed += d;
            settled += s;
        }

        var counted = CashRows.Counted(current);
        var ledger = ProvisionalCash.Apply(erpLedger, counted);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var match in stored)
        {
            seen.Add(match.PaymentId);
        }

        var payments = new List<Payment>();
        foreach (var payment in ledger.AllPayments)
        {
            if (payment.UnappliedAmount > 0m && !seen.Contains(payment.Id))
            {
                payments.Add(payment);
            }
        }

        var newMatches = new List<StoredCashMatch>();
        var outbox = new List<OutboxItem>();
        int autoAccepted = 0, queued = 0;
        if (payments.Count > 0)
        {
            var openCount = 0;
            foreach (var account in ledger.Accounts)
            {
                openCount += account.OpenItems.Count;
            }

            var invoices = new List<Invoice>(openCount);
            foreach (var account in ledger.Accounts)
            {
                invoices.AddRange(account.OpenItems);
            }

            var context = new CashMatchingContext
            {
                KnownPayers = PayerAccounts.Learn(current.Where(static m => m.Status == CashMatchStatuses.Accepted).Select(static m => (m.PayerAccount, LearnedCustomer(m)))),
                Rates = companyCurrency is null ? null : new CurrencyConverter(companyCurrency, ledger.Rates),
            };
            var result = CashApplicator.Apply(ledger.Accounts.Select(static a => a.Customer), invoices, payments, policy, context);
            var byPayment = new Dictionary<string, Payment>(payments.Count, StringComparer.Ordinal);
            foreach (var payment in payments)
            {
                byPayment[payment.Id] = payment;
            }

            var proposal = new ProposalIndex(result);
            var erpOfNew = ErpView.Of(erpLedger, result.Applications.Select(static a => a.InvoiceId), result.Applications.Select(static a => a.PaymentId));
            foreach (var outcome in result.Payments)
            {
                var payment = byPayment[outcome.PaymentId];
                var match = NewMatch(payment, outcome, proposal, erpOfNew, policy, now);
                newMatches.Add(match);
                if (match.Status == CashMatchStatuses.Accepted)
                {
                    autoAccepted++;
                    foreach (var line in match.Lines)
                    {
                        if (line.Kind == CashLineKinds.Applied)
                        {
                            outbox.Add(CashRows.Writeback(match, line, CashRows.ApplyAction, CashRows.Sequence(match.Lines, line)));
                            counted.Add(new AppliedCash(match.PaymentId, line.InvoiceId, line.CustomerId, line.Amount, CashRows.OffInvoice(line), true, true));
                        }
                    }

                    audit.Add(new AuditEvent(now, CashRows.ConnectorActor, "cash.auto-accept", CashRows.Subject(match), null,
                        DescribeApplied(match.Lines, match.Currency), match.Explanation));
                }
                else
                {
                    queued++;
                }
            }
        }

        var awaiting = 0;
        var open = 0;
        foreach (var match in current.Concat(newMatches))
        {
            if (match.Status == CashMatchStatuses.Open)
            {
                open++;
            }
            else if (match.Status == CashMatchStatuses.Accepted)
            {
                awaiting += match.Lines.Count(static l => l.Kind == CashLineKinds.Applied && l.State == CashLineKinds.Awaiting);
            }
        }

        return new CashCyclePlan(
            new CashCommit { NewMatches = newMatches, Updates = updates, Audit = audit, Outbox = outbox },
            counted,
            new CashApplicationReport(newMatches.Count, autoAccepted, queued, confirmed, disagreed, settled, awaiting, open));
    }

    /// <summary>The one customer whose invoices an accepted match paid (a person's assignment included); <c>null</c> for several.</summary>
    internal static string? LearnedCustomer(StoredCashMatch match)
    {
        string? only = null;
        foreach (var line in match.Lines)
        {
            if (line.Kind != CashLineKinds.Applied)
            {
                continue;
            }

            if (only is not null && !string.Equals(only, line.CustomerId, StringComparison.Ordinal))
            {
                return null;
            }

            only = line.CustomerId;
        }

        return only ?? match.CustomerId;
    }

    /// <summary>"500.00 USD to INV-1, 20.00 USD to INV-2 (write-off 0.50 USD)".</summary>
    internal static string Describe(IEnumerable<StoredCashLine> lines, string currency) =>
        string.Join(", ", lines.Select(l => Describe(l, currency)));

    /// <summary><see cref="Describe(IEnumerable{StoredCashLine}, string)"/> of the applied lines, without an iterator for the common single one.</summary>
    private static string DescribeApplied(IReadOnlyList<StoredCashLine> lines, string currency)
    {
        StoredCashLine? only = null;
        var count = 0;
        foreach (var line in lines)
        {
            if (line.Kind == CashLineKinds.Applied)
            {
                only = line;
                count++;
            }
        }

        return count switch
        {
            0 => "",
            1 => Describe(only!, currency),
            _ => Describe(lines.Where(static l => l.Kind == CashLineKinds.Applied), currency),
        };
    }

    private static string Describe(StoredCashLine l, string currency) =>
        $"{Connector.Domain.Currencies.CurrencyUnits.Format(l.Amount, currency)} to {l.InvoiceId}"
        + (l.WriteOff != 0m ? $" (write-off {Connector.Domain.Currencies.CurrencyUnits.Format(l.WriteOff, currency)})" : "")
        + (l.FxAmount != 0m ? $" (FX {(l.FxAmount > 0m ? "gain" : "loss")} {Connector.Domain.Currencies.CurrencyUnits.Format(Math.Abs(l.FxAmount), currency)})" : "");

    private static StoredCashMatch NewMatch(Payment payment, PaymentOutcome outcome, ProposalIndex proposal, ErpView erp, CashApplicationPolicy policy, DateTimeOffset now)
    {
        var lines = proposal.Lines(outcome.PaymentId);
        var baseMatch = new StoredCashMatch
        {
            PaymentId = payment.Id,
            CustomerId = outcome.CustomerId ?? (string.IsNullOrEmpty(payment.CustomerId) ? null : payment.CustomerId),
            Amount = outcome.Available,
            Currency = payment.Currency,
            PaymentDate = payment.Date,
            BankReference = payment.BankReference,
            PayerAccount = payment.PayerAccount,
            Source = CashRows.Source(payment.Source),
            Status = CashMatchStatuses.Open,
            Explanation = "",
            CreatedAt = now,
        };
        if (lines.Count == 0)
        {
            var exception = proposal.Exception(outcome.PaymentId);
            return baseMatch with
            {
                Reason = exception is null ? "no_match" : CashRows.Name(exception.Reason),
                Explanation = exception?.Explanation ?? "No rule found an answer.",
                Candidates = exception is null ? "[]" : CashRows.CandidatesJson(exception.Candidates),
            };
        }

        var writeOff = 0m;
        var proposed = new List<StoredCashLine>(lines.Count);
        foreach (var line in lines)
        {
            var lineWriteOff = proposal.WriteOff(line.PaymentId, line.InvoiceId);
            writeOff += lineWriteOff;
            proposed.Add(new StoredCashLine
            {
                Kind = CashLineKinds.Proposed,
                InvoiceId = line.InvoiceId,
                CustomerId = line.CustomerId,
                Amount = line.Amount,
                WriteOff = lineWriteOff,
                FxAmount = line.FxAmount,
                InvoiceAmount = line.InvoiceAmount,
                Method = CashRows.Name(line.Method),
                Confidence = CashRows.Name(line.Confidence),
                Explanation = line.Explanation,
            });
        }

        var explanation = lines.Count == 1 ? lines[0].Explanation : string.Join(" ", lines.Select(static l => l.Explanation).Distinct());
        if (outcome.Unapplied > 0m)
        {
            explanation += $" {Connector.Domain.Currencies.CurrencyUnits.Format(outcome.Unapplied, payment.Currency)} stays unapplied.";
        }

        var whyNot = AutoAcceptRules.WhyNot(policy, outcome.Available, payment.Currency, lines, writeOff);
        if (whyNot is not null)
        {
            return baseMatch with
            {
                Reason = "not_auto_accepted",
                Explanation = $"Proposed, not accepted automatically: {whyNot}. {explanation}",
                Lines = proposed,
            };
        }

        // The proposed lines, then each one applied: one list, sized once.
        var all = new List<StoredCashLine>(proposed.Count * 2);
        all.AddRange(proposed);
        foreach (var line in proposed)
        {
            all.Add(Applied(line, payment.Id, erp, CashRows.ConnectorActor, now));
        }

        return baseMatch with
        {
            Status = CashMatchStatuses.Accepted,
            Explanation = explanation,
            DecidedBy = CashRows.ConnectorActor,
            DecidedAt = now,
            DecisionReason = "accepted automatically (CashApplication:AutoAccept)",
            Lines = all,
        };
    }

    /// <summary>An applied line from a proposed (or assigned) one, remembering the ERP's figures at this moment.</summary>
    internal static StoredCashLine Applied(StoredCashLine line, string paymentId, ErpView erp, string by, DateTimeOffset at) => line with
    {
        Id = 0,
        Kind = CashLineKinds.Applied,
        State = CashLineKinds.Awaiting,
        AcceptedBy = by,
        AcceptedAt = at,
        OpenBefore = erp.OpenAmount(line.InvoiceId),
        PaymentAppliedBefore = erp.Applied(paymentId),
    };

    private static (StoredCashMatch After, CashMatchUpdate? Update, List<AuditEvent> Audit, int Confirmed, int Disagreed, int Settled) Reconcile(StoredCashMatch match, ErpView erp, DateTimeOffset now)
    {
        var events = new List<AuditEvent>();
        if (match.Status == CashMatchStatuses.Open)
        {
            // A queued ERP payment the ERP applied (or removed) on its own needs no person any more.
            if (!CashRows.IsBank(match) && erp.Unapplied(match.PaymentId) <= 0m)
            {
                var why = "The ERP's export shows the payment applied (or gone); nothing is left for a person to do.";
                events.Add(new AuditEvent(now, CashRows.ConnectorActor, "cash.settled-in-erp", CashRows.Subject(match), match.Status, CashMatchStatuses.SettledInErp, why));
                var update = new CashMatchUpdate { MatchId = match.Id, Status = CashMatchStatuses.SettledInErp, Reason = match.Reason, DecidedBy = CashRows.ConnectorActor, DecidedAt = now, DecisionReason = why };
                return (match with { Status = CashMatchStatuses.SettledInErp }, update, events, 0, 0, 1);
            }

            return (match, null, events, 0, 0, 0);
        }

        if (match.Status != CashMatchStatuses.Accepted)
        {
            return (match, null, events, 0, 0, 0);
        }

        var total = match.Lines.Where(static l => l.Kind == CashLineKinds.Applied && l.State is CashLineKinds.Awaiting or CashLineKinds.Confirmed).Sum(static l => l.Amount);
        var states = new Dictionary<long, string>();
        var disagreements = new List<string>();
        var confirmedLines = 0;
        foreach (var line in match.Lines)
        {
            if (line.Kind != CashLineKinds.Applied || line.State != CashLineKinds.Awaiting)
            {
                continue;
            }

            var (state, why) = ErpConfirmation.Check(new ErpConfirmationInput(
                match.PaymentId, line.InvoiceId, match.Currency, CashRows.OffInvoice(line), line.OpenBefore, erp.OpenAmount(line.InvoiceId),
                !CashRows.IsBank(match), line.PaymentAppliedBefore, erp.Applied(match.PaymentId), total));
            if (state == ErpConfirmationState.Confirmed)
            {
                states[line.Id] = CashLineKinds.Confirmed;
                confirmedLines++;
                events.Add(new AuditEvent(now, CashRows.ConnectorActor, "cash.erp-confirmed", CashRows.Subject(match), CashLineKinds.Awaiting, CashLineKinds.Confirmed,
                    $"The ERP's export shows {line.InvoiceId} settled by the application."));
            }
            else if (state == ErpConfirmationState.Disagreed)
            {
                states[line.Id] = CashLineKinds.Disagreed;
                disagreements.Add(why!);
            }
        }

        if (states.Count == 0)
        {
            return (match, null, events, 0, 0, 0);
        }

        var lines = match.Lines.Select(l => states.TryGetValue(l.Id, out var s) ? l with { State = s } : l).ToList();
        if (disagreements.Count == 0)
        {
            return (match with { Lines = lines }, new CashMatchUpdate { MatchId = match.Id, Status = match.Status, Reason = match.Reason, LineStates = states }, events, confirmedLines, 0, 0);
        }

        // A disagreement stops counting the application (the ERP's figures stand) and puts the payment back to a person.
        var text = string.Join(" ", disagreements);
        foreach (var line in match.Lines.Where(l => l.Kind == CashLineKinds.Applied && l.State == CashLineKinds.Awaiting && !states.ContainsKey(l.Id)))
        {
            states[line.Id] = CashLineKinds.Disagreed;
        }

        lines = match.Lines.Select(l => states.TryGetValue(l.Id, out var s) ? l with { State = s } : l).ToList();
        events.Add(new AuditEvent(now, CashRows.ConnectorActor, "cash.erp-disagrees", CashRows.Subject(match), CashMatchStatuses.Accepted, CashMatchStatuses.Open, text));
        return (
            match with { Status = CashMatchStatuses.Open, Reason = "erp_disagrees", Explanation = text, Lines = lines },
            new CashMatchUpdate { MatchId = match.Id, Status = CashMatchStatuses.Open, Reason = "erp_disagrees", Explanation = text, LineStates = states },
            events,
            confirmedLines,
            disagreements.Count,
            0);
    }

    /// <summary>The applications, write-offs and exceptions of one matching run by payment.</summary>
    private sealed class ProposalIndex
    {
        private readonly Dictionary<string, List<PaymentApplication>> lines = new(StringComparer.Ordinal);
        private readonly Dictionary<(string, string), decimal> writeOffs = [];
        private readonly Dictionary<string, UnmatchedPayment> exceptions = new(StringComparer.Ordinal);

        public ProposalIndex(CashApplicationResult result)
        {
            foreach (var application in result.Applications)
            {
                if (!lines.TryGetValue(application.PaymentId, out var list))
                {
                    lines[application.PaymentId] = list = [];
                }

                list.Add(application);
            }

            foreach (var writeOff in result.WriteOffs)
            {
                writeOffs[(writeOff.PaymentId, writeOff.InvoiceId)] = writeOffs.GetValueOrDefault((writeOff.PaymentId, writeOff.InvoiceId)) + writeOff.Amount;
            }

            foreach (var exception in result.Exceptions)
            {
                exceptions[exception.PaymentId] = exception;
            }
        }

        public List<PaymentApplication> Lines(string paymentId) => lines.TryGetValue(paymentId, out var list) ? list : [];

        public decimal WriteOff(string paymentId, string invoiceId) => writeOffs.GetValueOrDefault((paymentId, invoiceId));

        public UnmatchedPayment? Exception(string paymentId) => exceptions.GetValueOrDefault(paymentId);
    }
}

/// <summary>The ERP's own figures (the ledger as exported, before the connector's applications): open amounts and applied cash.</summary>
internal sealed class ErpView
{
    private readonly Dictionary<string, Invoice> invoices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Payment> payments = new(StringComparer.Ordinal);

    public ErpView(ArLedger ledger)
        : this(ledger, null, null)
    {
    }

    /// <param name="invoiceIds">Only these invoices are kept (<c>null</c>: all).</param>
    /// <param name="paymentIds">Only these payments are kept (<c>null</c>: all).</param>
    private ErpView(ArLedger ledger, HashSet<string>? invoiceIds, HashSet<string>? paymentIds)
    {
        if (invoiceIds is not { Count: 0 })
        {
            foreach (var account in ledger.Accounts)
            {
                foreach (var invoice in account.Invoices)
                {
                    if (invoiceIds is null || invoiceIds.Contains(invoice.Id))
                    {
                        invoices[invoice.Id] = invoice;
                    }
                }
            }
        }

        if (paymentIds is not { Count: 0 })
        {
            foreach (var payment in ledger.AllPayments)
            {
                if (paymentIds is null || paymentIds.Contains(payment.Id))
                {
                    payments[payment.Id] = payment;
                }
            }
        }
    }

    /// <summary>The view of only the invoices and payments a step asks about: the same answers for those, one pass, no dictionary of every invoice.</summary>
    public static ErpView Of(ArLedger ledger, IEnumerable<string> invoiceIds, IEnumerable<string> paymentIds) =>
        new(ledger, new HashSet<string>(invoiceIds, StringComparer.Ordinal), new HashSet<string>(paymentIds, StringComparer.Ordinal));

    public Invoice? Invoice(string id) => invoices.GetValueOrDefault(id);

    public Payment? Payment(string id) => payments.GetValueOrDefault(id);

    /// <summary>0 for an invoice paid, written off or gone.</summary>
    public decimal OpenAmount(string invoiceId) => invoices.TryGetValue(invoiceId, out var invoice) && invoice.IsOpen ? invoice.OpenAmount : 0m;

    public decimal Applied(string paymentId) => payments.TryGetValue(paymentId, out var payment) ? payment.AppliedAmount : 0m;

    /// <summary>0 for a payment gone from the export.</summary>
    public decimal Unapplied(string paymentId) => payments.TryGetValue(paymentId, out var payment) ? payment.UnappliedAmount : 0m;
}
