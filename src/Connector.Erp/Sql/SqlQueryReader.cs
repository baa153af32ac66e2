using System.Data.Common;
using Connector.Mapping.Rows;
using Connector.Sync.Ports;

namespace Connector.Erp.Sql;

/// <summary>
/// The rows of one query run, streamed from the open data reader. It checkpoints only at its end: rows sharing a
/// watermark value may straddle a batch, so storing a watermark mid-run could skip the rest of them.
/// </summary>
internal sealed class SqlQueryReader : ISourceReader
{
    private readonly string entity;
    private readonly string query;
    private readonly DbConnection connection;
    private readonly DbCommand command;
    private readonly DbDataReader reader;
    private readonly int watermarkOrdinal;
    private readonly string inputWatermark;
    private readonly string connectionString;
    private object? highest;

    public SqlQueryReader(
        string entity,
        string query,
        DbConnection connection,
        DbCommand command,
        DbDataReader reader,
        IReadOnlyList<string> header,
        int watermarkOrdinal,
        string inputWatermark,
        string connectionString)
    {
        this.entity = entity;
        this.query = query;
        this.connection = connection;
        this.command = command;
        this.reader = reader;
        this.watermarkOrdinal = watermarkOrdinal;
        this.inputWatermark = inputWatermark;
        this.connectionString = connectionString;
        Header = header;
    }

    public IReadOnlyList<string> Header { get; }

    public string? Problem => null;

    public IEnumerable<SourceRow> Rows => Read();

    /// <summary>The highest watermark value read, or the one the run started from when it read none.</summary>
    public string CompletedCheckpoint => highest is null ? inputWatermark : SqlValueText.Format(highest);

    public string? CheckpointAfter(SourceRow row) => null;

    /// <summary>Never: a query's result is what the database gave, and rows added meanwhile come with the next run's watermark.</summary>
    public string? Changed => null;

    public void Dispose()
    {
        reader.Dispose();
        command.Dispose();
        connection.Dispose();
    }

    private IEnumerable<SourceRow> Read()
    {
        var columns = Header.Count;
        var raw = new object[columns];
        long line = 0;
        while (true)
        {
            try
            {
                if (!reader.Read())
                {
                    yield break;
                }

                reader.GetValues(raw);
            }
            catch (Exception e) when (e is DbException or InvalidOperationException or InvalidCastException or OverflowException)
            {
                throw SqlErrors.Wrap(entity, query, connectionString, e);
            }

            var values = new string[columns];
            for (var i = 0; i < columns; i++)
            {
                values[i] = SqlValueText.Format(raw[i]);
            }

            if (watermarkOrdinal >= 0 && raw[watermarkOrdinal] is not (null or DBNull) and var mark
                && (highest is null || SqlValueText.Compare(mark, highest) > 0))
            {
                highest = mark;
            }

            yield return new SourceRow(++line, values);
        }
    }
}
