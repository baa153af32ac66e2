using Connector.Sync.Ports;

namespace Connector.Sync.Credit;

/// <summary>
/// The latest <see cref="CreditSnapshot"/>, swapped whole after each evaluation: a reader sees either the old or the
/// new one, never a mix, and takes no lock (the order webhook answers in milliseconds while the sync publishes).
/// </summary>
public sealed class CreditSnapshotHolder : ICreditSnapshotSink
{
    private CreditSnapshot? current;

    /// <summary>The last published snapshot; <c>null</c> until the first evaluation after start.</summary>
    public CreditSnapshot? Current => Volatile.Read(ref current);

    public void Publish(CreditSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Interlocked.Exchange(ref current, snapshot);
    }
}
