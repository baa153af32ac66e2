using System.Data;
using System.Data.Common;
using Connector.Erp.Sql;
using Connector.Sync.Ports;

namespace Connector.Erp.Writeback;

/// <summary>
/// The writeback of an SQL installation: rows in the staging tables <c>arc_writeback_credit_hold</c> and
/// <c>arc_writeback_order_credit</c> of the ERP database (created when missing), through the same provider and
/// connection string as the SQL source. A batch goes in one transaction; a row whose (batch_id, key) is there
/// already is skipped, so a batch written again after a crash adds nothing. The ERP takes, per key, the row with the
/// latest <c>written_at</c>.
/// </summary>
public sealed class SqlWriteback : IErpWriteback
{
    private readonly DbProviderFactory factory;
    private readonly string provider;
    private readonly string connectionString;
    private readonly int commandTimeoutSeconds;
    private readonly TimeProvider time;

    /// <param name="provider"><c>sqlite</c>, <c>postgresql</c> or <c>sqlserver</c> (as <c>Erp:Provider</c>).</param>
    public SqlWriteback(string provider, string connectionString, int commandTimeoutSeconds, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(time);
        this.provider = SqlProviders.Canonical(provider) ?? throw new ArgumentException($"Unknown SQL provider '{provider}'.", nameof(provider));
        factory = SqlProviders.Find(this.provider)!;
        this.connectionString = connectionString;
        this.commandTimeoutSeconds = commandTimeoutSeconds;
        this.time = time;
    }

    public string Destination => $"{provider} tables {StagingTables.Holds}, {StagingTables.Orders}";

