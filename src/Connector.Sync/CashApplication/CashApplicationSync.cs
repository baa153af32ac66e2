using Connector.Domain.CashApplication;
using Connector.Domain.Ledger;
using Connector.Sync.Clock;
using Connector.Sync.Ledger;
using Connector.Sync.Ports;

namespace Connector.Sync.CashApplication;

/// <summary>What the cash step leaves for the rest of the cycle: the ledger with the accepted cash counted, and its report.</summary>
public sealed record CashStepResult(ArLedger Ledger, CashApplicationReport Report)
{
    /// <summary>The bank entries recognised as the ERP's own payments (<see cref="PaymentTwinStep"/>).</summary>
    public PaymentTwinReport Twins { get; init; } = PaymentTwinReport.None;
}

/// <summary>
/// The cash step of the sync cycle, after ingest and before the evaluation: reconcile, match the new payments, accept what
/// the rules allow, queue the rest, commit (with the ERP writeback rows and the audit) in one transaction, and hand the
/// evaluation a ledger in which the accepted cash already counts — so a customer who has paid can leave its hold in the
/// same cycle. A repeated cycle after a crash matches nothing twice (one match per payment).
/// </summary>
public sealed class CashApplicationSync
{
    private readonly CashApplicationPolicy policy;
    private readonly CompanyClock clock;

    public CashApplicationSync(CashApplicationPolicy policy, CompanyClock clock)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(clock);
        this.policy = policy;
        this.clock = clock;
    }

    /// <param name="erpLedger">The ledger as ingested (the ERP's figures).</param>
    public async Task<CashStepResult> RunAsync(IConnectorStore store, ArLedger erpLedger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(erpLedger);

        // One payment for one sum of money: a bank entry and the ERP's own record of it are folded before anything is matched.
        var twins = await PaymentTwinStep.RunAsync(store, erpLedger, clock.Now, cancellationToken).ConfigureAwait(false);
        erpLedger = twins.Ledger;
        var stored = twins.Matches;
        var plan = CashCyclePlanner.Plan(erpLedger, stored, policy, clock.Now, clock.Currency);
        var commit = plan.Commit;
        if (commit.NewMatches.Count > 0 || commit.Updates.Count > 0 || commit.Audit.Count > 0)
        {
            var added = await store.CommitCashAsync(commit, cancellationToken).ConfigureAwait(false);
            if (added != commit.NewMatches.Count)
            {
                // Another instance matched some of these payments meanwhile: count what the store holds, not this plan.
                var now = await store.ReadCashMatchesAsync(cancellationToken).ConfigureAwait(false);
                return new CashStepResult(ProvisionalCash.Apply(erpLedger, CashRows.Counted(now)), plan.Report) { Twins = twins.Report };
            }
        }

        return new CashStepResult(ProvisionalCash.Apply(erpLedger, plan.Counted), plan.Report) { Twins = twins.Report };
    }

    /// <summary>The ledger with each sum of money once (recognised twins folded) and the cash accepted so far counted (what every evaluation outside the cycle reads).</summary>
    public static async Task<ArLedger> CountedAsync(IConnectorStore store, ArLedger erpLedger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var stored = await store.ReadCashMatchesAsync(cancellationToken).ConfigureAwait(false);
        var twins = await store.ReadPaymentTwinsAsync(cancellationToken).ConfigureAwait(false);
        var ledger = PaymentTwinStep.Fold(erpLedger, twins, stored);
        return stored.Count == 0 ? ledger : ProvisionalCash.Apply(ledger, CashRows.Counted(stored));
    }

    /// <summary>Invoice id → cash applied in the connector that the ERP has not booked yet (what Dynamics shows as "applied, awaiting ERP").</summary>
    public static async Task<IReadOnlyDictionary<string, decimal>> AwaitingByInvoiceAsync(IConnectorStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var awaiting = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var line in CashRows.Counted(await store.ReadCashMatchesAsync(cancellationToken).ConfigureAwait(false)))
        {
            if (line.OnInvoice)
            {
                awaiting[line.InvoiceId] = awaiting.GetValueOrDefault(line.InvoiceId) + line.InvoiceAmount;
            }
        }

        return awaiting;
    }

    /// <summary>The store's ledger, as the ERP exported it.</summary>
    internal static Task<ArLedger> LoadErpLedgerAsync(IConnectorStore store, CancellationToken cancellationToken) => LedgerLoader.LoadAsync(store, cancellationToken);
}
