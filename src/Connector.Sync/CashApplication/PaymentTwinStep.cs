using Connector.Domain.CashApplication;
using Connector.Domain.Ledger;
using Connector.Sync.Ports;

namespace Connector.Sync.CashApplication;

/// <summary>What the twin recognition of one cash step did.</summary>
/// <param name="Recognised">Pairs linked this cycle.</param>
/// <param name="Linked">Pairs linked in all (each counted once).</param>
/// <param name="Questions">Bank entries put to a person this cycle as possible twins.</param>
/// <param name="Disagreed">Applications of a bank entry the ERP's own record of the money contradicts (back in the queue).</param>
/// <param name="Settled">Queued bank entries the ERP applied under its own record.</param>
/// <param name="Examples">"B… = PAY-… (reference)" for the pairs linked this cycle, the first few.</param>
public sealed record PaymentTwinReport(int Recognised, int Linked, int Questions, int Disagreed, int Settled, IReadOnlyList<string> Examples)
{
    public static PaymentTwinReport None { get; } = new(0, 0, 0, 0, 0, []);
}

/// <summary>The ledger with each sum of money counted once, and the stored matches after the twin step's own decisions.</summary>
public sealed record PaymentTwinStepResult(ArLedger Ledger, IReadOnlyList<StoredCashMatch> Matches, PaymentTwinReport Report);

/// <summary>
/// The first part of the cash step: recognise a bank entry and the ERP's own payment record of the same money
/// (<see cref="PaymentTwinRules"/>) and link them once — the record the connector saw first stays (a bank entry it has
/// matched, or else the ERP's payment), the other is folded into it; ask a person about a possible twin (an open exception
/// <c>possible_twin</c>, the entry held back meanwhile); and reconcile a kept bank entry with the ERP's record: applied
/// elsewhere → a disagreement back in the queue, applied by the ERP while queued → settled. Links are committed first,
/// then the exceptions; both are derived again from the store each cycle, so a crash between them loses and doubles
/// nothing.
/// </summary>
public static class PaymentTwinStep
{
    /// <summary>The reason of an exception that asks a person whether a bank entry is the ERP's own record.</summary>
    public const string PossibleTwinReason = "possible_twin";

    private const int ExampleCount = 3;

    public static async Task<PaymentTwinStepResult> RunAsync(IConnectorStore store, ArLedger erpLedger, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(erpLedger);
        var matches = await store.ReadCashMatchesAsync(cancellationToken).ConfigureAwait(false);
        var twins = await store.ReadPaymentTwinsAsync(cancellationToken).ConfigureAwait(false);
        var byPayment = new Dictionary<string, StoredCashMatch>(matches.Count, StringComparer.Ordinal);
        foreach (var match in matches)
        {
            byPayment[match.PaymentId] = match;
        }

        var linked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var twin in twins)
        {
            linked.Add(twin.BankPaymentId);
            linked.Add(twin.ErpPaymentId);
        }

        var bank = new List<Payment>();
        var erp = new List<Payment>();
        var payments = new Dictionary<string, Payment>(StringComparer.Ordinal);
        foreach (var payment in erpLedger.AllPayments)
        {
            payments[payment.Id] = payment;
            if (linked.Contains(payment.Id))
            {
                continue;
            }

            if (payment.Source == PaymentSource.BankStatement)
            {
                // An entry a person was asked about is theirs: held while open, and whatever they decided stands.
                if (byPayment.GetValueOrDefault(payment.Id) is not { Reason: PossibleTwinReason })
                {
                    bank.Add(payment);
                }
            }
            else
            {
                erp.Add(payment);
            }
        }

        var findings = bank.Count == 0 || erp.Count == 0
            ? TwinFindings.None
            : PaymentTwinRules.Find(bank, erp, new BankCustomers(erpLedger, matches).Of);

