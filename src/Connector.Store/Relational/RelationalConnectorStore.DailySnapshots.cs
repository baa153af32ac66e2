using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Connector.Sync.Ports;

namespace Connector.Store.Relational;

/// <summary>
/// The daily snapshots (<see cref="IDailySnapshotStore"/>): a day's portfolio row and its customers' rows written in one
/// transaction, customers in multi-row inserts of <see cref="DailyRowsPerInsert"/> (on PostgreSQL 100,000 customers are 400
/// statements, not 100,000 round trips; SQLite runs in the process and takes one prepared row at a time).
/// </summary>
public abstract partial class RelationalConnectorStore
{
    private const int CustomerColumnCount = 19;

    /// <summary>Customer rows per insert statement (PostgreSQL 250: 4,500 parameters, far below its 65,535).</summary>
    private protected virtual int DailyRowsPerInsert => 250;

    private const string PortfolioColumns =
        "day, currency, bucket_keys, buckets, total_open, overdue, disputed, exposure, customers, on_hold, begin_ar, end_ar, end_current_ar, " +
        "end_over_ar, credit_sales, period_days, over_days, dso_simple, dso_countback, cei, percent_over, allowance_target, rebuilt";

    private const string CustomerColumns =
        "day, customer_id, currency, buckets, total_open, overdue, disputed, exposure, credit_limit, on_hold, hold_codes, risk_class, begin_ar, " +
        "end_current_ar, end_over_ar, credit_sales, dso_countback, rebuilt";

    private const string CustomerWriteColumns = CustomerColumns + ", content_hash";

    /// <summary>A changed customer's row replaces the day's stored one in the same statement (SQLite and PostgreSQL both take it).</summary>
    private static readonly string CustomerUpsert = " ON CONFLICT (customer_id, day) DO UPDATE SET " + string.Join(
        ", ",
        CustomerWriteColumns.Split(", ").Where(static c => c is not "day" and not "customer_id").Select(static c => $"{c} = excluded.{c}"));

    public async Task<bool> WriteDailySnapshotAsync(PortfolioDay portfolio, IReadOnlyList<CustomerDay> customers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        ArgumentNullException.ThrowIfNull(customers);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (portfolio.Rebuilt)
        {
            // Never over a real day (nor an earlier rebuild of it).
            await using var exists = connection.Command("SELECT COUNT(*) FROM history_portfolio WHERE day = @day", transaction);
            exists.Date("@day", portfolio.Day);
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0)
            {
                return false;
            }
        }

        // Only the rows whose content differs from the day's stored row are written (decision 116): a second cycle of the day
        // after a 1 % change rewrites about that many customers, not all of them. Stored rows without a hash (before 0017) differ.
        var hashes = new UInt128[customers.Count];
        for (var i = 0; i < customers.Count; i++)
        {
            hashes[i] = ContentHash(customers[i]);
        }

        var stored = await ReadCustomerDayHashesAsync(connection, transaction, portfolio.Day, cancellationToken).ConfigureAwait(false);
        var changed = new List<int>();
        var gone = new List<string>();
        for (var i = 0; i < customers.Count; i++)
        {
            if (stored.Remove(customers[i].CustomerId, out var before))
            {
                if (before != hashes[i])
                {
                    changed.Add(i);
                }
            }
            else
            {
                changed.Add(i);
            }
        }

        // What is left was stored and is not in the cycle any more: a customer gone since the morning disappears from the day.
        gone.AddRange(stored.Keys);
        await using (var delete = connection.Command("DELETE FROM history_portfolio WHERE day = @day", transaction))
        {
            delete.Date("@day", portfolio.Day);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await DeleteCustomerDaysAsync(connection, transaction, portfolio.Day, gone, cancellationToken).ConfigureAwait(false);
        await WritePortfolioDayAsync(connection, transaction, portfolio, cancellationToken).ConfigureAwait(false);
        await WriteCustomerDaysAsync(connection, transaction, customers, hashes, changed, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        LastDailyRowsWritten = changed.Count;
        return true;
    }

    /// <summary>Customer rows the last <see cref="WriteDailySnapshotAsync"/> inserted or replaced (for the benchmark and the tests).</summary>
    public int LastDailyRowsWritten { get; private set; }

    private static async Task<Dictionary<string, UInt128?>> ReadCustomerDayHashesAsync(DbConnection connection, DbTransaction transaction, DateOnly day, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("SELECT customer_id, content_hash FROM history_customer WHERE day = @day", transaction);
        command.Date("@day", day);
        var hashes = new Dictionary<string, UInt128?>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            hashes[reader.GetString(0)] = reader.IsDBNull(1) ? null : HashBytes.Read(reader.GetFieldValue<byte[]>(1));
        }

        return hashes;
    }