    public async Task<ErpWritebackResult> WriteAsync(ErpWritebackBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var writtenAt = time.GetUtcNow();
        try
        {
            var connection = factory.CreateConnection() ?? throw new InvalidOperationException($"The {provider} provider made no connection.");
            await using (connection.ConfigureAwait(false))
            {
                connection.ConnectionString = connectionString;
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                foreach (var statement in StagingTables.CreateStatements(provider))
                {
                    await using var create = Command(connection, null, statement);
                    await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    int holds = await InsertHoldsAsync(connection, transaction, batch, writtenAt, cancellationToken).ConfigureAwait(false);
                    int orders = await InsertOrdersAsync(connection, transaction, batch, writtenAt, cancellationToken).ConfigureAwait(false);
                    int cash = await InsertCashApplicationsAsync(connection, transaction, batch, writtenAt, cancellationToken).ConfigureAwait(false);
                    int charges = await InsertDunningChargesAsync(connection, transaction, batch, writtenAt, cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    var rows = $"{holds} + {orders}" + (cash == 0 && charges == 0 ? "" : $" + {cash}") + (charges == 0 ? "" : $" + {charges}");
                    var tables = Destination + (cash == 0 && charges == 0 ? "" : $", {StagingTables.CashApplications}") + (charges == 0 ? "" : $", {StagingTables.DunningCharges}");
                    return new ErpWritebackResult($"{tables} (batch {batch.BatchId}: {rows} rows inserted)");
                }
            }
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            var message = $"ERP writeback to {provider} tables {StagingTables.Holds}/{StagingTables.Orders} failed: {SqlErrors.OneLine(ex.Message)}";
            throw new ErpWritebackException(SqlErrors.Scrub(message, connectionString), ex);
        }
    }

    private async Task<int> InsertHoldsAsync(DbConnection connection, DbTransaction transaction, ErpWritebackBatch batch, DateTimeOffset writtenAt, CancellationToken cancellationToken)
    {
        if (batch.Holds.Count == 0)
        {
            return 0;
        }

        await using var insert = Command(connection, transaction, StagingTables.InsertHold);
        Parameter(insert, "@batch_id", DbType.String).Value = batch.BatchId;
        var customer = Parameter(insert, "@customer_id", DbType.String);
        var onHold = Parameter(insert, "@on_hold", DbType.Int32);
        var codes = Parameter(insert, "@hold_codes", DbType.String);
        var message = Parameter(insert, "@hold_message", DbType.String);
        var asOf = Parameter(insert, "@as_of", DbType.Date);
        Parameter(insert, "@written_at", DbType.DateTimeOffset).Value = writtenAt;
        var inserted = 0;
        foreach (var row in batch.Holds)
        {
            customer.Value = row.CustomerId;
            onHold.Value = WritebackFields.Flag(row.OnHold);
            codes.Value = row.HoldCodes;
            message.Value = row.HoldMessage;
            asOf.Value = row.AsOf;
            inserted += await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return inserted;
    }

    private async Task<int> InsertOrdersAsync(DbConnection connection, DbTransaction transaction, ErpWritebackBatch batch, DateTimeOffset writtenAt, CancellationToken cancellationToken)
    {
        if (batch.Orders.Count == 0)
        {
            return 0;
        }

        await using var insert = Command(connection, transaction, StagingTables.InsertOrder);
        Parameter(insert, "@batch_id", DbType.String).Value = batch.BatchId;
        var order = Parameter(insert, "@order_id", DbType.String);
        var customer = Parameter(insert, "@customer_id", DbType.String);
        var decision = Parameter(insert, "@decision", DbType.String);
        var reasons = Parameter(insert, "@reason_codes", DbType.String);
        var message = Parameter(insert, "@message", DbType.String);
        var currency = Parameter(insert, "@currency", DbType.String);
        var amount = Parameter(insert, "@order_amount", DbType.Decimal);
        var exposure = Parameter(insert, "@exposure", DbType.Decimal);
        var limit = Parameter(insert, "@credit_limit", DbType.Decimal);
        var available = Parameter(insert, "@available_credit", DbType.Decimal);
        var asOf = Parameter(insert, "@as_of", DbType.Date);
        Parameter(insert, "@written_at", DbType.DateTimeOffset).Value = writtenAt;
        var inserted = 0;
        foreach (var row in batch.Orders)
        {
            order.Value = row.OrderId;
            customer.Value = row.CustomerId;
            decision.Value = row.Decision;
            reasons.Value = row.ReasonCodes;
            message.Value = row.Message;
            currency.Value = row.Currency;
            amount.Value = Money(row.OrderAmount, row.Currency);
            exposure.Value = Money(row.Exposure, row.Currency);
            limit.Value = Money(row.CreditLimit, row.Currency);
            available.Value = Money(row.AvailableCredit, row.Currency);
            asOf.Value = row.AsOf;
            inserted += await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return inserted;
    }

    private async Task<int> InsertCashApplicationsAsync(DbConnection connection, DbTransaction transaction, ErpWritebackBatch batch, DateTimeOffset writtenAt, CancellationToken cancellationToken)
    {
        if (batch.CashApplications.Count == 0)
        {
            return 0;
        }

        await using var insert = Command(connection, transaction, StagingTables.InsertCashApplication);
        Parameter(insert, "@batch_id", DbType.String).Value = batch.BatchId;
        var key = Parameter(insert, "@application_key", DbType.String);
        var action = Parameter(insert, "@action", DbType.String);
        var payment = Parameter(insert, "@payment_id", DbType.String);
        var bank = Parameter(insert, "@bank_reference", DbType.String);
        var invoice = Parameter(insert, "@invoice_id", DbType.String);
        var customer = Parameter(insert, "@customer_id", DbType.String);
        var amount = Parameter(insert, "@amount", DbType.Decimal);
        var currency = Parameter(insert, "@currency", DbType.String);
        var writeOff = Parameter(insert, "@write_off_amount", DbType.Decimal);
        var fx = Parameter(insert, "@fx_amount", DbType.Decimal);
        var method = Parameter(insert, "@method", DbType.String);
        var by = Parameter(insert, "@accepted_by", DbType.String);
        var at = Parameter(insert, "@accepted_at", DbType.DateTimeOffset);
        Parameter(insert, "@written_at", DbType.DateTimeOffset).Value = writtenAt;
        var inserted = 0;
        foreach (var row in batch.CashApplications)
        {
            key.Value = row.Key;
            action.Value = row.Action;
            payment.Value = row.PaymentId;
            bank.Value = row.BankReference is { } reference ? reference : DBNull.Value;
            invoice.Value = row.InvoiceId;
            customer.Value = row.CustomerId;
            amount.Value = Money(row.Amount, row.Currency);
            currency.Value = row.Currency;
            writeOff.Value = Money(row.WriteOffAmount, row.Currency);
            fx.Value = Money(row.FxAmount, row.Currency);
            method.Value = row.Method;
            by.Value = row.AcceptedBy;
            at.Value = row.AcceptedAt.ToUniversalTime();
            inserted += await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return inserted;
    }

    private async Task<int> InsertDunningChargesAsync(DbConnection connection, DbTransaction transaction, ErpWritebackBatch batch, DateTimeOffset writtenAt, CancellationToken cancellationToken)
    {
        if (batch.DunningCharges.Count == 0)
        {
            return 0;
        }

        await using var insert = Command(connection, transaction, StagingTables.InsertDunningCharge);
        Parameter(insert, "@batch_id", DbType.String).Value = batch.BatchId;
        var key = Parameter(insert, "@charge_key", DbType.String);
        var customer = Parameter(insert, "@customer_id", DbType.String);
        var caseId = Parameter(insert, "@case_id", DbType.String);
        var level = Parameter(insert, "@level", DbType.Int32);
        var invoice = Parameter(insert, "@invoice_id", DbType.String);
        var currency = Parameter(insert, "@currency", DbType.String);
        var open = Parameter(insert, "@open_amount", DbType.Decimal);
        var due = Parameter(insert, "@due_date", DbType.Date);
        var days = Parameter(insert, "@days_overdue", DbType.Int32);
        var rate = Parameter(insert, "@interest_rate_percent", DbType.Decimal);
        var interest = Parameter(insert, "@interest_amount", DbType.Decimal);
        var fee = Parameter(insert, "@fee_amount", DbType.Decimal);
        var letter = Parameter(insert, "@letter_date", DbType.Date);
        Parameter(insert, "@written_at", DbType.DateTimeOffset).Value = writtenAt;
        var inserted = 0;
        foreach (var row in batch.DunningCharges)
        {
            key.Value = row.Key;
            customer.Value = row.CustomerId;
            caseId.Value = row.CaseId;
            level.Value = row.Level;
            invoice.Value = row.InvoiceId;
            currency.Value = row.Currency;
            open.Value = Money(row.OpenAmount, row.Currency);
            due.Value = row.DueDate;
            days.Value = row.DaysOverdue;
            rate.Value = row.InterestRatePercent;
            interest.Value = Money(row.InterestAmount, row.Currency);
            fee.Value = Money(row.FeeAmount, row.Currency);
            letter.Value = row.LetterDate;
            inserted += await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return inserted;
    }

    private static object Money(decimal? amount, string currency) => WritebackFields.Money(amount, currency) is { } value ? value : DBNull.Value;

    private DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.CommandTimeout = commandTimeoutSeconds;
        return command;
    }

    private static DbParameter Parameter(DbCommand command, string name, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
