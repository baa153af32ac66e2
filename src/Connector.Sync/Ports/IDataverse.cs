using System.Text.Json;

namespace Connector.Sync.Ports;

/// <summary>A Dataverse table the connector writes or reads, named as <c>solution-package/</c> defines it.</summary>
/// <param name="LogicalName">e.g. <c>account</c>, <c>arc_openitem</c>.</param>
/// <param name="EntitySetName">e.g. <c>accounts</c>, <c>arc_openitems</c>.</param>
/// <param name="KeyColumn">The single-column alternate key records are addressed by, e.g. <c>accountnumber</c>.</param>
public sealed record DataverseTable(string LogicalName, string EntitySetName, string KeyColumn);

/// <summary>One record to upsert by alternate key.</summary>
/// <param name="Key">The key column's value, e.g. <c>C-1001</c>.</param>
/// <param name="Columns">
/// A JSON object of the columns to write, without the key column; lookups as
/// <c>"arc_accountid@odata.bind": "/accounts(&lt;guid&gt;)"</c>.
/// </param>
public sealed record DataverseUpsert(string Key, string Columns);

/// <summary>A record Dataverse refused for its content: it is isolated, its neighbours are written.</summary>
public sealed record DataverseRecordFailure(string Key, int Status, string ErrorCode, string Message)
{
    /// <summary>KeyedRecordDoesNotExist: no record has the alternate key values a request addressed or bound to (404).</summary>
    public const string KeyedRecordDoesNotExistCode = "0x80060891";

    /// <summary>
    /// Refused because a record it binds to by alternate key is not in Dataverse (404 0x80060891): an upsert by key
    /// creates its own record, so for an upsert this can only be the bound parent (a person deleted it, or the
    /// environment was restored from an older backup). Matched by code, never by message text.
    /// </summary>
    public bool IsMissingBoundRecord =>
        Status == 404 && string.Equals(ErrorCode, KeyedRecordDoesNotExistCode, StringComparison.OrdinalIgnoreCase);
}

/// <summary>What an upsert call achieved.</summary>
/// <param name="Written">Records Dataverse accepted.</param>
/// <param name="Failed">Records refused for their content (4xx other than throttling), one entry each.</param>
/// <param name="Requests">HTTP requests sent, retries included (benchmarks and the run summary report it).</param>
public sealed record DataverseUpsertResult(int Written, IReadOnlyList<DataverseRecordFailure> Failed, int Requests);

/// <summary>A record that is new or changed since the last delta link, with the selected columns as Dataverse returned them.</summary>
public sealed record DataverseChange(Guid Id, JsonElement Record);

/// <summary>One page of changes; the last page of a read carries the delta link to store for the next read.</summary>
public sealed record DataverseChangePage(IReadOnlyList<DataverseChange> Changed, IReadOnlyList<Guid> Deleted, string? DeltaLink);

/// <summary>How a write by id may act on the record.</summary>
public enum DataverseWriteMode
{
    /// <summary><c>If-Match: *</c>: change an existing record only; a missing one is <see cref="DataverseWriteStatus.Missing"/>.</summary>
    UpdateOnly,

    /// <summary><c>If-None-Match: *</c>: create with the given id only; an existing one is <see cref="DataverseWriteStatus.AlreadyExists"/>.</summary>
    CreateOnly,
}

public enum DataverseWriteStatus
{
    Written,

    /// <summary>The record does not exist (someone deleted it): an update has nothing to change.</summary>
    Missing,

    /// <summary>A record with that id exists already: a create was done before (a repeat after a crash).</summary>
    AlreadyExists,

    /// <summary>Dataverse refused the content (a 4xx other than throttling); <see cref="DataverseWriteResult.Failure"/> says why.</summary>
    Refused,
}

/// <summary>What a write by id achieved.</summary>
public sealed record DataverseWriteResult(DataverseWriteStatus Status, DataverseRecordFailure? Failure = null);

/// <summary>
/// The part of Dataverse the sync use cases need. Transient failures that outlast the retries (throttling, 5xx,
/// timeouts, an unreachable environment) throw, so the outbox keeps the entries pending for the next run;
/// records refused for their content come back in <see cref="DataverseUpsertResult.Failed"/>.
/// </summary>
public interface IDataverse
{
    /// <summary>
    /// Upserts by alternate key: bulk (<c>UpsertMultiple</c>) where the table supports it, <c>$batch</c> otherwise and
    /// for a failed bulk chunk, so one bad record never fails its neighbours. Safe to repeat.
    /// </summary>
    Task<DataverseUpsertResult> UpsertAsync(DataverseTable table, IReadOnlyList<DataverseUpsert> records, CancellationToken cancellationToken);

    /// <summary>
    /// Reads what changed since <paramref name="deltaLink"/> (everything when null) through change tracking, page by
    /// page; lookups come as <c>_x_value</c> with their formatted value and <c>lookuplogicalname</c> annotations.
    /// </summary>
    IAsyncEnumerable<DataverseChangePage> ReadChangesAsync(DataverseTable table, IReadOnlyList<string> columns, string? deltaLink, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="columns"/> (a JSON object, lookups as <c>@odata.bind</c>) on the record of
    /// <paramref name="table"/> with id <paramref name="id"/>: PATCH <c>salesorders(&lt;id&gt;)</c> with the mode's
    /// condition. Safe to repeat: a repeated create answers <see cref="DataverseWriteStatus.AlreadyExists"/>.
    /// </summary>
    Task<DataverseWriteResult> WriteByIdAsync(DataverseTable table, Guid id, string columns, DataverseWriteMode mode, CancellationToken cancellationToken);

    /// <summary>GET one record by id with the selected columns (lookups as <c>_x_value</c> with annotations); <c>null</c> when it does not exist.</summary>
    Task<JsonElement?> ReadByIdAsync(DataverseTable table, Guid id, IReadOnlyList<string> columns, CancellationToken cancellationToken);

    /// <summary>Every record of <paramref name="table"/> with the selected columns, page by page (a full read, for tables without change tracking).</summary>
    IAsyncEnumerable<IReadOnlyList<JsonElement>> ReadAllAsync(DataverseTable table, IReadOnlyList<string> columns, CancellationToken cancellationToken);
}
