using System.Globalization;
using System.Text.Json;
using Connector.Sync.Clock;
using Connector.Sync.Ports;

namespace Connector.Sync.Push;

/// <summary>What one read-back found.</summary>
/// <param name="Changed">Account rows Dataverse reported as new or changed.</param>
/// <param name="ActionsSet">Manual holds and releases people set or changed in Dynamics.</param>
/// <param name="ActionsCleared">Manual holds and releases people removed in Dynamics.</param>
/// <param name="IdsLearnt">Accounts whose Dataverse id was recorded.</param>
public sealed record ReadBackResult(int Changed, int ActionsSet, int ActionsCleared, int IdsLearnt);

/// <summary>
/// Reads back from Dynamics, through change tracking on account, what AR managers set there — <c>arc_manualhold</c>,
/// <c>arc_holdreleaseuntil</c> + <c>arc_holdreleasereason</c> — and keeps it as manual actions the hold rules honour,
/// each change audited with the Dynamics user who made it. It also records each account's Dataverse id. Each page is
/// committed with its audit events in one transaction, and the delta link only with the last page, so a crash
/// replays pages whose changes then compare equal: nothing is lost or journalled twice.
/// </summary>
public sealed class HoldReadBack
{
    public const string DeltaLinkKey = "dataverse:delta:account";

    private readonly IDataverse dataverse;
    private readonly IConnectorStore store;
    private readonly CompanyClock clock;

    public HoldReadBack(IDataverse dataverse, IConnectorStore store, CompanyClock clock)
    {
        ArgumentNullException.ThrowIfNull(dataverse);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        this.dataverse = dataverse;
        this.store = store;
        this.clock = clock;
    }

    public async Task<ReadBackResult> RunAsync(CancellationToken cancellationToken)
    {
        var known = new Dictionary<(string Kind, string CustomerId), ManualAction>();
        foreach (var action in await store.ReadManualActionsAsync(cancellationToken).ConfigureAwait(false))
        {
            known[(action.Kind, action.CustomerId)] = action;
        }

        var ids = await store.ReadRecordIdsAsync(DataverseModel.Accounts.LogicalName, cancellationToken).ConfigureAwait(false);
        var keysById = new Dictionary<Guid, string>(ids.Count);
        foreach (var (key, id) in ids)
        {
            keysById[id] = key;
        }

        var deltaLink = await store.ReadCheckpointAsync(DeltaLinkKey, cancellationToken).ConfigureAwait(false);
        int changed = 0, set = 0, cleared = 0, learnt = 0;
        await foreach (var page in dataverse.ReadChangesAsync(DataverseModel.Accounts, DataverseModel.ReadBackColumns, deltaLink, cancellationToken).ConfigureAwait(false))
        {
            var commit = new PageCommit(clock.Now);
            foreach (var change in page.Changed)
            {
                changed++;
                if (Text(change.Record, "accountnumber") is not { Length: > 0 } customerId)
                {
                    continue; // an account the ERP does not know: nothing of ours to hold or release
                }

                if (!ids.TryGetValue(customerId, out var id) || id != change.Id)
                {
                    commit.Ids.Add(new DataverseRecordId(DataverseModel.Accounts.LogicalName, customerId, change.Id));
                }

                keysById[change.Id] = customerId;

                Compare(change.Record, customerId, known, commit, clock);
            }

            foreach (var deleted in page.Deleted)
            {
                // Someone deleted one of our accounts in Dynamics: forget that it was sent, so the next push creates it again.
                if (keysById.Remove(deleted, out var customerId))
                {
                    commit.Forgotten.Add(new DataverseRecordId(DataverseModel.Accounts.LogicalName, customerId, deleted));
                    commit.Audit.Add(new AuditEvent(
                        commit.At, "dynamics", "account.deleted-in-dynamics", "customer:" + customerId, deleted.ToString("D"), null,
                        "the account was deleted in Dynamics; the next push creates it again from the ERP"));
                }
            }

            learnt += commit.Ids.Count;
            set += commit.Set.Count;
            cleared += commit.Cleared.Count;
            await store.CommitReadBackAsync(
                new ReadBackCommit
                {
                    Set = commit.Set,
                    Cleared = commit.Cleared,
                    Audit = commit.Audit,
                    RecordIds = commit.Ids,
                    Forgotten = commit.Forgotten,
                    DeltaLink = page.DeltaLink is { } link ? new Checkpoint(DeltaLinkKey, link) : null,
                },
                cancellationToken).ConfigureAwait(false);
            foreach (var action in commit.Set)
            {
                known[(action.Kind, action.CustomerId)] = action;
            }

            foreach (var key in commit.Cleared)
            {
                known.Remove(key);
            }
        }

        return new ReadBackResult(changed, set, cleared, learnt);
    }

