using Connector.Erp.Sql;

namespace Connector.Erp.Writeback;

/// <summary>
/// The writeback's staging tables in the ERP database, in each provider's words: created when missing, keyed by
/// (batch_id, customer_id) and (batch_id, order_id) so a batch inserted again adds nothing.
/// </summary>
internal static class StagingTables
{
    public const string Holds = "arc_writeback_credit_hold";
    public const string Orders = "arc_writeback_order_credit";

    /// <summary>Column types: key text, long text, money, date, timestamp.</summary>
    private sealed record Types(string Key, string Text, string Money, string Date, string Timestamp);

    /// <summary>The statements that create both tables when missing, for <paramref name="provider"/> (a canonical name).</summary>
    public static IReadOnlyList<string> CreateStatements(string provider)
    {
        var t = provider switch
        {
            SqlProviders.PostgreSql => new Types("text", "text", "numeric(19,4)", "date", "timestamptz"),
            SqlProviders.SqlServer => new Types("nvarchar(200)", "nvarchar(max)", "decimal(19,4)", "date", "datetimeoffset"),
            _ => new Types("TEXT", "TEXT", "NUMERIC", "TEXT", "TEXT"),
        };
        var holds =
            $"{Holds} (batch_id {t.Key} NOT NULL, customer_id {t.Key} NOT NULL, on_hold integer NOT NULL, hold_codes {t.Text} NOT NULL, " +
            $"hold_message {t.Text} NOT NULL, as_of {t.Date} NOT NULL, written_at {t.Timestamp} NOT NULL, PRIMARY KEY (batch_id, customer_id))";
        var orders =
            $"{Orders} (batch_id {t.Key} NOT NULL, order_id {t.Key} NOT NULL, customer_id {t.Key} NOT NULL, decision {t.Key} NOT NULL, " +
            $"reason_codes {t.Text} NOT NULL, message {t.Text} NOT NULL, currency {t.Key} NOT NULL, order_amount {t.Money} NULL, exposure {t.Money} NULL, " +
            $"credit_limit {t.Money} NULL, available_credit {t.Money} NULL, as_of {t.Date} NOT NULL, written_at {t.Timestamp} NOT NULL, " +
            "PRIMARY KEY (batch_id, order_id))";
        return provider == SqlProviders.SqlServer
            ? [$"IF OBJECT_ID(N'{Holds}', N'U') IS NULL CREATE TABLE {holds}", $"IF OBJECT_ID(N'{Orders}', N'U') IS NULL CREATE TABLE {orders}"]
            : [$"CREATE TABLE IF NOT EXISTS {holds}", $"CREATE TABLE IF NOT EXISTS {orders}"];
    }

    /// <summary>Insert-if-absent in the SQL the three providers share (<c>INSERT … SELECT … WHERE NOT EXISTS</c>).</summary>
    public static string InsertHold { get; } =
        $"INSERT INTO {Holds} (batch_id, customer_id, on_hold, hold_codes, hold_message, as_of, written_at) " +
        "SELECT @batch_id, @customer_id, @on_hold, @hold_codes, @hold_message, @as_of, @written_at " +
        $"WHERE NOT EXISTS (SELECT 1 FROM {Holds} WHERE batch_id = @batch_id AND customer_id = @customer_id)";

    public static string InsertOrder { get; } =
        $"INSERT INTO {Orders} (batch_id, order_id, customer_id, decision, reason_codes, message, currency, order_amount, exposure, credit_limit, available_credit, as_of, written_at) " +
        "SELECT @batch_id, @order_id, @customer_id, @decision, @reason_codes, @message, @currency, @order_amount, @exposure, @credit_limit, @available_credit, @as_of, @written_at " +
        $"WHERE NOT EXISTS (SELECT 1 FROM {Orders} WHERE batch_id = @batch_id AND order_id = @order_id)";
}
