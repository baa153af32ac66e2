using Connector.Mapping.Canonical;
using Connector.Sync.Ports;

namespace Connector.Sync.Tests.Support;

/// <summary>The process dying at a commit: what <see cref="CrashingStore"/> throws.</summary>
internal sealed class SimulatedCrashException(string message) : Exception(message);

/// <summary>
/// A store that "crashes" at the k-th <see cref="CommitAsync"/> (counting from 1): before the transaction runs
/// (nothing of that batch is stored), or after it committed (the process died before it learned so). Every
/// other call goes to the real store; disposing it leaves the real store open.
/// </summary>
internal sealed class CrashingStore(IConnectorStore inner, int crashAtCommit, bool afterCommit = false) : IConnectorStore
{
    /// <summary>Commits that reached the real store.</summary>
    public int Committed { get; private set; }

    /// <summary>Rows the committed batches wrote or quarantined (upserts + letters), to know how far the crashed run got. Counted at commit: the runner reuses a batch's lists afterwards.</summary>
    public int RowsCommitted { get; private set; }

    public string Description => inner.Description;

    public async Task CommitAsync(LedgerBatch batch, CancellationToken cancellationToken)
    {
        var number = Committed + 1;
        if (number == crashAtCommit && !afterCommit)
        {
            throw new SimulatedCrashException($"simulated crash before commit {number}");
        }

        await inner.CommitAsync(batch, cancellationToken);
        Committed++;
        RowsCommitted += batch.Upserts.Count + batch.DeadLetters.Count;
        if (number == crashAtCommit)
        {
            throw new SimulatedCrashException($"simulated crash after commit {number}");
        }
    }

    public Task MigrateAsync(CancellationToken cancellationToken) => inner.MigrateAsync(cancellationToken);

    public Task<Dictionary<string, UInt128>> ReadHashesAsync(CanonicalEntity entity, CancellationToken cancellationToken) => inner.ReadHashesAsync(entity, cancellationToken);

    public Task ReadHashesIntoAsync(CanonicalEntity entity, LedgerKeyHash add, CancellationToken cancellationToken) => inner.ReadHashesIntoAsync(entity, add, cancellationToken);

    public Task ReadHashesWithSourcesIntoAsync(CanonicalEntity entity, LedgerKeyHashes add, CancellationToken cancellationToken) =>
        inner.ReadHashesWithSourcesIntoAsync(entity, add, cancellationToken);

    public IAsyncEnumerable<CanonicalRecord> ReadRecordsAsync(CanonicalEntity entity, CancellationToken cancellationToken) => inner.ReadRecordsAsync(entity, cancellationToken);

    public Task<CanonicalRecord?> FindRecordAsync(CanonicalEntity entity, string key, CancellationToken cancellationToken) => inner.FindRecordAsync(entity, key, cancellationToken);

    public Task<long> CountRecordsAsync(CanonicalEntity entity, CancellationToken cancellationToken) => inner.CountRecordsAsync(entity, cancellationToken);

    public Task<long?> RegisterLedgerSourceAsync(string name, string unitKey, bool isFile, CancellationToken cancellationToken) =>
        inner.RegisterLedgerSourceAsync(name, unitKey, isFile, cancellationToken);

    public Task RecordLedgerSourceArchivedAsync(string name, string unitKey, string archivedAs, CancellationToken cancellationToken) =>
        inner.RecordLedgerSourceArchivedAsync(name, unitKey, archivedAs, cancellationToken);

    public Task<IReadOnlyDictionary<string, LedgerRowSource>> ReadSourcesAsync(CanonicalEntity entity, CancellationToken cancellationToken) =>
        inner.ReadSourcesAsync(entity, cancellationToken);

    public Task<string?> ReadCheckpointAsync(string key, CancellationToken cancellationToken) => inner.ReadCheckpointAsync(key, cancellationToken);

    public Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(DeadLetterQuery query, CancellationToken cancellationToken) => inner.ListDeadLettersAsync(query, cancellationToken);

