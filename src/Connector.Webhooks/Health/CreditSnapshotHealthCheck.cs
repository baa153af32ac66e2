using System.Globalization;
using Connector.Domain.Credit;
using Connector.Sync.Credit;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Connector.Webhooks.Health;

/// <summary>
/// The credit snapshot the order checks decide from: Unhealthy until one is loaded (this instance would decide every
/// order by <c>Credit:StaleSnapshotPolicy</c> while another may have figures), Degraded once older than
/// <c>Credit:StaleSnapshotMinutes</c> (every instance is then in the same position, and pulling them all would fail
/// every order save: docs/decisions.md 74). Reads the in-process holder, whatever fills it.
/// </summary>
public sealed class CreditSnapshotHealthCheck(CreditSnapshotHolder snapshots, CreditPolicy policy, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (snapshots.Current is not { } snapshot)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("no credit evaluation loaded since start"));
        }

        var age = time.GetUtcNow() - snapshot.EvaluatedAt;
        var data = new Dictionary<string, object>
        {
            ["evaluatedAt"] = snapshot.EvaluatedAt,
            ["ageMinutes"] = Math.Round(age.TotalMinutes, 1),
            ["accounts"] = snapshot.AccountCount,
        };
        return Task.FromResult(age > TimeSpan.FromMinutes(policy.StaleSnapshotMinutes)
            ? HealthCheckResult.Degraded(
                string.Create(CultureInfo.InvariantCulture, $"the credit evaluation is {(int)age.TotalMinutes} minutes old (Credit:StaleSnapshotMinutes is {policy.StaleSnapshotMinutes})"),
                data: data)
            : HealthCheckResult.Healthy("credit evaluation loaded", data));
    }
}