    private static async Task DeleteCustomerDaysAsync(DbConnection connection, DbTransaction transaction, DateOnly day, List<string> customers, CancellationToken cancellationToken)
    {
        if (customers.Count == 0)
        {
            return;
        }

        await using var delete = connection.Command("DELETE FROM history_customer WHERE customer_id = @customer AND day = @day", transaction);
        delete.Date("@day", day);
        var customer = delete.Text("@customer");
        foreach (var id in customers)
        {
            customer.Value = id;
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The row's content as the store writes it (everything but the day), hashed: equal hashes, equal rows.</summary>
    private static UInt128 ContentHash(CustomerDay c)
    {
        string?[] values =
        [
            c.CustomerId, c.Currency, AmountsText(c.Buckets), Text(c.TotalOpen), Text(c.Overdue), Text(c.Disputed), Text(c.Exposure),
            c.CreditLimit is { } limit ? Text(limit) : null, c.OnHold ? "1" : "0", c.HoldCodes, c.RiskClass, Text(c.BeginAr), Text(c.EndCurrentAr),
            Text(c.EndOverAr), Text(c.CreditSales), c.DsoCountback is { } dso ? Text(dso) : null, c.Rebuilt ? "1" : "0",
        ];
        return Connector.Mapping.Canonical.RowHash.Of(values);

        static string Text(decimal amount) => amount.ToString(CultureInfo.InvariantCulture);
    }

    public async Task<int> PruneDailySnapshotsAsync(DateOnly before, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var customers = connection.Command("DELETE FROM history_customer WHERE day < @before", transaction))
        {
            customers.Date("@before", before);
            await customers.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var portfolio = connection.Command("DELETE FROM history_portfolio WHERE day < @before", transaction);
        portfolio.Date("@before", before);
        var deleted = await portfolio.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    public async Task<bool> HasDailySnapshotsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT 1 FROM history_portfolio LIMIT 1");
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null and not DBNull;
    }

    public async Task<IReadOnlyList<PortfolioDay>> ReadPortfolioDaysAsync(DateOnly? first, DateOnly? last, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT {PortfolioColumns} FROM history_portfolio WHERE {DayRange(first, last)} ORDER BY day");
        Range(command, first, last);
        var days = new List<PortfolioDay>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            days.Add(new PortfolioDay
            {
                Day = reader.GetFieldValue<DateOnly>(0),
                Currency = reader.GetString(1),
                BucketKeys = reader.GetString(2).Split(';'),
                Buckets = Amounts(reader.GetString(3)),
                TotalOpen = reader.GetFieldValue<decimal>(4),
                Overdue = reader.GetFieldValue<decimal>(5),
                Disputed = reader.GetFieldValue<decimal>(6),
                Exposure = reader.GetFieldValue<decimal>(7),
                Customers = Whole(reader, 8),
                OnHold = Whole(reader, 9),
                BeginAr = reader.GetFieldValue<decimal>(10),
                EndAr = reader.GetFieldValue<decimal>(11),
                EndCurrentAr = reader.GetFieldValue<decimal>(12),
                EndOverAr = reader.GetFieldValue<decimal>(13),
                CreditSales = reader.GetFieldValue<decimal>(14),
                PeriodDays = Whole(reader, 15),
                OverDays = Whole(reader, 16),
                DsoSimple = NullableAmount(reader, 17),
                DsoCountback = NullableAmount(reader, 18),
                Cei = NullableAmount(reader, 19),
                PercentOver = NullableAmount(reader, 20),
                AllowanceTarget = reader.GetFieldValue<decimal>(21),
                Rebuilt = Whole(reader, 22) != 0,
            });
        }

        return days;
    }

    public async Task<IReadOnlyList<CustomerDay>> ReadCustomerDaysAsync(string customerId, DateOnly? first, DateOnly? last, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT {CustomerColumns} FROM history_customer WHERE customer_id = @customer AND {DayRange(first, last)} ORDER BY day");
        command.Text("@customer", customerId);
        Range(command, first, last);
        var days = new List<CustomerDay>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            days.Add(new CustomerDay
            {
                Day = reader.GetFieldValue<DateOnly>(0),
                CustomerId = reader.GetString(1),
                Currency = reader.GetString(2),
                Buckets = Amounts(reader.GetString(3)),
                TotalOpen = reader.GetFieldValue<decimal>(4),
                Overdue = reader.GetFieldValue<decimal>(5),
                Disputed = reader.GetFieldValue<decimal>(6),
                Exposure = reader.GetFieldValue<decimal>(7),
                CreditLimit = NullableAmount(reader, 8),
                OnHold = Whole(reader, 9) != 0,
                HoldCodes = reader.GetString(10),
                RiskClass = reader.GetString(11),
                BeginAr = reader.GetFieldValue<decimal>(12),
                EndCurrentAr = reader.GetFieldValue<decimal>(13),
                EndOverAr = reader.GetFieldValue<decimal>(14),
                CreditSales = reader.GetFieldValue<decimal>(15),
                DsoCountback = NullableAmount(reader, 16),
                Rebuilt = Whole(reader, 17) != 0,
            });
        }

        return days;
    }

