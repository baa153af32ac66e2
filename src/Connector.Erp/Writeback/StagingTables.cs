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
    public const string CashApplications = "arc_writeback_cash_application";
    public const string DunningCharges = "arc_writeback_dunning_charge";

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
        var cash =
            $"{CashApplications} (batch_id {t.Key} NOT NULL, application_key {t.Key} NOT NULL, action {t.Key} NOT NULL, payment_id {t.Key} NOT NULL, " +
            $"bank_reference {t.Key} NULL, invoice_id {t.Key} NOT NULL, customer_id {t.Key} NOT NULL, amount {t.Money} NOT NULL, currency {t.Key} NOT NULL, " +
            $"write_off_amount {t.Money} NOT NULL, fx_amount {t.Money} NOT NULL, method {t.Key} NOT NULL, accepted_by {t.Key} NOT NULL, " +
            $"accepted_at {t.Timestamp} NOT NULL, written_at {t.Timestamp} NOT NULL, PRIMARY KEY (batch_id, application_key))";
        var charges =
            $"{DunningCharges} (batch_id {t.Key} NOT NULL, charge_key {t.Key} NOT NULL, customer_id {t.Key} NOT NULL, case_id {t.Key} NOT NULL, " +
            $"level integer NOT NULL, invoice_id {t.Key} NOT NULL, currency {t.Key} NOT NULL, open_amount {t.Money} NOT NULL, due_date {t.Date} NOT NULL, " +
            $"days_overdue integer NOT NULL, interest_rate_percent {t.Money} NOT NULL, interest_amount {t.Money} NOT NULL, fee_amount {t.Money} NOT NULL, " +
            $"letter_date {t.Date} NOT NULL, written_at {t.Timestamp} NOT NULL, PRIMARY KEY (batch_id, charge_key))";
        return provider == SqlProviders.SqlServer
            ?
            [
                $"IF OBJECT_ID(N'{Holds}', N'U') IS NULL CREATE TABLE {holds}", $"IF OBJECT_ID(N'{Orders}', N'U') IS NULL CREATE TABLE {orders}",
                $"IF OBJECT_ID(N'{CashApplications}', N'U') IS NULL CREATE TABLE {cash}",
                $"IF OBJECT_ID(N'{DunningCharges}', N'U') IS NULL CREATE TABLE {charges}",
            ]
            : [$"CREATE TABLE IF NOT EXISTS {holds}", $"CREATE TABLE IF NOT EXISTS {orders}", $"CREATE TABLE IF NOT EXISTS {cash}", $"CREATE TABLE IF NOT EXISTS {charges}"];
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

    /// <summary>
    /// A cash application row once per key across batches as well: a crash between the ERP write and the mark rewrites
    /// the same batch (same id), and the key keeps a later batch from booking the same application again.
    /// </summary>
    public static string InsertCashApplication { get; } =
        $"INSERT INTO {CashApplications} (batch_id, application_key, action, payment_id, bank_reference, invoice_id, customer_id, amount, currency, " +
        "write_off_amount, fx_amount, method, accepted_by, accepted_at, written_at) " +
        "SELECT @batch_id, @application_key, @action, @payment_id, @bank_reference, @invoice_id, @customer_id, @amount, @currency, @write_off_amount, " +
        "@fx_amount, @method, @accepted_by, @accepted_at, @written_at " +
        $"WHERE NOT EXISTS (SELECT 1 FROM {CashApplications} WHERE application_key = @application_key)";

    /// <summary>A proposed charge once per key across batches, as a cash application: the ERP books each letter's charge once.</summary>
    public static string InsertDunningCharge { get; } =
        $"INSERT INTO {DunningCharges} (batch_id, charge_key, customer_id, case_id, level, invoice_id, currency, open_amount, due_date, days_overdue, " +
        "interest_rate_percent, interest_amount, fee_amount, letter_date, written_at) " +
        "SELECT @batch_id, @charge_key, @customer_id, @case_id, @level, @invoice_id, @currency, @open_amount, @due_date, @days_overdue, " +
        "@interest_rate_percent, @interest_amount, @fee_amount, @letter_date, @written_at " +
        $"WHERE NOT EXISTS (SELECT 1 FROM {DunningCharges} WHERE charge_key = @charge_key)";
}