    public Task<DeadLetter?> FindDeadLetterAsync(long id, CancellationToken cancellationToken) => inner.FindDeadLetterAsync(id, cancellationToken);

    public Task<long> CountDeadLettersAsync(CanonicalEntity? entity, DeadLetterStatus status, CancellationToken cancellationToken) => inner.CountDeadLettersAsync(entity, status, cancellationToken);

    public Task<IReadOnlyList<DeadLetterGroup>> GroupDeadLettersAsync(DeadLetterQuery query, CancellationToken cancellationToken) => inner.GroupDeadLettersAsync(query, cancellationToken);

    public Task<HashSet<string>> ReadOpenLetterKeysAsync(CanonicalEntity entity, CancellationToken cancellationToken) => inner.ReadOpenLetterKeysAsync(entity, cancellationToken);

    public Task<int> PurgeDeadLettersAsync(IReadOnlyList<long>? ids, CanonicalEntity? entity, DeadLetterStatus? status, CancellationToken cancellationToken) =>
        inner.PurgeDeadLettersAsync(ids, entity, status, cancellationToken);

    public Task<long> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken) => inner.AppendAsync(auditEvent, cancellationToken);

    public Task<IReadOnlyList<StoredAuditEvent>> ReadAuditAsync(string? subject, int limit, CancellationToken cancellationToken) => inner.ReadAuditAsync(subject, limit, cancellationToken);

    public IAsyncEnumerable<ChainedAuditEvent> ReadAuditChainAsync(CancellationToken cancellationToken) => inner.ReadAuditChainAsync(cancellationToken);

    public Task<int> EnqueueAsync(IReadOnlyList<OutboxItem> items, CancellationToken cancellationToken) => inner.EnqueueAsync(items, cancellationToken);

    public Task<IReadOnlyList<OutboxEntry>> ReadPendingAsync(string target, int limit, CancellationToken cancellationToken) => inner.ReadPendingAsync(target, limit, cancellationToken);

    public Task MarkSentAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken) => inner.MarkSentAsync(ids, cancellationToken);

    public Task MarkFailedAsync(long id, string reason, CancellationToken cancellationToken) => inner.MarkFailedAsync(id, reason, cancellationToken);

    public Task<IReadOnlyList<ManualAction>> ReadManualActionsAsync(CancellationToken cancellationToken) => inner.ReadManualActionsAsync(cancellationToken);

    public Task<IReadOnlyList<StoredHoldStatus>> ReadHoldStatusesAsync(CancellationToken cancellationToken) => inner.ReadHoldStatusesAsync(cancellationToken);

    public Task<IReadOnlyDictionary<string, Guid>> ReadRecordIdsAsync(string table, CancellationToken cancellationToken) => inner.ReadRecordIdsAsync(table, cancellationToken);

    public Task<IReadOnlyDictionary<string, UInt128>> ReadSentHashesAsync(string target, CancellationToken cancellationToken) => inner.ReadSentHashesAsync(target, cancellationToken);

    public Task CommitReadBackAsync(ReadBackCommit commit, CancellationToken cancellationToken) => inner.CommitReadBackAsync(commit, cancellationToken);

    public Task<IReadOnlyList<StoredOrderCredit>> ReadOrderCreditsAsync(CancellationToken cancellationToken) => inner.ReadOrderCreditsAsync(cancellationToken);

    public Task<IReadOnlyList<StoredOrderRelease>> ReadOrderReleasesAsync(CancellationToken cancellationToken) => inner.ReadOrderReleasesAsync(cancellationToken);

    public Task<IReadOnlyList<Connector.Sync.Runs.RunRecord>> BeginRunAsync(Connector.Sync.Runs.RunRecord run, CancellationToken cancellationToken) => inner.BeginRunAsync(run, cancellationToken);

    public Task EndRunAsync(Connector.Sync.Runs.RunRecord run, CancellationToken cancellationToken) => inner.EndRunAsync(run, cancellationToken);

    public Task<IReadOnlyList<Connector.Sync.Runs.RunRecord>> ListRunsAsync(int limit, CancellationToken cancellationToken) => inner.ListRunsAsync(limit, cancellationToken);

    public Task<int> CommitOrderCreditAsync(OrderCreditCommit commit, CancellationToken cancellationToken) => inner.CommitOrderCreditAsync(commit, cancellationToken);

    public Task<int> CommitEvaluationAsync(EvaluationCommit commit, CancellationToken cancellationToken) => inner.CommitEvaluationAsync(commit, cancellationToken);

    public Task QuarantineAsync(long outboxId, string reason, CancellationToken cancellationToken) => inner.QuarantineAsync(outboxId, reason, cancellationToken);

    public Task<IReadOnlyList<OutboxEntry>> ReadQuarantinedAsync(string? target, int limit, CancellationToken cancellationToken) => inner.ReadQuarantinedAsync(target, limit, cancellationToken);

    public Task<int> RequeueAsync(IReadOnlyList<long> outboxIds, CancellationToken cancellationToken) => inner.RequeueAsync(outboxIds, cancellationToken);

    public Task<IReadOnlyList<StoredCase>> ReadCasesAsync(CancellationToken cancellationToken) => inner.ReadCasesAsync(cancellationToken);

    public Task<IReadOnlyList<TaskListRecord>> ReadTaskListsAsync(CancellationToken cancellationToken) => inner.ReadTaskListsAsync(cancellationToken);

    public Task SaveTaskListAsync(TaskListRecord list, CancellationToken cancellationToken) => inner.SaveTaskListAsync(list, cancellationToken);

    public Task<IReadOnlyList<StoredContactAttempt>> ReadContactAttemptsAsync(CancellationToken cancellationToken) => inner.ReadContactAttemptsAsync(cancellationToken);

    public Task<int> CommitCollectionsAsync(CollectionsCommit commit, CancellationToken cancellationToken) => inner.CommitCollectionsAsync(commit, cancellationToken);

    public Task CommitTaskReadBackAsync(TaskReadBackCommit commit, CancellationToken cancellationToken) => inner.CommitTaskReadBackAsync(commit, cancellationToken);

    public Task<IReadOnlyList<TaskPlacement>> ReadTaskPlacementsAsync(CancellationToken cancellationToken) => inner.ReadTaskPlacementsAsync(cancellationToken);

    public Task RecordTasksWrittenAsync(IReadOnlyList<WrittenTask> written, CancellationToken cancellationToken) => inner.RecordTasksWrittenAsync(written, cancellationToken);

    public Task RecordMailSentAsync(long outboxId, StoredContactAttempt attempt, CancellationToken cancellationToken) => inner.RecordMailSentAsync(outboxId, attempt, cancellationToken);

    public Task RecordMailSentAsync(long outboxId, StoredContactAttempt attempt, SentMail mail, IReadOnlyList<OutboxItem> followUps, CancellationToken cancellationToken) =>
        inner.RecordMailSentAsync(outboxId, attempt, mail, followUps, cancellationToken);

    public Task<IReadOnlyList<SentMail>> ReadSentMailAsync(string? customerId, CancellationToken cancellationToken) => inner.ReadSentMailAsync(customerId, cancellationToken);

    public Task<IReadOnlyList<StatementSendRecord>> ReadStatementSendsAsync(string? period, CancellationToken cancellationToken) => inner.ReadStatementSendsAsync(period, cancellationToken);

    public Task<bool> TryClaimStatementSendAsync(StatementSendRecord claim, CancellationToken cancellationToken) => inner.TryClaimStatementSendAsync(claim, cancellationToken);

    public Task RecordStatementSentAsync(string customerId, string period, DateTimeOffset sentAt, AuditEvent audit, CancellationToken cancellationToken) => inner.RecordStatementSentAsync(customerId, period, sentAt, audit, cancellationToken);

    public Task ReleaseStatementSendAsync(string customerId, string period, AuditEvent audit, CancellationToken cancellationToken) => inner.ReleaseStatementSendAsync(customerId, period, audit, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public Task<long> AddCreditSnapshotVersionAsync(NewCreditSnapshotVersion version, int keep, CancellationToken cancellationToken) =>
        inner.AddCreditSnapshotVersionAsync(version, keep, cancellationToken);

    public Task<CreditSnapshotVersionInfo?> ReadNewestCreditSnapshotVersionAsync(CancellationToken cancellationToken) =>
        inner.ReadNewestCreditSnapshotVersionAsync(cancellationToken);

    public Task<StoredCreditSnapshotVersion?> ReadCreditSnapshotVersionAsync(long version, CancellationToken cancellationToken) =>
        inner.ReadCreditSnapshotVersionAsync(version, cancellationToken);

    public Task<IAsyncDisposable?> ListenForCreditSnapshotsAsync(Action<long> published, CancellationToken cancellationToken) =>
        inner.ListenForCreditSnapshotsAsync(published, cancellationToken);

    public Task<HashSet<string>> ReadBankEntryIdsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        inner.ReadBankEntryIdsAsync(ids, cancellationToken);

    public Task<IReadOnlyList<StoredBankEntry>> ReadReversibleBankCreditsAsync(string account, string currency, decimal amount, CancellationToken cancellationToken) =>
        inner.ReadReversibleBankCreditsAsync(account, currency, amount, cancellationToken);

    public Task CommitBankStatementAsync(BankStatementBatch batch, CancellationToken cancellationToken) =>
        inner.CommitBankStatementAsync(batch, cancellationToken);

    public Task<IReadOnlyList<Connector.Domain.Ledger.Payment>> ReadBankPaymentsAsync(CancellationToken cancellationToken) =>
        inner.ReadBankPaymentsAsync(cancellationToken);

    public Task<IReadOnlyList<StoredBankEntry>> ReadBankEntriesAsync(CancellationToken cancellationToken) =>
        inner.ReadBankEntriesAsync(cancellationToken);

    public Task<IReadOnlyList<StoredCashMatch>> ReadCashMatchesAsync(CancellationToken cancellationToken) => inner.ReadCashMatchesAsync(cancellationToken);

    public Task<StoredCashMatch?> FindCashMatchAsync(long id, CancellationToken cancellationToken) => inner.FindCashMatchAsync(id, cancellationToken);

    public Task<int> CommitCashAsync(CashCommit commit, CancellationToken cancellationToken) => inner.CommitCashAsync(commit, cancellationToken);

    public Task<IReadOnlyList<StoredPaymentTwin>> ReadPaymentTwinsAsync(CancellationToken cancellationToken) => inner.ReadPaymentTwinsAsync(cancellationToken);

    public Task<int> LinkPaymentTwinsAsync(IReadOnlyList<StoredPaymentTwin> twins, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken) => inner.LinkPaymentTwinsAsync(twins, audit, cancellationToken);

    public Task<bool> WriteDailySnapshotAsync(PortfolioDay portfolio, IReadOnlyList<CustomerDay> customers, CancellationToken cancellationToken) => inner.WriteDailySnapshotAsync(portfolio, customers, cancellationToken);

    public Task<int> PruneDailySnapshotsAsync(DateOnly before, CancellationToken cancellationToken) => inner.PruneDailySnapshotsAsync(before, cancellationToken);

    public Task<IReadOnlyList<PortfolioDay>> ReadPortfolioDaysAsync(DateOnly? first, DateOnly? last, CancellationToken cancellationToken) => inner.ReadPortfolioDaysAsync(first, last, cancellationToken);

    public Task<IReadOnlyList<CustomerDay>> ReadCustomerDaysAsync(string customerId, DateOnly? first, DateOnly? last, CancellationToken cancellationToken) => inner.ReadCustomerDaysAsync(customerId, first, last, cancellationToken);

    public Task<bool> HasDailySnapshotsAsync(CancellationToken cancellationToken) => inner.HasDailySnapshotsAsync(cancellationToken);
}
