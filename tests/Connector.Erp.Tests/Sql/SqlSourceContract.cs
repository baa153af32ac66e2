using System.Data.Common;
using System.Globalization;
using Connector.Erp.Sql;
using Connector.Mapping.Rows;
using Connector.Mapping.Sources;
using Connector.Sync.Ports;

namespace Connector.Erp.Tests.Sql;

/// <summary>The behaviour every SQL provider must show, run against a real database of each kind.</summary>
public abstract class SqlSourceContract
{
    protected const string Secret = "S3cret-pw-4711";
    protected const string Query = "SELECT doc_no, amount, note, changed_at FROM open_items WHERE changed_at > @watermark ORDER BY changed_at, doc_no";

    protected abstract DbProviderFactory Factory { get; }

    /// <summary>A fresh, empty database.</summary>
    protected abstract Task<string> CreateDatabaseAsync();

    /// <summary>The text the source gives for a <c>changed_at</c> literal written as <c>2026-03-01 10:00:00</c>.</summary>
    protected abstract string Timestamp(string literal);

    [Fact]
    public async Task OpenAsync_SecondRunWithCompletedWatermark_ReadsOnlyNewerRows()
    {
        var connectionString = await SeededDatabaseAsync();
        var source = new SqlSource(Factory, connectionString, 30);

        var first = await ReadAsync(source, checkpoint: null);
        await ExecuteAsync(connectionString, "INSERT INTO open_items VALUES ('INV-4', 4, 'late', '2026-03-03 09:00:00')");
        var second = await ReadAsync(source, first.Completed);
        var third = await ReadAsync(source, second.Completed);

        Assert.Equal(["INV-1", "INV-2", "INV-3"], first.Rows.Select(r => r.Values[0]));
        Assert.Equal([1L, 2, 3], first.Rows.Select(r => r.Line));
        Assert.Equal(Timestamp("2026-03-02 12:30:00"), first.Completed);
        Assert.Equal(["INV-4"], second.Rows.Select(r => r.Values[0]));
        Assert.Equal(Timestamp("2026-03-03 09:00:00"), second.Completed);
        Assert.Empty(third.Rows);
        Assert.Equal(second.Completed, third.Completed);
    }

    [Fact]
    public async Task OpenAsync_Rows_HeaderFromColumnsNullAsEmptyNoMidRunCheckpoint()
    {
        var source = new SqlSource(Factory, await SeededDatabaseAsync(), 30);
        var unit = Unit(await DiscoverAsync(source));

        using var reader = await unit.OpenAsync(null, CancellationToken.None);
        var rows = reader.Rows.ToList();

        Assert.Equal(["doc_no", "amount", "note", "changed_at"], reader.Header);
        Assert.Null(reader.Problem);
        Assert.Equal("", rows[1].Values[2]);
        Assert.Null(reader.CheckpointAfter(rows[0]));
        Assert.False(unit.IsComplete(reader.CompletedCheckpoint));
        Assert.Equal("sql:invoices", unit.CheckpointKey);
    }

    [Fact]
    public async Task OpenAsync_Numbers_InvariantWhateverTheCulture()
    {
        var source = new SqlSource(Factory, await SeededDatabaseAsync(), 30);
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var read = await ReadAsync(source, null);

            Assert.Equal(AmountText(1234.5m), read.Rows[0].Values[1]);
            Assert.Equal(AmountText(-7.25m), read.Rows[2].Values[1]);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public async Task OpenAsync_BadQuery_ErpSourceExceptionNamesEntityAndQueryNotPassword()
    {
        var connectionString = WithPassword(await SeededDatabaseAsync());
        var source = new SqlSource(Factory, connectionString, 30);
        var spec = new SourceSpec(null, new SqlSourceSpec { Query = "SELECT * FROM no_such_table" });
        var unit = Assert.Single(await source.DiscoverAsync("invoices", spec, CancellationToken.None));

        var error = await Assert.ThrowsAsync<ErpSourceException>(() => unit.OpenAsync(null, CancellationToken.None));

        Assert.StartsWith("SQL source for invoices failed: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("; query: SELECT * FROM no_such_table", error.Message, StringComparison.Ordinal);
        Assert.Contains("no_such_table", error.InnerException!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
        Assert.Equal("invoices", error.Entity);
    }

    [Fact]
    public async Task OpenAsync_WatermarkColumnNotInResult_ErpSourceExceptionListsColumns()
    {
        var source = new SqlSource(Factory, await SeededDatabaseAsync(), 30);
        var spec = new SourceSpec(null, new SqlSourceSpec { Query = "SELECT doc_no FROM open_items", WatermarkColumn = "changed_at" });
        var unit = Assert.Single(await source.DiscoverAsync("invoices", spec, CancellationToken.None));

        var error = await Assert.ThrowsAsync<ErpSourceException>(() => unit.OpenAsync(null, CancellationToken.None));

        Assert.Equal(
            "SQL source for invoices: the watermark column 'changed_at' is not in the query's result (columns: doc_no); query: SELECT doc_no FROM open_items",
            error.Message);
    }

    /// <summary>How the source writes an <c>amount</c> column value (the column type differs per database).</summary>
    protected abstract string AmountText(decimal amount);

    /// <summary>The connection string with a password the database accepts or ignores.</summary>
    protected abstract string WithPassword(string connectionString);

    protected static SourceSpec Spec() =>
        new(null, new SqlSourceSpec { Query = Query, WatermarkColumn = "changed_at", InitialWatermark = "1900-01-01" });

    protected async Task ExecuteAsync(string connectionString, string sql)
    {
        var connection = Factory.CreateConnection()!;
        await using (connection)
        {
            connection.ConnectionString = connectionString;
            await connection.OpenAsync();
            var command = connection.CreateCommand();
            await using (command)
            {
                command.CommandText = sql;
                await command.ExecuteNonQueryAsync();
            }
        }
    }

    private async Task<string> SeededDatabaseAsync()
    {
        var connectionString = await CreateDatabaseAsync();
        await ExecuteAsync(connectionString, "CREATE TABLE open_items (doc_no VARCHAR(20), amount DECIMAL(12,2), note VARCHAR(100), changed_at TIMESTAMP)");
        await ExecuteAsync(
            connectionString,
            "INSERT INTO open_items VALUES " +
            "('INV-2', 99, NULL, '2026-03-01 10:00:00'), ('INV-1', 1234.5, 'first', '2026-03-01 10:00:00'), ('INV-3', -7.25, 'x', '2026-03-02 12:30:00')");
        return connectionString;
    }

    private static async Task<IReadOnlyList<ISourceUnit>> DiscoverAsync(SqlSource source) =>
        await source.DiscoverAsync("invoices", Spec(), CancellationToken.None);

    private static ISourceUnit Unit(IReadOnlyList<ISourceUnit> units) => Assert.Single(units);

    private static async Task<(List<SourceRow> Rows, string Completed)> ReadAsync(SqlSource source, string? checkpoint)
    {
        var unit = Unit(await DiscoverAsync(source));
        using var reader = await unit.OpenAsync(checkpoint, CancellationToken.None);
        var rows = reader.Rows.ToList();
        return (rows, reader.CompletedCheckpoint);
    }
}