        // 1. The links, each with its audit event; another instance's links win (the store skips a pair already linked).
        var newTwins = new List<StoredPaymentTwin>();
        var audit = new List<AuditEvent>();
        var examples = new List<string>();
        foreach (var twin in findings.Twins)
        {
            var bankMatch = byPayment.GetValueOrDefault(twin.BankPaymentId);
            var erpMatch = byPayment.GetValueOrDefault(twin.ErpPaymentId);
            if (bankMatch is not null && erpMatch is not null)
            {
                // Both were matched before either was recognised (a store from before twins were): a person's case, not a guess.
                continue;
            }

            var kept = bankMatch is not null ? StoredPaymentTwin.KeepBank : StoredPaymentTwin.KeepErp;
            var explanation = twin.Explanation + (kept == StoredPaymentTwin.KeepBank
                ? $" The bank entry, matched first, stays; {twin.ErpPaymentId} is not matched or counted again."
                : $" {twin.ErpPaymentId} stays, with the bank's reference; the bank entry is not matched or counted again.");
            newTwins.Add(new StoredPaymentTwin
            {
                BankPaymentId = twin.BankPaymentId,
                ErpPaymentId = twin.ErpPaymentId,
                Kept = kept,
                Rule = CashRows.Name(twin.Rule),
                Explanation = explanation,
                LinkedBy = CashRows.ConnectorActor,
                LinkedAt = now,
            });
            audit.Add(new AuditEvent(now, CashRows.ConnectorActor, "cash.twin-recognised", "payment:" + twin.BankPaymentId, null, twin.ErpPaymentId, explanation));
            if (examples.Count < ExampleCount)
            {
                examples.Add($"{payments[twin.BankPaymentId].BankReference ?? twin.BankPaymentId} = {twin.ErpPaymentId} ({CashRows.Name(twin.Rule)})");
            }
        }

        var recognised = 0;
        if (newTwins.Count > 0)
        {
            recognised = await store.LinkPaymentTwinsAsync(newTwins, audit, cancellationToken).ConfigureAwait(false);
            twins = await store.ReadPaymentTwinsAsync(cancellationToken).ConfigureAwait(false);
        }

        // 2. Possible twins to a person, and what the ERP's record says about a kept bank entry's applications.
        var commit = Decide(findings.Questions, twins, byPayment, payments, new OpenAmounts(erpLedger), now);
        if (commit.NewMatches.Count > 0 || commit.Updates.Count > 0)
        {
            await store.CommitCashAsync(commit.Commit, cancellationToken).ConfigureAwait(false);
            matches = await store.ReadCashMatchesAsync(cancellationToken).ConfigureAwait(false);
        }

