using System.Data;
using System.Runtime.CompilerServices;
using Connector.Mapping.Canonical;
using Connector.Sync.Ports;

namespace Connector.Store.Relational;

public abstract partial class RelationalConnectorStore
{
    public async Task<DateTimeOffset?> ReadLedgerWatermarkAsync(CanonicalEntity entity, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT MAX(updated_at) FROM ledger WHERE entity = @entity");
        command.Text("@entity", NameOf(entity));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && !reader.IsDBNull(0)
            ? reader.GetFieldValue<DateTimeOffset>(0)
            : null;
    }

    public async IAsyncEnumerable<LedgerChange> ReadRecordsChangedSinceAsync(
        CanonicalEntity entity, DateTimeOffset since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var count = CanonicalSchema.Of(entity).Fields.Count;
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT key, field_values, updated_at FROM ledger WHERE entity = @entity AND updated_at >= @since ORDER BY key");
        command.Text("@entity", NameOf(entity));
        command.Time("@since", since);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var record = new CanonicalRecord(entity, reader.GetString(0), FieldValues.Decode(reader.GetString(1), count));
            yield return new LedgerChange(record, reader.GetFieldValue<DateTimeOffset>(2));
        }
    }
}
