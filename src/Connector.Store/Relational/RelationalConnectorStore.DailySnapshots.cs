using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Connector.Sync.Ports;

namespace Connector.Store.Relational;

/// <summary>
/// The daily snapshots (<see cref="IDailySnapshotStore"/>): a day's portfolio row and its customers' rows written in one
/// transaction, customers in multi-row inserts of <see cref="RowsPerInsert"/> (100,000 customers are 400 statements, not
/// 100,000 round trips).
/// </summary>
public abstract partial class RelationalConnectorStore
{
    private const int RowsPerInsert = 250;

    private const string PortfolioColumns =
        "day, currency, bucket_keys, buckets, total_open, overdue, disputed, exposure, customers, on_hold, begin_ar, end_ar, end_current_ar, " +
        "end_over_ar, credit_sales, period_days, over_days, dso_simple, dso_countback, cei, percent_over, allowance_target, rebuilt";

    private const string CustomerColumns =
        "day, customer_id, currency, buckets, total_open, overdue, disputed, exposure, credit_limit, on_hold, hold_codes, risk_class, begin_ar, " +
        "end_current_ar, end_over_ar, credit_sales, dso_countback, rebuilt";

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

        foreach (var table in (string[])["history_customer", "history_portfolio"])
        {
            await using var delete = connection.Command($"DELETE FROM {table} WHERE day = @day", transaction);
            delete.Date("@day", portfolio.Day);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await WritePortfolioDayAsync(connection, transaction, portfolio, cancellationToken).ConfigureAwait(false);
        for (var start = 0; start < customers.Count; start += RowsPerInsert)
        {
            await WriteCustomerDaysAsync(connection, transaction, customers, start, Math.Min(RowsPerInsert, customers.Count - start), cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
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

    private async Task WriteCustomerDaysAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<CustomerDay> customers, int start, int count, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"INSERT INTO history_customer ({CustomerColumns}) VALUES ", 64 + (count * 160));
        await using var insert = connection.Command(string.Empty, transaction);
        for (var r = 0; r < count; r++)
        {
            var c = customers[start + r];
            var p = "@p" + r.ToString(CultureInfo.InvariantCulture) + "_";
            sql.Append(r == 0 ? "(" : ", (");
            for (var column = 0; column < 18; column++)
            {
                sql.Append(column == 0 ? string.Empty : ", ").Append(p).Append(column);
            }

            sql.Append(')');
            insert.Date(p + "0", c.Day);
            insert.Text(p + "1", c.CustomerId);
            insert.Text(p + "2", c.Currency);
            insert.Text(p + "3", AmountsText(c.Buckets));
            Amount(insert, p + "4", c.TotalOpen);
            Amount(insert, p + "5", c.Overdue);
            Amount(insert, p + "6", c.Disputed);
            Amount(insert, p + "7", c.Exposure);
            Amount(insert, p + "8", c.CreditLimit);
            insert.Int64(p + "9", c.OnHold ? 1 : 0);
            insert.Text(p + "10", c.HoldCodes);
            insert.Text(p + "11", c.RiskClass);
            Amount(insert, p + "12", c.BeginAr);
            Amount(insert, p + "13", c.EndCurrentAr);
            Amount(insert, p + "14", c.EndOverAr);
            Amount(insert, p + "15", c.CreditSales);
            Amount(insert, p + "16", c.DsoCountback);
            insert.Int64(p + "17", c.Rebuilt ? 1 : 0);
        }

        insert.CommandText = sql.ToString();
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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
