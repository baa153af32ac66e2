using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;
using Connector.Dataverse.WebApi;
using Connector.Sync.Ports;

namespace Connector.Dataverse.Requests;

/// <summary>
/// POST <c>{set}/Microsoft.Dynamics.CRM.UpsertMultiple</c> with <c>{"Targets":[…]}</c>: every target carries
/// <c>"@odata.type":"Microsoft.Dynamics.CRM.&lt;logical name&gt;"</c> and <c>"@odata.id":"&lt;set&gt;(&lt;key&gt;='&lt;value&gt;')"</c>
/// (the upsertmultiple reference). Dataverse answers 204 and reports nothing per record; on standard tables the
/// whole request rolls back on any error.
/// </summary>
public sealed class UpsertMultipleRequest : IDataverseRequest<int>
{
    private readonly DataverseTable table;
    private readonly IReadOnlyList<DataverseUpsert> records;

    /// <param name="records">Records whose keys <see cref="AlternateKey.Problem"/> accepts and whose columns are JSON objects.</param>
    public UpsertMultipleRequest(DataverseTable table, IReadOnlyList<DataverseUpsert> records)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfZero(records.Count);
        this.table = table;
        this.records = records;
    }

    public HttpRequestMessage CreateHttpRequest(Uri apiBase)
    {
        var body = new ArrayBufferWriter<byte>(256 * records.Count);
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("Targets");
            var type = "Microsoft.Dynamics.CRM." + table.LogicalName;
            foreach (var record in records)
            {
                writer.WriteStartObject();
                writer.WriteString("@odata.type", type);
                writer.WriteString("@odata.id", AlternateKey.Render(table.EntitySetName, table.KeyColumn, record.Key));
                WriteColumns(writer, record);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        var content = new ByteArrayContent(body.WrittenSpan.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue(ODataHeaders.JsonMediaType) { CharSet = "utf-8" };
        return new HttpRequestMessage(HttpMethod.Post, new Uri(apiBase, $"{table.EntitySetName}/Microsoft.Dynamics.CRM.UpsertMultiple")) { Content = content };
    }

    public Task<int> ReadResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken) => Task.FromResult(records.Count);

    /// <summary>Copies the record's columns into the target object.</summary>
    internal static void WriteColumns(Utf8JsonWriter writer, DataverseUpsert record)
    {
        using var columns = ParseColumns(record);
        foreach (var property in columns.RootElement.EnumerateObject())
        {
            property.WriteTo(writer);
        }
    }

    /// <summary>The record's columns as a JSON object; a caller bug (not a Dataverse refusal) otherwise.</summary>
    internal static JsonDocument ParseColumns(DataverseUpsert record)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(string.IsNullOrWhiteSpace(record.Columns) ? "{}" : record.Columns);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Columns of record '{record.Key}' are not valid JSON: {e.Message}", nameof(record), e);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new ArgumentException($"Columns of record '{record.Key}' must be a JSON object", nameof(record));
        }

        return document;
    }
}
