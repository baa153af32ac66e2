using System.Diagnostics.Metrics;
using Connector.Sync.Credit;

namespace Connector.Sync.Telemetry;

/// <summary>
/// <c>connector.credit.snapshot.age</c>: seconds since the evaluation the webhooks decide from, read when the gauge is
/// collected (no measurement before the first evaluation). One per host, disposed with it.
/// </summary>
public sealed class CreditSnapshotAgeGauge : IDisposable
{
    private readonly Meter meter = new(SyncTelemetry.Name);

    public CreditSnapshotAgeGauge(CreditSnapshotHolder snapshots, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        ArgumentNullException.ThrowIfNull(time);
        meter.CreateObservableGauge(
            "connector.credit.snapshot.age",
            () => snapshots.Current is { } snapshot ? [new Measurement<double>((time.GetUtcNow() - snapshot.EvaluatedAt).TotalSeconds)] : Array.Empty<Measurement<double>>(),
            "s",
            "Age of the credit evaluation the order webhooks decide from");
    }

    public void Dispose() => meter.Dispose();
}
