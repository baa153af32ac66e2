using System.Text.Json;
using Connector.Dataverse.Requests;
using Connector.Dataverse.WebApi;
using Connector.Sync.Ports;
using Microsoft.Extensions.Logging;

namespace Connector.Dataverse.Sync;

/// <summary>
/// Writes and reads of one record by its id: an order's credit status (update only, so a deleted order is never
/// created again) and in-app notifications (create only with an id chosen beforehand, so a repeat after a crash is
/// recognised instead of notifying twice). Both conditions make the PATCH idempotent, so the pipeline retries it after
/// throttling, 5xx and timeouts; what outlasts the retries throws, like <see cref="UpsertAsync"/>.
/// </summary>
public sealed partial class WebApiDataverse
{
    public Task<DataverseWriteResult> WriteByIdAsync(DataverseTable table, Guid id, string columns, DataverseWriteMode mode, CancellationToken cancellationToken) =>
        WriteByIdAsync(table, id, columns, mode, counter: null, cancellationToken);

    /// <summary><see cref="WriteByIdAsync(DataverseTable, Guid, string, DataverseWriteMode, CancellationToken)"/>, counting every attempt in <paramref name="counter"/>.</summary>
    public async Task<DataverseWriteResult> WriteByIdAsync(DataverseTable table, Guid id, string columns, DataverseWriteMode mode, RequestCounter? counter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(columns);
        using (UpsertMultipleRequest.ParseColumns(new DataverseUpsert(id.ToString("D"), columns)))
        {
            // A caller bug (columns not a JSON object) throws here, before anything is sent.
        }

        var request = new WriteRecordByIdRequest(table.EntitySetName, id, columns, mode == DataverseWriteMode.UpdateOnly ? UpsertMode.UpdateOnly : UpsertMode.CreateOnly);
        try
        {
            await client.SendAsync(request, counter, cancellationToken);
            return new DataverseWriteResult(DataverseWriteStatus.Written);
        }
        catch (DataverseException e) when (mode == DataverseWriteMode.UpdateOnly && IsMissingRecord(e))
        {
            LogWriteMissing(table.EntitySetName, id, e.RequestId);
            return new DataverseWriteResult(DataverseWriteStatus.Missing);
        }
        catch (DataverseException e) when (mode == DataverseWriteMode.CreateOnly && IsDuplicate(e))
        {
            LogWriteAlreadyExists(table.EntitySetName, id, e.RequestId);
            return new DataverseWriteResult(DataverseWriteStatus.AlreadyExists);
        }
        catch (DataverseException e) when (IsRefusalOfContent(e.StatusCode, e.IsTransient))
        {
            LogWriteRefused(table.EntitySetName, id, e.StatusCode, e.ErrorCode, e.RequestId);
            var failure = new DataverseRecordFailure(id.ToString("D"), e.StatusCode, e.ErrorCode, OneLine(e.Message));
            return new DataverseWriteResult(DataverseWriteStatus.Refused, failure);
        }
    }

    public async Task<JsonElement?> ReadByIdAsync(DataverseTable table, Guid id, IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(columns);
        try
        {
            return await client.SendAsync(new RetrieveRecordRequest(table.EntitySetName, id, columns), cancellationToken);
        }
        catch (DataverseException e) when (IsMissingRecord(e))
        {
            return null;
        }
    }

    /// <summary>
    /// 404 ObjectDoesNotExist ("salesorder With Id = … Does Not Exist"). Another 404 code (an unknown entity set,
    /// 0x80060888) is a configuration error, not a deleted record, and must not pass for one.
    /// </summary>
    private static bool IsMissingRecord(DataverseException e) =>
        e.StatusCode == 404 && (e.ErrorCode.Length == 0 || string.Equals(e.ErrorCode, DataverseErrorCodes.ObjectDoesNotExist, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// <c>If-None-Match: *</c> on an existing record answers 412 (use-upsert-insert-update-record), with DuplicateRecord
    /// (0x80040237) by id or DuplicateRecordEntityKey (0x80060892) by key. The docs name no other status for a create
    /// with a taken id, so a duplicate code under another 4xx counts too rather than passing for a refused record.
    /// </summary>
    private static bool IsDuplicate(DataverseException e) =>
        e.StatusCode == 412
        || (e.StatusCode is >= 400 and < 500 && (string.Equals(e.ErrorCode, DataverseErrorCodes.DuplicateRecord, StringComparison.OrdinalIgnoreCase)
            || string.Equals(e.ErrorCode, DataverseErrorCodes.DuplicateRecordEntityKey, StringComparison.OrdinalIgnoreCase)));

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    [LoggerMessage(EventId = LogEventIds.WebApiDataverse + 11, Level = LogLevel.Information, Message = "Dataverse has no {EntitySet} record {RecordId} to update (deleted?) (request id {RequestId})")]
    private partial void LogWriteMissing(string entitySet, Guid recordId, string? requestId);

    [LoggerMessage(EventId = LogEventIds.WebApiDataverse + 12, Level = LogLevel.Information, Message = "Dataverse already has {EntitySet} record {RecordId}: an earlier attempt created it (request id {RequestId})")]
    private partial void LogWriteAlreadyExists(string entitySet, Guid recordId, string? requestId);

    [LoggerMessage(EventId = LogEventIds.WebApiDataverse + 13, Level = LogLevel.Warning, Message = "Dataverse refused the write of {EntitySet} record {RecordId} ({Status} {ErrorCode}, request id {RequestId})")]
    private partial void LogWriteRefused(string entitySet, Guid recordId, int status, string errorCode, string? requestId);
}
