using Connector.Mapping.Canonical;

namespace Connector.Sync.Ports;

public enum DeadLetterStatus
{
    /// <summary>Waiting for a fix and a retry.</summary>
    Open,

    /// <summary>A retry mapped it; the row landed.</summary>
    Resolved,
}

/// <summary>The row as read, kept so a retry can map it again with the mappings of the day.</summary>
public sealed record RawRow(IReadOnlyList<string> Header, IReadOnlyList<string>? Values, string? Text)
{
    /// <summary>For a letter about a whole file: where the file is kept (<c>archive/OP_1_3f2a….csv</c> under the drop folder), which a retry reads again.</summary>
    public string? File { get; init; }
}

/// <summary>A row to quarantine. <see cref="Locator"/> (<c>line 17</c>, <c>key INV-1</c>) with the entity and source key makes it unique: quarantining the same row twice keeps one letter.</summary>
public sealed record DeadLetterDraft(
    CanonicalEntity Entity,
    string Source,
    string SourceKey,
    string Locator,
    long? Line,
    string? Key,
    string? Field,
    string Reason,
    RawRow Raw);

/// <summary>A quarantined row.</summary>
public sealed record DeadLetter(
    long Id,
    CanonicalEntity Entity,
    string Source,
    string SourceKey,
    string Locator,
    long? Line,
    string? Key,
    string? Field,
    string Reason,
    RawRow Raw,
    DeadLetterStatus Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record DeadLetterRetryFailure(long Id, string? Field, string Reason);

public sealed record DeadLetterQuery(CanonicalEntity? Entity = null, DeadLetterStatus? Status = DeadLetterStatus.Open, int Limit = 1000);

/// <summary>
/// Letters that share one reason (every row of a file lacking the same column): how many, and the range of their ids,
/// sources and lines, so thousands of them read as one line.
/// </summary>
public sealed record DeadLetterGroup(
    CanonicalEntity Entity,
    DeadLetterStatus Status,
    string? Field,
    string Reason,
    long Count,
    long FirstId,
    long LastId,
    string FirstSource,
    string LastSource,
    long? FirstLine,
    long? LastLine);

/// <summary>Quarantined rows: listed, shown, retried (through <see cref="ILedgerStore.CommitAsync"/>) and purged.</summary>
public interface IDeadLetterStore
{
    Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(DeadLetterQuery query, CancellationToken cancellationToken);

    Task<DeadLetter?> FindDeadLetterAsync(long id, CancellationToken cancellationToken);

    Task<long> CountDeadLettersAsync(CanonicalEntity? entity, DeadLetterStatus status, CancellationToken cancellationToken);

    /// <summary>The letters of <paramref name="query"/> grouped by entity, status, field and reason, in the order of their first letter.</summary>
    Task<IReadOnlyList<DeadLetterGroup>> GroupDeadLettersAsync(DeadLetterQuery query, CancellationToken cancellationToken);

    /// <summary>The keys of an entity's open letters that recorded one: a record landing under such a key supersedes them.</summary>
    Task<HashSet<string>> ReadOpenLetterKeysAsync(CanonicalEntity entity, CancellationToken cancellationToken);

    /// <summary>Deletes letters: those given, or every one of an entity/status when no ids are given. Returns how many.</summary>
    Task<int> PurgeDeadLettersAsync(IReadOnlyList<long>? ids, CanonicalEntity? entity, DeadLetterStatus? status, CancellationToken cancellationToken);
}
