using System.Runtime.CompilerServices;
using Connector.Dataverse.Batch;
using Connector.Dataverse.Configuration;
using Connector.Dataverse.Requests;
using Connector.Dataverse.WebApi;
using Connector.Sync.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Dataverse.Sync;

/// <summary>
/// <see cref="IDataverse"/> over the Web API. Upserts go in <c>UpsertMultiple</c> chunks where the table supports
/// it (probed once per table, not assumed), sent in parallel under the adaptive concurrency limit; a chunk Dataverse
/// refuses for its content (bulk messages are all or nothing on standard tables) is re-sent through <c>$batch</c>
/// with <c>odata.continue-on-error</c>, one PATCH by key per record outside any change set, so only the bad records
/// come back as failures. Tables without bulk support go to <c>$batch</c> directly.
/// </summary>
public sealed partial class WebApiDataverse : IDataverse
{
    private readonly DataverseClient client;
    private readonly DataverseOptions options;
    private readonly ILogger<WebApiDataverse> logger;
    private readonly Dictionary<string, bool> bulkSupport = new(StringComparer.Ordinal);
    private readonly Lock bulkSupportGate = new();

    public WebApiDataverse(DataverseClient client, IOptions<DataverseOptions> options, ILogger<WebApiDataverse> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        this.client = client;
        this.options = options.Value;
        this.logger = logger;
    }

    public async Task<DataverseUpsertResult> UpsertAsync(DataverseTable table, IReadOnlyList<DataverseUpsert> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(records);
        var counter = new RequestCounter();
        var failures = new List<DataverseRecordFailure>();
        var sendable = new List<DataverseUpsert>(records.Count);
        foreach (var record in records)
        {
            using var columns = UpsertMultipleRequest.ParseColumns(record); // a caller bug throws here, before anything is sent
            if (AlternateKey.Problem(record.Key) is { } problem)
            {
                failures.Add(new DataverseRecordFailure(record.Key, 0, string.Empty, $"Not sent to {table.EntitySetName}: {problem}"));
            }
            else
            {
                sendable.Add(record);
            }
        }

        // UpsertMultiple refuses two targets for one key (bulk-operations.md): the later payload is the newer one and
        // stands for both; the earlier counts as written when the later is.
        var superseded = LastPerKey(sendable);
        var written = 0;
        if (sendable.Count > 0)
        {
            var bulk = await SupportsBulkAsync(table, counter, cancellationToken);
            var chunks = sendable.Chunk(bulk ? options.BatchSize : options.BatchFallbackSize);
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxParallelism, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(chunks, parallel, async (chunk, token) =>
            {
                var (chunkWritten, chunkFailed) = bulk
                    ? await UpsertBulkAsync(table, chunk, counter, token)
                    : await UpsertOneByOneAsync(table, chunk, counter, token);
                Interlocked.Add(ref written, chunkWritten);
                lock (failures)
                {
                    failures.AddRange(chunkFailed);
                }
            });
        }

        var failedKeys = failures.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        written += superseded.Count(key => !failedKeys.Contains(key));
        failures.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new DataverseUpsertResult(written, failures, counter.Count);
    }

