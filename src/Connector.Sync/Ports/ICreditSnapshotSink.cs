using Connector.Sync.Credit;

namespace Connector.Sync.Ports;

/// <summary>
/// Told the credit figures of each evaluation once its account ids are known, so the order webhook decides from
/// memory. Publishing must be cheap and must not throw: it runs at the end of the sync.
/// </summary>
public interface ICreditSnapshotSink
{
    void Publish(CreditSnapshot snapshot);
}
