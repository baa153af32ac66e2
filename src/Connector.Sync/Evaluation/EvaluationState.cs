using System.Globalization;
using Connector.Domain.Collections;
using Connector.Domain.Credit;
using Connector.Sync.Collections;
using Connector.Sync.Ports;
using Connector.Sync.Push;

namespace Connector.Sync.Evaluation;

/// <summary>
/// Everything the store knows that changes a decision, beside the ledger itself: the releases AR managers gave (from the
/// CLI or in Dynamics), the manual holds set in Dynamics, one-order overrides, the hold states the last push left (to
/// tell a hold placed from one carried on), the contacts with customers (tasks completed, email sent) and the open
/// collection cases (their collector stays assigned). Canonical folders (<c>--from</c>) have none of it: <see cref="Empty"/>.
/// </summary>
public sealed record EvaluationState
{
    /// <summary>The checkpoint a sync's push writes with the hold states: the evaluation date and when (<c>2026-11-16 2026-11-16T08:00:00+00:00</c>).</summary>
    public const string LastSyncKey = "sync:last-evaluated";

    public static EvaluationState Empty { get; } = new();

    /// <summary>Releases, manual holds and one-order overrides as the hold rules and the order check take them.</summary>
    public ManualActions Actions { get; init; } = ManualActions.None;

    /// <summary>The releases as stored (who, when, until, why), for the hold list.</summary>
    public IReadOnlyList<ManualAction> StoredActions { get; init; } = [];

    /// <summary>Each customer's hold state after the last push; empty before the first one.</summary>
    public IReadOnlyDictionary<string, HoldStatus> PreviousHolds { get; init; } = new Dictionary<string, HoldStatus>(StringComparer.Ordinal);

    /// <summary>Contacts with customers, oldest first.</summary>
    public IReadOnlyList<StoredContactAttempt> Contacts { get; init; } = [];

    /// <summary>The cases the last plan left open.</summary>
    public IReadOnlyList<CollectionCase> OpenCases { get; init; } = [];

    /// <summary>When the last sync wrote the hold states to Dynamics; <c>null</c> before the first one.</summary>
    public DateTimeOffset? LastSyncAt { get; init; }

    /// <summary>The evaluation date of the last sync; <c>null</c> before the first one.</summary>
    public DateOnly? LastSyncAsOf { get; init; }

    /// <summary>Whether a sync has evaluated and pushed at least once (the hold list is "as of the last sync" only then).</summary>
    public bool HasSynced => LastSyncAt is not null;

    /// <summary>The <see cref="LastSyncKey"/> checkpoint for a sync that evaluated <paramref name="asOf"/> at <paramref name="at"/>.</summary>
    public static Checkpoint LastSync(DateOnly asOf, DateTimeOffset at) =>
        new(LastSyncKey, asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " " + at.ToString("O", CultureInfo.InvariantCulture));

    /// <summary>Reads the state from the store; nothing is written.</summary>
    /// <param name="openCases">The open cases a long-running process keeps between cycles (decision 137); <c>null</c>: every stored case is read and parsed.</param>
    public static async Task<EvaluationState> ReadAsync(IConnectorStore store, CancellationToken cancellationToken, ResidentOpenCases? openCases = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var orderNumbers = new Dictionary<Guid, string>();
        foreach (var order in await store.ReadOrderCreditsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (order.OrderNumber is { } number)
            {
                orderNumbers[order.OrderId] = number;
            }
        }

        var stored = await store.ReadManualActionsAsync(cancellationToken).ConfigureAwait(false);
        var actions = ManualActionConversion.ToDomain(stored, await store.ReadOrderReleasesAsync(cancellationToken).ConfigureAwait(false), orderNumbers);
        var previous = ManualActionConversion.ToDomain(await store.ReadHoldStatusesAsync(cancellationToken).ConfigureAwait(false));
        var last = await store.ReadCheckpointAsync(LastSyncKey, cancellationToken).ConfigureAwait(false);
        var cases = openCases is null ? await ReadOpenCasesAsync(store, cancellationToken).ConfigureAwait(false) : await openCases.ReadAsync(store, cancellationToken).ConfigureAwait(false);

        return new EvaluationState
        {
            Actions = actions,
            StoredActions = stored,
            PreviousHolds = previous,
            Contacts = await store.ReadContactAttemptsAsync(cancellationToken).ConfigureAwait(false),
            OpenCases = cases,
            LastSyncAt = last is not null && DateTimeOffset.TryParse(last[(last.IndexOf(' ', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
                ? at
                : null,
            LastSyncAsOf = last is { Length: >= 10 } && DateOnly.TryParseExact(last[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                ? day
                : null,
        };
    }

    private static async Task<List<CollectionCase>> ReadOpenCasesAsync(IConnectorStore store, CancellationToken cancellationToken)
    {
        var openCases = new List<CollectionCase>();
        foreach (var open in await store.ReadCasesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (open.Snapshot is { } snapshot)
            {
                openCases.Add(CaseSnapshotJson.Deserialize(snapshot));
            }
        }

        return openCases;
    }
}