    /// <summary>Keeps the last record of each key in <paramref name="records"/>, in order; returns the keys of those dropped.</summary>
    private static List<string> LastPerKey(List<DataverseUpsert> records)
    {
        var last = new Dictionary<string, int>(records.Count, StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
        {
            last[records[i].Key] = i;
        }

        if (last.Count == records.Count)
        {
            return [];
        }

        var dropped = new List<string>();
        var kept = new List<DataverseUpsert>(last.Count);
        for (var i = 0; i < records.Count; i++)
        {
            if (last[records[i].Key] == i)
            {
                kept.Add(records[i]);
            }
            else
            {
                dropped.Add(records[i].Key);
            }
        }

        records.Clear();
        records.AddRange(kept);
        return dropped;
    }

    public async IAsyncEnumerable<DataverseChangePage> ReadChangesAsync(
        DataverseTable table,
        IReadOnlyList<string> columns,
        string? deltaLink,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(columns);
        var primaryId = table.LogicalName + "id";
        var page = await FirstChangePageAsync(table, [.. columns.Append(primaryId).Distinct(StringComparer.Ordinal)], deltaLink, cancellationToken);
        while (true)
        {
            yield return new DataverseChangePage(
                [.. page.Changed.Select(record => new DataverseChange(EntityIds.FromProperty(record, primaryId) ?? Guid.Empty, record))],
                page.Deleted,
                page.NextLink is null ? page.DeltaLink : null);
            if (page.NextLink is null)
            {
                yield break;
            }

            page = await client.SendAsync(RetrieveChangesRequest.FromLink(page.NextLink), cancellationToken);
        }
    }

    /// <summary>Whether the table takes <c>UpsertMultiple</c>; asked once per table and remembered.</summary>
    public async Task<bool> SupportsBulkAsync(DataverseTable table, RequestCounter? counter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        lock (bulkSupportGate)
        {
            if (bulkSupport.TryGetValue(table.LogicalName, out var known))
            {
                return known;
            }
        }

        bool supported;
        try
        {
            supported = await client.SendAsync(new ProbeBulkSupportRequest(table.LogicalName), counter, cancellationToken);
        }
        catch (DataverseException e) when (!e.IsTransient)
        {
            // No read access to sdkmessagefilters, say: one request per record in $batch still works.
            LogProbeFailed(table.LogicalName, e.StatusCode, e.ErrorCode);
            supported = false;
        }

        lock (bulkSupportGate)
        {
            bulkSupport[table.LogicalName] = supported;
        }

        LogBulkSupport(table.LogicalName, supported);
        return supported;
    }

    private async Task<(int Written, IReadOnlyList<DataverseRecordFailure> Failed)> UpsertBulkAsync(
        DataverseTable table, DataverseUpsert[] chunk, RequestCounter counter, CancellationToken cancellationToken)
    {
        try
        {
            var written = await client.SendAsync(new UpsertMultipleRequest(table, chunk), counter, cancellationToken);
            return (written, []);
        }
        catch (DataverseException e) when (IsRefusalOfContent(e.StatusCode, e.IsTransient))
        {
            LogBulkChunkRefused(table.EntitySetName, chunk.Length, e.StatusCode, e.ErrorCode, e.RequestId);
        }

        var written2 = 0;
        var failed = new List<DataverseRecordFailure>();
        foreach (var part in chunk.Chunk(options.BatchFallbackSize))
        {
            var (partWritten, partFailed) = await UpsertOneByOneAsync(table, part, counter, cancellationToken);
            written2 += partWritten;
            failed.AddRange(partFailed);
        }

        return (written2, failed);
    }

    /// <summary>One <c>$batch</c> with continue-on-error: a PATCH by key per record, each answered on its own.</summary>
    private async Task<(int Written, IReadOnlyList<DataverseRecordFailure> Failed)> UpsertOneByOneAsync(
        DataverseTable table, DataverseUpsert[] records, RequestCounter counter, CancellationToken cancellationToken)
    {
        var operations = records
            .Select(r => (BatchPart)new BatchOperation(HttpMethod.Patch, AlternateKey.Render(table.EntitySetName, table.KeyColumn, r.Key), r.Columns))
            .ToList();
        var responses = await client.SendAsync(new ExecuteBatchRequest(operations, continueOnError: true), counter, cancellationToken);
        if (responses.Count < records.Length)
        {
            // continue-on-error was not honoured: the batch stopped at its first failure and reports that failure
            // alone, without saying which part it was; the parts before it were applied, the rest never ran. An upsert
            // by key is idempotent, so each record goes again on its own and gets its own answer.
            LogContinueOnErrorIgnored(table.EntitySetName, responses.Count, records.Length);
            return await UpsertEachAsync(table, records, counter, cancellationToken);
        }

        var byPart = responses.GroupBy(r => r.PartIndex).ToDictionary(g => g.Key, g => g.First());
        var written = 0;
        var failed = new List<DataverseRecordFailure>();
        for (var index = 0; index < records.Length; index++)
        {
            var response = byPart[index];
            if (response.IsSuccess)
            {
                written++;
                continue;
            }

            var error = DataverseError.Parse(response.Body);
            if (!IsRefusalOfContent(response.StatusCode, DataverseException.IsTransientStatus(response.StatusCode)))
            {
                var requestId = response.Headers.TryGetValue("REQ_ID", out var id) ? id : response.Headers.GetValueOrDefault("x-ms-service-request-id");
                throw DataverseException.FromAnswer($"PATCH {((BatchOperation)operations[index]).Url} in a $batch", response.StatusCode, response.ReasonPhrase, error, requestId);
            }

            failed.Add(new DataverseRecordFailure(records[index].Key, response.StatusCode, error.Code, error.Message.Length > 0 ? error.Message : response.ReasonPhrase));
        }

        return (written, failed);
    }

    /// <summary>One PATCH by key per record, one after the other; a refusal of content is that record's failure.</summary>
    private async Task<(int Written, IReadOnlyList<DataverseRecordFailure> Failed)> UpsertEachAsync(
        DataverseTable table, DataverseUpsert[] records, RequestCounter counter, CancellationToken cancellationToken)
    {
        var written = 0;
        var failed = new List<DataverseRecordFailure>();
        foreach (var record in records)
        {
            try
            {
                await client.SendAsync(new UpsertRecordRequest(table.EntitySetName, table.KeyColumn, record.Key, record.Columns), counter, cancellationToken);
                written++;
            }
            catch (DataverseException e) when (IsRefusalOfContent(e.StatusCode, e.IsTransient))
            {
                failed.Add(new DataverseRecordFailure(record.Key, e.StatusCode, e.ErrorCode, e.Message));
            }
        }

        return (written, failed);
    }

    private async Task<ChangeTrackingPage> FirstChangePageAsync(DataverseTable table, IReadOnlyList<string> select, string? deltaLink, CancellationToken cancellationToken)
    {
        if (deltaLink is not null)
        {
            try
            {
                return await client.SendAsync(RetrieveChangesRequest.FromLink(deltaLink), cancellationToken);
            }
            catch (DataverseException e) when (!e.IsTransient && e.StatusCode is 400 or 404 or 410 or 422)
            {
                // Change tracking tokens expire (7 days by default): the only way on is a full read.
                LogDeltaLinkRejected(table.EntitySetName, e.StatusCode, e.ErrorCode, e.RequestId);
            }
        }

        return await client.SendAsync(new RetrieveChangesRequest(table.EntitySetName, select), cancellationToken);
    }

    /// <summary>A 4xx about this request's content, not about us (401/403) or the server's load (408/429).</summary>
    private static bool IsRefusalOfContent(int status, bool transient) => !transient && status is >= 400 and < 500 and not 401 and not 403;

    [LoggerMessage(EventId = LogEventIds.WebApiDataverse + 1, Level = LogLevel.Information, Message = "Dataverse table {Table} supports UpsertMultiple: {Supported}")]
    private partial void LogBulkSupport(string table, bool supported);

    [LoggerMessage(EventId = LogEventIds.WebApiDataverse + 2, Level = LogLevel.Warning, Message = "Could not ask Dataverse whether {Table} supports UpsertMultiple ({Status} {ErrorCode}); writing it through $batch")]
    private partial void LogProbeFailed(string table, int status, string errorCode);

    [LoggerMessage(EventId = LogEventIds.WebApiDataverse + 3, Level = LogLevel.Warning, Message = "UpsertMultiple of {Count} records to {EntitySet} refused ({Status} {ErrorCode}, request id {RequestId}); re-sending them one by one through $batch to isolate the bad ones")]
    private partial void LogBulkChunkRefused(string entitySet, int count, int status, string errorCode, string? requestId);

    [LoggerMessage(EventId = LogEventIds.WebApiDataverse + 5, Level = LogLevel.Warning, Message = "Dataverse answered {Answered} of {Sent} operations of a $batch to {EntitySet}: it stopped at the first failure despite odata.continue-on-error; sending those records one at a time")]
    private partial void LogContinueOnErrorIgnored(string entitySet, int answered, int sent);

    [LoggerMessage(EventId = LogEventIds.WebApiDataverse + 4, Level = LogLevel.Warning, Message = "Dataverse refused the stored delta link for {EntitySet} ({Status} {ErrorCode}, request id {RequestId}), probably expired; reading every record again from the start")]
    private partial void LogDeltaLinkRejected(string entitySet, int status, string errorCode, string? requestId);
}
