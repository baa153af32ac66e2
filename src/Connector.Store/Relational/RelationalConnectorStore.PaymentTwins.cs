using System.Data;
using Connector.Sync.Ports;

namespace Connector.Store.Relational;

/// <summary>Recognised twins (<see cref="IPaymentTwinState"/>): a bank entry and the ERP's payment of the same money, linked once.</summary>
public abstract partial class RelationalConnectorStore
{
    private const string TwinColumns = "bank_payment_id, erp_payment_id, kept, rule, explanation, linked_by, linked_at";

    public async Task<IReadOnlyList<StoredPaymentTwin>> ReadPaymentTwinsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var read = connection.Command($"SELECT {TwinColumns} FROM payment_twin ORDER BY linked_at, bank_payment_id");
        await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var twins = new List<StoredPaymentTwin>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            twins.Add(new StoredPaymentTwin
            {
                BankPaymentId = reader.GetString(0),
                ErpPaymentId = reader.GetString(1),
                Kept = reader.GetString(2),
                Rule = reader.GetString(3),
                Explanation = reader.GetString(4),
                LinkedBy = reader.GetString(5),
                LinkedAt = reader.GetFieldValue<DateTimeOffset>(6),
            });
        }

        return twins;
    }

    public async Task<int> LinkPaymentTwinsAsync(IReadOnlyList<StoredPaymentTwin> twins, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(twins);
        ArgumentNullException.ThrowIfNull(audit);
        if (twins.Count != audit.Count)
        {
            throw new ArgumentException($"{twins.Count} twins with {audit.Count} audit events: one event per twin.", nameof(audit));
        }

        if (twins.Count == 0)
        {
            return 0;
        }

        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var events = new List<AuditEvent>();
        // A link that keeps the ERP's record drops the bank entry from the ledger, so it is made only while the bank entry has
        // no match of the connector's own: a match committed meanwhile (another cycle) keeps the bank entry counted once.
        await using (var insert = connection.Command(
            $"INSERT INTO payment_twin ({TwinColumns}) SELECT @bank, @erp, @kept, @rule, @explanation, @by, @at " +
            $"WHERE @kept = '{StoredPaymentTwin.KeepBank}' OR NOT EXISTS (SELECT 1 FROM cash_match WHERE payment_id = @bank) ON CONFLICT DO NOTHING",
            transaction))
        {
            var bank = insert.Text("@bank");
            var erp = insert.Text("@erp");
            var kept = insert.Text("@kept");
            var rule = insert.Text("@rule");
            var explanation = insert.Text("@explanation");
            var by = insert.Text("@by");
            var at = insert.Add("@at", DbType.DateTimeOffset);
            for (var i = 0; i < twins.Count; i++)
            {
                var twin = twins[i];
                bank.Set(twin.BankPaymentId);
                erp.Set(twin.ErpPaymentId);
                kept.Set(twin.Kept);
                rule.Set(twin.Rule);
                explanation.Set(twin.Explanation);
                by.Set(twin.LinkedBy);
                at.Value = twin.LinkedAt.ToUniversalTime();
                if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
                {
                    events.Add(audit[i]);
                }
            }
        }

        await AppendAuditAsync(connection, transaction, events, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return events.Count;
    }
}
