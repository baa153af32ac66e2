using Connector.Domain.Allowance;
using Connector.Domain.Metrics;
using Connector.Sync.Clock;
using Connector.Sync.Evaluation;
using Connector.Sync.Ports;
using Microsoft.Extensions.Logging;

namespace Connector.Sync.History;

/// <summary>
/// What one cycle kept: its day, the customers in it, the month-ends a first run rebuilt, the days pruned, and whether a
/// first run of a ledger too large to rebuild within the cycle left the backfill to <c>connector history backfill</c>.
/// </summary>
public sealed record DailySnapshotReport(DateOnly Day, int Customers, IReadOnlyList<DateOnly> Rebuilt, int Pruned, bool BackfillLeft = false);

/// <summary>
/// The cycle's history step (issue 20): the day's snapshot of every customer and the portfolio, replacing what an earlier
/// cycle of the same day kept; on the first run (nothing kept yet) the past month-ends rebuilt from the ledger's history,
/// labelled as rebuilt and never written over a real day; then the days older than <c>History:RetentionDays</c> deleted.
/// </summary>
public sealed partial class DailySnapshots
{
    private readonly MetricsPolicy metrics;
    private readonly AllowancePolicy allowance;
    private readonly HistoryOptions options;
    private readonly CompanyClock clock;
    private readonly ILogger<DailySnapshots> logger;

    public DailySnapshots(MetricsPolicy metrics, AllowancePolicy allowance, HistoryOptions options, CompanyClock clock, ILogger<DailySnapshots> logger)
    {
        this.metrics = metrics;
        this.allowance = allowance;
        this.options = options;
        this.clock = clock;
        this.logger = logger;
    }

    public async Task<DailySnapshotReport> RecordAsync(IConnectorStore store, LedgerEvaluation evaluation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(evaluation);
        var first = !await store.HasDailySnapshotsAsync(cancellationToken).ConfigureAwait(false);
        var (portfolio, customers) = DailySnapshotBuilder.Build(evaluation, metrics, allowance);
        await store.WriteDailySnapshotAsync(portfolio, customers, cancellationToken).ConfigureAwait(false);

        // A large ledger's backfill (15 s a month-end at 100,000 customers) would hold the first cycle for minutes: it is its own command then.
        var backfillHere = first && customers.Count <= options.FirstRunBackfillMaxCustomers;
        var rebuilt = backfillHere ? await BackfillAsync(store, evaluation, cancellationToken).ConfigureAwait(false) : [];
        var pruned = await store.PruneDailySnapshotsAsync(clock.Today.AddDays(1 - options.RetentionDays), cancellationToken).ConfigureAwait(false);
        LogRecorded(portfolio.Day, customers.Count, rebuilt.Count, pruned);
        var left = first && !backfillHere && options.BackfillMonths > 0;
        if (left)
        {
            LogBackfillLeft(customers.Count, options.FirstRunBackfillMaxCustomers);
        }

        return new DailySnapshotReport(portfolio.Day, customers.Count, rebuilt, pruned, left);
    }

    /// <summary>The past month-ends, latest first, each evaluated on the ledger rebuilt as it stood then (no holds or releases people set).</summary>
    public Task<IReadOnlyList<DateOnly>> BackfillAsync(IConnectorStore store, LedgerEvaluation evaluation, CancellationToken cancellationToken) =>
        BackfillAsync(store, evaluation, options.BackfillMonths, cancellationToken);

    /// <summary>
    /// <see cref="BackfillAsync(IConnectorStore, LedgerEvaluation, CancellationToken)"/> for <paramref name="months"/> month-ends:
    /// what <c>connector history backfill</c> runs. A month-end already kept (a real day or an earlier rebuild) is left as it is.
    /// </summary>
    public async Task<IReadOnlyList<DateOnly>> BackfillAsync(IConnectorStore store, LedgerEvaluation evaluation, int months, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(evaluation);
        var written = new List<DateOnly>();
        var company = evaluation.Rates.CompanyCurrency;
        var oldest = clock.Today.AddDays(1 - options.RetentionDays);
        foreach (var monthEnd in LedgerAtMonthEnd.MonthEnds(evaluation.Ledger, evaluation.AsOf, months))
        {
            if (monthEnd < oldest)
            {
                break;
            }

            var ledger = LedgerAtMonthEnd.Rebuild(evaluation.Ledger, company, monthEnd);
            var past = LedgerEvaluator.Evaluate(ledger, EvaluationState.Empty, evaluation.Policies, monthEnd);
            var (portfolio, customers) = DailySnapshotBuilder.Build(past, metrics, allowance, rebuilt: true);
            if (await store.WriteDailySnapshotAsync(portfolio, customers, cancellationToken).ConfigureAwait(false))
            {
                written.Add(monthEnd);
            }
        }

        return written;
    }

    [LoggerMessage(EventId = LogEventIds.DailySnapshots + 1, Level = LogLevel.Information, Message = "Kept the daily snapshot of {Day} for {Customers} customers; {Rebuilt} past month-ends rebuilt, {Pruned} days older than the retention deleted")]
    private partial void LogRecorded(DateOnly day, int customers, int rebuilt, int pruned);

    [LoggerMessage(EventId = LogEventIds.DailySnapshots + 2, Level = LogLevel.Warning, Message = "First daily snapshot of {Customers} customers (more than History:FirstRunBackfillMaxCustomers {Max}): past month-ends not rebuilt within the cycle; run `connector history backfill` once")]
    private partial void LogBackfillLeft(int customers, int max);
}
