using System.Data;
using System.Data.Common;
using Connector.Sync.Ports;

namespace Connector.Store.Relational;

/// <summary>
/// What the order credit pass (credit holds, layer 1) keeps between runs: each sales order's credit status as last
/// written on it, and the releases people gave for single orders. Writes to Dataverse go through the one outbox.
/// </summary>
public abstract partial class RelationalConnectorStore
{
    public async Task<IReadOnlyList<StoredOrderCredit>> ReadOrderCreditsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "SELECT order_id, order_number, name, customer_id, account_id, owner_id, amount, status, message, held_since, notices, checked_at " +
            "FROM order_credit ORDER BY customer_id, order_id");
        var orders = new List<StoredOrderCredit>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            orders.Add(new StoredOrderCredit
            {
                OrderId = reader.GetGuid(0),
                OrderNumber = NullableString(reader, 1),
                Name = NullableString(reader, 2),
                CustomerId = reader.GetString(3),
                AccountId = reader.GetGuid(4),
                OwnerId = reader.IsDBNull(5) ? null : reader.GetGuid(5),
                Amount = reader.GetFieldValue<decimal>(6),
                Status = reader.GetString(7),
                Message = reader.GetString(8),
                HeldSince = reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
                Notices = reader.GetInt32(10),
                CheckedAt = reader.GetFieldValue<DateTimeOffset>(11),
            });
        }

        return orders;
    }

    public async Task<IReadOnlyList<StoredOrderRelease>> ReadOrderReleasesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "SELECT order_id, customer_id, by_whom, reason, on_date, until_date FROM order_release ORDER BY customer_id, order_id");
        var releases = new List<StoredOrderRelease>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            releases.Add(new StoredOrderRelease(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetFieldValue<DateOnly>(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateOnly>(5)));
        }

        return releases;
    }

    /// <summary>
    /// Applies the pass in one transaction, in this order: orders upserted, forgotten orders deleted (with their
    /// release), releases upserted, audit appended, outbox enqueued (the rules of <see cref="IOutbox.EnqueueAsync"/>),
    /// delta link stored when given. An order both upserted and forgotten in one commit is forgotten; a release given
    /// in the same commit that forgets its order is kept.
    /// </summary>
    public async Task<int> CommitOrderCreditAsync(OrderCreditCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var now = Time.GetUtcNow();
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await WriteOrderCreditsAsync(connection, transaction, commit.Orders, cancellationToken).ConfigureAwait(false);
        await ForgetOrdersAsync(connection, transaction, commit.Forgotten, cancellationToken).ConfigureAwait(false);
        await WriteOrderReleasesAsync(connection, transaction, commit.Releases, now, cancellationToken).ConfigureAwait(false);
        await AppendAuditAsync(connection, transaction, commit.Audit, cancellationToken).ConfigureAwait(false);
        var queued = await EnqueueAsync(connection, transaction, commit.Outbox, now, cancellationToken).ConfigureAwait(false);
        if (commit.DeltaLink is { } deltaLink)
        {
            await WriteCheckpointAsync(connection, transaction, deltaLink, now, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return queued;
    }

    /// <summary>An amount as the provider keeps it exactly: <c>numeric</c> on PostgreSQL; SQLite overrides it to store invariant text.</summary>
    private protected virtual object AmountValue(decimal amount) => amount;

    private async Task WriteOrderCreditsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<StoredOrderCredit> orders, CancellationToken cancellationToken)
    {
        if (orders.Count == 0)
        {
            return;
        }

        await using var command = connection.Command(
            "INSERT INTO order_credit (order_id, order_number, name, customer_id, account_id, owner_id, amount, status, message, held_since, notices, checked_at) " +
            "VALUES (@order, @number, @name, @customer, @account, @owner, @amount, @status, @message, @held_since, @notices, @checked_at) " +
            "ON CONFLICT (order_id) DO UPDATE SET order_number = excluded.order_number, name = excluded.name, customer_id = excluded.customer_id, " +
            "account_id = excluded.account_id, owner_id = excluded.owner_id, amount = excluded.amount, status = excluded.status, " +
            "message = excluded.message, held_since = excluded.held_since, notices = excluded.notices, checked_at = excluded.checked_at", transaction);
        var order = GuidParameter(command, "@order");
        var number = command.Text("@number");
        var name = command.Text("@name");
        var customer = command.Text("@customer");
        var account = GuidParameter(command, "@account");
        var owner = GuidParameter(command, "@owner");
        var amount = command.Add("@amount", DbType.Decimal);
        var status = command.Text("@status");
        var message = command.Text("@message");
        var heldSince = command.Add("@held_since", DbType.DateTimeOffset);
        var notices = command.Add("@notices", DbType.Int32);
        var checkedAt = command.Add("@checked_at", DbType.DateTimeOffset);
        foreach (var credit in orders)
        {
            order.Value = credit.OrderId;
            number.Set(credit.OrderNumber);
            name.Set(credit.Name);
            customer.Set(credit.CustomerId);
            account.Value = credit.AccountId;
            owner.Set(credit.OwnerId);
            amount.Value = AmountValue(credit.Amount);
            status.Set(credit.Status);
            message.Set(credit.Message);

            // UTC as the audit journal writes it: PostgreSQL's timestamptz takes no other offset.
            heldSince.Set(credit.HeldSince?.ToUniversalTime());
            notices.Value = credit.Notices;
            checkedAt.Value = credit.CheckedAt.ToUniversalTime();
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Deletes forgotten orders and their releases. A forgotten order (deleted in Dynamics, fulfilled, cancelled) is never
    /// held again, the commit has no other way to drop a release, and every pass reads them all: kept, they would only
    /// grow. The audit journal keeps who released what and why.
    /// </summary>
    private async Task ForgetOrdersAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<Guid> orderIds, CancellationToken cancellationToken)
    {
        if (orderIds.Count == 0)
        {
            return;
        }

        await using var credit = connection.Command("DELETE FROM order_credit WHERE order_id = @order", transaction);
        var creditOrder = GuidParameter(credit, "@order");
        await using var release = connection.Command("DELETE FROM order_release WHERE order_id = @order", transaction);
        var releaseOrder = GuidParameter(release, "@order");
        foreach (var orderId in orderIds)
        {
            creditOrder.Value = orderId;
            await credit.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            releaseOrder.Value = orderId;
            await release.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteOrderReleasesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<StoredOrderRelease> releases, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (releases.Count == 0)
        {
            return;
        }

        await using var command = connection.Command(
            "INSERT INTO order_release (order_id, customer_id, by_whom, reason, on_date, until_date, updated_at) " +
            "VALUES (@order, @customer, @by, @reason, @on, @until, @now) " +
            "ON CONFLICT (order_id) DO UPDATE SET customer_id = excluded.customer_id, by_whom = excluded.by_whom, reason = excluded.reason, " +
            "on_date = excluded.on_date, until_date = excluded.until_date, updated_at = excluded.updated_at", transaction);
        var order = GuidParameter(command, "@order");
        var customer = command.Text("@customer");
        var by = command.Text("@by");
        var reason = command.Text("@reason");
        var on = command.Date("@on");
        var until = command.Date("@until");
        command.Time("@now", now);
        foreach (var release in releases)
        {
            order.Value = release.OrderId;
            customer.Set(release.CustomerId);
            by.Set(release.By);
            reason.Set(release.Reason);
            on.Value = release.On;
            until.Set(release.Until);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