    /// <param name="clock">
    /// The company's calendar, in which evaluation dates are days: Dataverse answers in UTC, so a hold set at 8 pm in
    /// New York is dated that day, not the next, and is in force tonight.
    /// </param>
    private static void Compare(JsonElement record, string customerId, Dictionary<(string, string), ManualAction> known, PageCommit commit, CompanyClock clock)
    {
        var by = "dynamics:" + (Text(record, "_modifiedby_value@OData.Community.Display.V1.FormattedValue") ?? Text(record, "_modifiedby_value") ?? "unknown user");
        var on = clock.DayOf(Moment(record, "modifiedon") ?? commit.At);

        // A manual hold: the column is the whole state; it has no reason of its own.
        var holdKey = (ManualActionKinds.Hold, customerId);
        var held = Flag(record, "arc_manualhold");
        known.TryGetValue(holdKey, out var hold);
        if (held && hold is null)
        {
            var action = new ManualAction(ManualActionKinds.Hold, customerId, by, ManualActionConversion.DynamicsHoldReason, on, null);
            commit.Set.Add(action);
            commit.Audit.Add(new AuditEvent(commit.At, by, "manual-hold.set", "customer:" + customerId, "false", "true", ManualActionConversion.DynamicsHoldReason));
        }
        else if (!held && hold is not null && hold.By.StartsWith("dynamics:", StringComparison.Ordinal))
        {
            commit.Cleared.Add(holdKey);
            commit.Audit.Add(new AuditEvent(commit.At, by, "manual-hold.cleared", "customer:" + customerId, "true", "false", null));
        }

        // A release: the reason and the end date together; changing either is a new release by whoever changed it.
        var releaseKey = (ManualActionKinds.Release, customerId);
        var reason = Text(record, "arc_holdreleasereason") is { } text && text.Trim().Length > 0 ? text.Trim() : null;
        var until = Moment(record, "arc_holdreleaseuntil") is { } end ? clock.DayOf(end) : (DateOnly?)null;
        known.TryGetValue(releaseKey, out var release);
        if (reason is not null || until is not null)
        {
            if (release is null || release.Reason != reason || release.Until != until)
            {
                var action = new ManualAction(ManualActionKinds.Release, customerId, by, reason, on, until);
                commit.Set.Add(action);
                commit.Audit.Add(new AuditEvent(
                    commit.At, by, "hold-release.set", "customer:" + customerId, Describe(release), Describe(action), reason ?? "no reason given: the release is not honoured until one is"));
            }
        }
        else if (release is not null && release.By.StartsWith("dynamics:", StringComparison.Ordinal))
        {
            commit.Cleared.Add(releaseKey);
            commit.Audit.Add(new AuditEvent(commit.At, by, "hold-release.cleared", "customer:" + customerId, Describe(release), null, null));
        }
    }

    private static string? Describe(ManualAction? release) => release is null
        ? null
        : release.Until is { } until ? $"until {until:yyyy-MM-dd}: {release.Reason}" : release.Reason;

    private static string? Text(JsonElement record, string column) =>
        record.TryGetProperty(column, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool Flag(JsonElement record, string column) =>
        record.TryGetProperty(column, out var value) && value.ValueKind == JsonValueKind.True;

    private static DateTimeOffset? Moment(JsonElement record, string column) =>
        Text(record, column) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment)
            ? moment
            : null;

    private sealed class PageCommit(DateTimeOffset at)
    {
        public DateTimeOffset At { get; } = at;
        public List<ManualAction> Set { get; } = [];
        public List<(string Kind, string CustomerId)> Cleared { get; } = [];
        public List<AuditEvent> Audit { get; } = [];
        public List<DataverseRecordId> Ids { get; } = [];
        public List<DataverseRecordId> Forgotten { get; } = [];
    }
}