    private async Task WritePortfolioDayAsync(DbConnection connection, DbTransaction transaction, PortfolioDay day, CancellationToken cancellationToken)
    {
        await using var insert = connection.Command(
            $"INSERT INTO history_portfolio ({PortfolioColumns}, taken_at) VALUES (@day, @currency, @bucket_keys, @buckets, @total_open, @overdue, @disputed, " +
            "@exposure, @customers, @on_hold, @begin_ar, @end_ar, @end_current_ar, @end_over_ar, @credit_sales, @period_days, @over_days, @dso_simple, " +
            "@dso_countback, @cei, @percent_over, @allowance_target, @rebuilt, @now)",
            transaction);
        insert.Date("@day", day.Day);
        insert.Text("@currency", day.Currency);
        insert.Text("@bucket_keys", string.Join(';', day.BucketKeys));
        insert.Text("@buckets", AmountsText(day.Buckets));
        Amount(insert, "@total_open", day.TotalOpen);
        Amount(insert, "@overdue", day.Overdue);
        Amount(insert, "@disputed", day.Disputed);
        Amount(insert, "@exposure", day.Exposure);
        insert.Int64("@customers", day.Customers);
        insert.Int64("@on_hold", day.OnHold);
        Amount(insert, "@begin_ar", day.BeginAr);
        Amount(insert, "@end_ar", day.EndAr);
        Amount(insert, "@end_current_ar", day.EndCurrentAr);
        Amount(insert, "@end_over_ar", day.EndOverAr);
        Amount(insert, "@credit_sales", day.CreditSales);
        insert.Int64("@period_days", day.PeriodDays);
        insert.Int64("@over_days", day.OverDays);
        Amount(insert, "@dso_simple", day.DsoSimple);
        Amount(insert, "@dso_countback", day.DsoCountback);
        Amount(insert, "@cei", day.Cei);
        Amount(insert, "@percent_over", day.PercentOver);
        Amount(insert, "@allowance_target", day.AllowanceTarget);
        insert.Int64("@rebuilt", day.Rebuilt ? 1 : 0);
        insert.Time("@now", Time.GetUtcNow());
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The customers in inserts of <see cref="DailyRowsPerInsert"/> rows; the command of a full batch is built once and bound
    /// again for each (a statement prepared once; SQLite looks parameters up by name, so it takes one row a statement).
    /// </summary>
    private async Task WriteCustomerDaysAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<CustomerDay> customers, UInt128[] hashes, List<int> rows, CancellationToken cancellationToken)
    {
        var perInsert = DailyRowsPerInsert;
        DbCommand? full = null;
        try
        {
            for (var start = 0; start < rows.Count; start += perInsert)
            {
                var count = Math.Min(perInsert, rows.Count - start);
                if (count == perInsert)
                {
                    full ??= CustomerInsert(connection, transaction, count);
                    Bind(full, customers, hashes, rows, start, count);
                    await full.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await using var rest = CustomerInsert(connection, transaction, count);
                    Bind(rest, customers, hashes, rows, start, count);
                    await rest.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static DbCommand CustomerInsert(DbConnection connection, DbTransaction transaction, int rows)
    {
        var sql = new StringBuilder($"INSERT INTO history_customer ({CustomerWriteColumns}) VALUES ", 64 + (rows * 170));
        var insert = connection.Command(string.Empty, transaction);
        for (var r = 0; r < rows; r++)
        {
            var p = "@p" + r.ToString(CultureInfo.InvariantCulture) + "_";
            sql.Append(r == 0 ? "(" : ", (");
            for (var column = 0; column < CustomerColumnCount; column++)
            {
                sql.Append(column == 0 ? string.Empty : ", ").Append(p).Append(column);
            }

            sql.Append(')');
            insert.Date(p + "0");
            insert.Text(p + "1");
            insert.Text(p + "2");
            insert.Text(p + "3");
            for (var column = 4; column <= 8; column++)
            {
                insert.Add(p + column.ToString(CultureInfo.InvariantCulture), DbType.Decimal);
            }

            insert.Int64(p + "9");
            insert.Text(p + "10");
            insert.Text(p + "11");
            for (var column = 12; column <= 16; column++)
            {
                insert.Add(p + column.ToString(CultureInfo.InvariantCulture), DbType.Decimal);
            }

            insert.Int64(p + "17");
            insert.Bytes(p + "18");
        }

        insert.CommandText = sql.Append(CustomerUpsert).ToString();
        return insert;
    }

    private void Bind(DbCommand insert, IReadOnlyList<CustomerDay> customers, UInt128[] hashes, List<int> rows, int start, int count)
    {
        var parameters = insert.Parameters;
        for (var r = 0; r < count; r++)
        {
            var index = rows[start + r];
            var c = customers[index];
            var at = r * CustomerColumnCount;
            parameters[at].Value = c.Day;
            parameters[at + 1].Value = c.CustomerId;
            parameters[at + 2].Value = c.Currency;
            parameters[at + 3].Value = AmountsText(c.Buckets);
            parameters[at + 4].Value = AmountValue(c.TotalOpen);
            parameters[at + 5].Value = AmountValue(c.Overdue);
            parameters[at + 6].Value = AmountValue(c.Disputed);
            parameters[at + 7].Value = AmountValue(c.Exposure);
            parameters[at + 8].Value = c.CreditLimit is { } limit ? AmountValue(limit) : DBNull.Value;
            parameters[at + 9].Value = c.OnHold ? 1L : 0L;
            parameters[at + 10].Value = c.HoldCodes;
            parameters[at + 11].Value = c.RiskClass;
            parameters[at + 12].Value = AmountValue(c.BeginAr);
            parameters[at + 13].Value = AmountValue(c.EndCurrentAr);
            parameters[at + 14].Value = AmountValue(c.EndOverAr);
            parameters[at + 15].Value = AmountValue(c.CreditSales);
            parameters[at + 16].Value = c.DsoCountback is { } dso ? AmountValue(dso) : DBNull.Value;
            parameters[at + 17].Value = c.Rebuilt ? 1L : 0L;
            parameters[at + 18].Value = HashBytes.ToBytes(hashes[index]);
        }
    }

    private void Amount(DbCommand command, string name, decimal? value) =>
        command.Add(name, DbType.Decimal, value is { } v ? AmountValue(v) : null);

    private static string DayRange(DateOnly? from, DateOnly? to) =>
        (from, to) switch
        {
            (null, null) => "1 = 1",
            (not null, null) => "day >= @from",
            (null, not null) => "day <= @to",
            _ => "day >= @from AND day <= @to",
        };

    private static void Range(DbCommand command, DateOnly? from, DateOnly? to)
    {
        if (from is { } first)
        {
            command.Date("@from", first);
        }

        if (to is { } last)
        {
            command.Date("@to", last);
        }
    }

    private static string AmountsText(IReadOnlyList<decimal> amounts) =>
        string.Join(';', amounts.Select(static a => a.ToString(CultureInfo.InvariantCulture)));

    private static decimal[] Amounts(string text) =>
        text.Length == 0 ? [] : [.. text.Split(';').Select(static a => decimal.Parse(a, NumberStyles.Number, CultureInfo.InvariantCulture))];

    private static decimal? NullableAmount(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<decimal>(ordinal);

    private static int Whole(DbDataReader reader, int ordinal) => Convert.ToInt32(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
}