        var report = new PaymentTwinReport(recognised, twins.Count, commit.NewMatches.Count + commit.Asked, commit.Disagreed, commit.Settled, recognised == 0 ? [] : examples);
        return new PaymentTwinStepResult(Fold(erpLedger, twins, matches), matches, report);
    }

    /// <summary>The ledger with every stored pair folded and the bank entries a person is asked about held back.</summary>
    public static ArLedger Fold(ArLedger ledger, IReadOnlyList<StoredPaymentTwin> twins, IReadOnlyList<StoredCashMatch> matches)
    {
        ArgumentNullException.ThrowIfNull(twins);
        ArgumentNullException.ThrowIfNull(matches);
        return PaymentTwinFold.Apply(ledger, Pairs(twins), Held(matches));
    }

    /// <summary>The stored pairs as the fold takes them.</summary>
    internal static List<TwinPair> Pairs(IReadOnlyList<StoredPaymentTwin> twins) =>
        [.. twins.Select(static t => new TwinPair(t.BankPaymentId, t.ErpPaymentId, t.Kept == StoredPaymentTwin.KeepBank))];

    /// <summary>The bank entries a person is asked about as possible twins: left out of the ledger.</summary>
    internal static HashSet<string> Held(IReadOnlyList<StoredCashMatch> matches)
    {
        var held = new HashSet<string>(StringComparer.Ordinal);
        foreach (var match in matches)
        {
            if (IsHeld(match))
            {
                held.Add(match.PaymentId);
            }
        }

        return held;
    }

    /// <summary>A bank entry asked about as a possible twin and not applied by a person: not counted (rejected: it was the ERP's money).</summary>
    private static bool IsHeld(StoredCashMatch? match) =>
        match is { Source: "bank", Reason: PossibleTwinReason, Status: CashMatchStatuses.Open or CashMatchStatuses.Rejected };

    private static TwinDecisions Decide(
        IReadOnlyList<PossibleTwin> questions, IReadOnlyList<StoredPaymentTwin> twins, Dictionary<string, StoredCashMatch> byPayment, Dictionary<string, Payment> payments,
        OpenAmounts open, DateTimeOffset now)
    {
        var newMatches = new List<StoredCashMatch>();
        var updates = new List<CashMatchUpdate>();
        var audit = new List<AuditEvent>();
        int asked = 0, disagreed = 0, settled = 0;
        var linkedNow = twins.Select(static t => t.BankPaymentId).ToHashSet(StringComparer.Ordinal);
        foreach (var question in questions)
        {
            if (linkedNow.Contains(question.BankPaymentId) || !payments.TryGetValue(question.BankPaymentId, out var payment))
            {
                continue;
            }

            var match = byPayment.GetValueOrDefault(question.BankPaymentId);
            if (match is null)
            {
                newMatches.Add(new StoredCashMatch
                {
                    PaymentId = payment.Id,
                    Amount = payment.UnappliedAmount,
                    Currency = payment.Currency,
                    PaymentDate = payment.Date,
                    BankReference = payment.BankReference,
                    PayerAccount = payment.PayerAccount,
                    Source = CashRows.Source(payment.Source),
                    Status = CashMatchStatuses.Open,
                    Reason = PossibleTwinReason,
                    Explanation = question.Explanation,
                    CreatedAt = now,
                });
                audit.Add(new AuditEvent(now, CashRows.ConnectorActor, "cash.possible-twin", "payment:" + payment.Id, null, string.Join(", ", question.ErpPaymentIds), question.Explanation));
            }
            else if (match.Status == CashMatchStatuses.Open && match.Reason != PossibleTwinReason && !match.Lines.Any(static l => l.Kind == CashLineKinds.Applied))
            {
                asked++;
                updates.Add(new CashMatchUpdate { MatchId = match.Id, Status = CashMatchStatuses.Open, Reason = PossibleTwinReason, Explanation = question.Explanation });
                audit.Add(new AuditEvent(now, CashRows.ConnectorActor, "cash.possible-twin", CashRows.Subject(match), match.Reason, string.Join(", ", question.ErpPaymentIds), question.Explanation));
            }
        }

        foreach (var twin in twins)
        {
            if (twin.Kept != StoredPaymentTwin.KeepBank
                || byPayment.GetValueOrDefault(twin.BankPaymentId) is not { } match
                || !payments.TryGetValue(twin.ErpPaymentId, out var erp))
            {
                continue;
            }

            if (match.Status == CashMatchStatuses.Open && erp.UnappliedAmount <= 0m)
            {
                settled++;
                var why = $"The ERP booked this money as its payment {erp.Id} and applied it; nothing is left for a person to do.";
                updates.Add(new CashMatchUpdate { MatchId = match.Id, Status = CashMatchStatuses.SettledInErp, Reason = match.Reason, DecidedBy = CashRows.ConnectorActor, DecidedAt = now, DecisionReason = why });
                audit.Add(new AuditEvent(now, CashRows.ConnectorActor, "cash.settled-in-erp", CashRows.Subject(match), match.Status, CashMatchStatuses.SettledInErp, why));
            }
            else if (match.Status == CashMatchStatuses.Accepted && Disagreement(match, erp, open, twin) is { } update)
            {
                disagreed++;
                updates.Add(update);
                audit.Add(new AuditEvent(now, CashRows.ConnectorActor, "cash.erp-disagrees", CashRows.Subject(match), CashMatchStatuses.Accepted, CashMatchStatuses.Open, update.Explanation));
            }
        }

        return new TwinDecisions(new CashCommit { NewMatches = newMatches, Updates = updates, Audit = audit }, asked, disagreed, settled);
    }

    /// <summary>
    /// A kept bank entry's awaiting applications against the ERP's record of the same money, as if that record had been
    /// the payment applied: the ERP applied it elsewhere, or settled the invoice from other cash → back to a person.
    /// </summary>
    private static CashMatchUpdate? Disagreement(StoredCashMatch match, Payment erp, OpenAmounts open, StoredPaymentTwin twin)
    {
        var awaiting = match.Lines.Where(static l => l.Kind == CashLineKinds.Applied && l.State == CashLineKinds.Awaiting).ToList();
        if (awaiting.Count == 0 || erp.AppliedAmount <= 0m)
        {
            // The ERP has not applied its record yet: the connector's application still counts, awaiting it.
            return null;
        }

        var total = match.Lines.Where(static l => l.Kind == CashLineKinds.Applied && l.State is CashLineKinds.Awaiting or CashLineKinds.Confirmed).Sum(static l => l.Amount);
        var reasons = new List<string>();
        foreach (var line in awaiting)
        {
            var (state, why) = ErpConfirmation.Check(new ErpConfirmationInput(
                erp.Id, line.InvoiceId, match.Currency, CashRows.OffInvoice(line), line.OpenBefore, open.Of(line.InvoiceId),
                ErpPayment: true, PaymentAppliedBefore: 0m, PaymentAppliedNow: erp.AppliedAmount, PaymentLinesTotal: total));
            if (state == ErpConfirmationState.Disagreed)
            {
                reasons.Add(why!);
            }
        }

        if (reasons.Count == 0)
        {
            return null;
        }

        var text = $"The ERP booked this bank entry as its payment {twin.ErpPaymentId}: " + string.Join(" ", reasons);
        return new CashMatchUpdate
        {
            MatchId = match.Id,
            Status = CashMatchStatuses.Open,
            Reason = "erp_disagrees",
            Explanation = text,
            LineStates = awaiting.ToDictionary(static l => l.Id, static _ => CashLineKinds.Disagreed),
        };
    }

    /// <summary>The invoices' open amounts in the ERP's export (0 when paid or gone), indexed on first use.</summary>
    private sealed class OpenAmounts(ArLedger ledger)
    {
        private Dictionary<string, decimal>? open;

        public decimal Of(string invoiceId)
        {
            if (open is null)
            {
                open = new Dictionary<string, decimal>(StringComparer.Ordinal);
                foreach (var account in ledger.Accounts)
                {
                    foreach (var invoice in account.OpenItems)
                    {
                        open[invoice.Id] = invoice.OpenAmount;
                    }
                }
            }

            return open.GetValueOrDefault(invoiceId);
        }
    }

    private sealed record TwinDecisions(CashCommit Commit, int Asked, int Disagreed, int Settled)
    {
        public IReadOnlyList<StoredCashMatch> NewMatches => Commit.NewMatches;

        public IReadOnlyList<CashMatchUpdate> Updates => Commit.Updates;
    }

    /// <summary>Who a bank entry is known to come from: its match, a payer account learned from accepted matches, its payer name.</summary>
    private sealed class BankCustomers
    {
        private readonly Dictionary<string, StoredCashMatch> matches = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> accounts;
        private readonly Dictionary<string, string?> names = new(StringComparer.Ordinal);

        public BankCustomers(ArLedger ledger, IReadOnlyList<StoredCashMatch> stored)
        {
            foreach (var match in stored)
            {
                matches[match.PaymentId] = match;
            }

            accounts = PayerAccounts.Learn(stored.Where(static m => m.Status == CashMatchStatuses.Accepted).Select(static m => (m.PayerAccount, CashCyclePlanner.LearnedCustomer(m))));
            foreach (var account in ledger.Accounts)
            {
                var name = PayerNames.Normalise(account.Customer.Name);
                if (name.Length > 0)
                {
                    // A name two customers share identifies neither.
                    names[name] = names.ContainsKey(name) ? null : account.Id;
                }
            }
        }

        public string? Of(Payment payment)
        {
            if (!string.IsNullOrEmpty(payment.CustomerId))
            {
                return payment.CustomerId;
            }

            if (matches.TryGetValue(payment.Id, out var match) && (CashCyclePlanner.LearnedCustomer(match) ?? match.CustomerId) is { } matched)
            {
                return matched;
            }

            if (accounts.TryGetValue(PayerAccounts.Normalise(payment.PayerAccount), out var learned))
            {
                return learned;
            }

            return names.GetValueOrDefault(PayerNames.Normalise(payment.PayerName));
        }
    }
}
