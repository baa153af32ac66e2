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
public sealed record RawRow(IReadOnlyList<string> Header, IReadOnlyList<string>? Values, string? Text);

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

/// <summary>Quarantined rows: listed, shown, retried (through <see cref="ILedgerStore.CommitAsync"/>) and purged.</summary>
public interface IDeadLetterStore
{
    Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(DeadLetterQuery query, CancellationToken cancellationToken);

    Task<DeadLetter?> FindDeadLetterAsync(long id, CancellationToken cancellationToken);

    Task<long> CountDeadLettersAsync(CanonicalEntity? entity, DeadLetterStatus status, CancellationToken cancellationToken);

    /// <summary>Deletes letters: those given, or every one of an entity/status when no ids are given. Returns how many.</summary>
    Task<int> PurgeDeadLettersAsync(IReadOnlyList<long>? ids, CanonicalEntity? entity, DeadLetterStatus? status, CancellationToken cancellationToken);
}
