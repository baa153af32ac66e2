using System.Data.Common;
using System.Globalization;
using Connector.Erp.Writeback;
using Connector.Sync.Ports;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Erp.Tests.Writeback;

/// <summary>The staging-table writeback every SQL provider must show, run against a real database of each kind.</summary>
public abstract class SqlWritebackContract
{
    protected const string Secret = "S3cret-pw-4711";

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 22, 6, 0, 0, TimeSpan.Zero));

    /// <summary><c>Erp:Provider</c>.</summary>
    protected abstract string Provider { get; }

    protected abstract DbProviderFactory Factory { get; }

    /// <summary>A fresh, empty database.</summary>
    protected abstract Task<string> CreateDatabaseAsync();

    [Fact]
    public async Task WriteAsync_SameBatchTwice_TablesCreatedAndRowsOnce()
    {
        var connectionString = await CreateDatabaseAsync();
        var writeback = new SqlWriteback(Provider, connectionString, 30, time);

        await writeback.WriteAsync(WritebackBatches.Sample(), CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(5));
        var again = await writeback.WriteAsync(WritebackBatches.Sample(), CancellationToken.None);

        Assert.EndsWith("(batch 00c0ffee12345678: 0 + 0 rows inserted)", again.Destination, StringComparison.Ordinal);
        Assert.Equal(
            [
                "00c0ffee12345678|C-1|1|OVERDUE_AGE|" + WritebackBatches.HeldSentence + "|2026-11-22",
                "00c0ffee12345678|C-2|0|||2026-11-22",
            ],
            await ReadAsync(connectionString, "SELECT batch_id, customer_id, on_hold, hold_codes, hold_message, as_of FROM arc_writeback_credit_hold ORDER BY customer_id"));
        Assert.Equal(
            [
                "SO-1|C-1|Held|ON_HOLD;OVERDUE_AGE|USD|400|2150|5000|2850|2026-11-22",
                "SO-2|C-2|Approved||JPY|900|900|||2026-11-22",
            ],
            await ReadAsync(connectionString, "SELECT order_id, customer_id, decision, reason_codes, currency, order_amount, exposure, credit_limit, available_credit, as_of FROM arc_writeback_order_credit ORDER BY order_id"));
    }

    [Fact]
    public async Task WriteAsync_CashApplicationsWrittenAgainOrInALaterBatch_EachRowOnce()
    {
        var connectionString = await CreateDatabaseAsync();
        var writeback = new SqlWriteback(Provider, connectionString, 30, time);

        var first = await writeback.WriteAsync(WritebackBatches.Cash(), CancellationToken.None);
        await writeback.WriteAsync(WritebackBatches.Cash(), CancellationToken.None);
        var later = await writeback.WriteAsync(WritebackBatches.Cash("00cafe0000000002"), CancellationToken.None);

        Assert.EndsWith("arc_writeback_cash_application (batch 00cafe0000000001: 0 + 0 + 3 rows inserted)", first.Destination, StringComparison.Ordinal);
        Assert.EndsWith("(batch 00cafe0000000002: 0 + 0 rows inserted)", later.Destination, StringComparison.Ordinal);
        Assert.Equal(
            [
                "00cafe0000000001|BANK-1|INV-1|CAMT-REF-1|1000|USD|0|0|reference|connector|apply",
                "00cafe0000000001|BANK-1|INV-2|CAMT-REF-1|499.5|USD|0.5|0|manual|cli:jdoe|apply",
                "00cafe0000000001|PAY-7|INV-9||-300|JPY|0|0|exact_amount|connector|unapply",
            ],
            await ReadAsync(connectionString,
                "SELECT batch_id, payment_id, invoice_id, bank_reference, amount, currency, write_off_amount, fx_amount, method, accepted_by, action FROM arc_writeback_cash_application ORDER BY application_key"));
    }

    [Fact]
    public async Task WriteAsync_DunningChargesWrittenAgainOrInALaterBatch_EachRowOnce()
    {
        var connectionString = await CreateDatabaseAsync();
        var writeback = new SqlWriteback(Provider, connectionString, 30, time);

        var first = await writeback.WriteAsync(WritebackBatches.Charges(), CancellationToken.None);
        await writeback.WriteAsync(WritebackBatches.Charges(), CancellationToken.None);
        var later = await writeback.WriteAsync(WritebackBatches.Charges("00dead0000000002"), CancellationToken.None);

        Assert.EndsWith("arc_writeback_dunning_charge (batch 00dead0000000001: 0 + 0 + 0 + 2 rows inserted)", first.Destination, StringComparison.Ordinal);
        Assert.EndsWith("(batch 00dead0000000002: 0 + 0 rows inserted)", later.Destination, StringComparison.Ordinal);
        Assert.Equal(
            [
                "00dead0000000001|CASE-C-1|L3|2026-11-22|INV-1|C-1|3|INV-1|EUR|10000|2026-10-07|46|10.15|127.92|40|2026-11-22",
                "00dead0000000001|CASE-C-1|L3|2026-11-22|INV-2|C-1|3|INV-2|EUR|2500|2026-11-12|10|10.15|6.95|40|2026-11-22",
            ],
            await ReadAsync(connectionString,
                "SELECT batch_id, charge_key, customer_id, level, invoice_id, currency, open_amount, due_date, days_overdue, interest_rate_percent, interest_amount, fee_amount, letter_date FROM arc_writeback_dunning_charge ORDER BY charge_key"));
    }

    [Fact]
    public async Task WriteAsync_NextBatch_AddsItsRowsBesideTheFirst()
    {
        var connectionString = await CreateDatabaseAsync();
        var writeback = new SqlWriteback(Provider, connectionString, 30, time);
        await writeback.WriteAsync(WritebackBatches.Sample(), CancellationToken.None);

        var next = await writeback.WriteAsync(
            new ErpWritebackBatch("1111222233334444", [new CustomerHoldRow("C-1", false, "", "", WritebackBatches.AsOf.AddDays(1))], []),
            CancellationToken.None);

        Assert.EndsWith("(batch 1111222233334444: 1 + 0 rows inserted)", next.Destination, StringComparison.Ordinal);
        Assert.Equal(
            ["00c0ffee12345678|1", "1111222233334444|0"],
            await ReadAsync(connectionString, "SELECT batch_id, on_hold FROM arc_writeback_credit_hold WHERE customer_id = 'C-1' ORDER BY batch_id"));
    }

    [Fact]
    public async Task WriteAsync_TableOfThatNameWithOtherColumns_OneLineErpWritebackExceptionWithoutPassword()
    {
        var connectionString = await CreateDatabaseAsync();
        await ExecuteAsync(connectionString, "CREATE TABLE arc_writeback_credit_hold (something integer)");
        var writeback = new SqlWriteback(Provider, WithPassword(connectionString), 30, time);

        var error = await Assert.ThrowsAsync<ErpWritebackException>(() => writeback.WriteAsync(WritebackBatches.Sample(), CancellationToken.None));

        Assert.StartsWith($"ERP writeback to {Provider} tables arc_writeback_credit_hold/arc_writeback_order_credit failed: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The connection string with <see cref="Secret"/> as its password, where the provider accepts one.</summary>
    protected abstract string WithPassword(string connectionString);

    protected async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = Factory.CreateConnection()!;
        connection.ConnectionString = connectionString;
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Each row's values joined by <c>|</c>: numbers invariant without trailing zeros, dates <c>yyyy-MM-dd</c>, NULL empty.</summary>
    private async Task<List<string>> ReadAsync(string connectionString, string sql)
    {
        await using var connection = Factory.CreateConnection()!;
        connection.ConnectionString = connectionString;
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var values = new string[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.GetValue(i) switch
                {
                    DBNull => "",
                    DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    decimal m => (m / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture),
                    double r => r.ToString(CultureInfo.InvariantCulture),
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    var other => other.ToString() ?? "",
                };
            }

            rows.Add(string.Join('|', values));
        }

        return rows;
    }
}
