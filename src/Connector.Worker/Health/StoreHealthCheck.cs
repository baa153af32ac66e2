using System.Data.Common;
using System.Globalization;
using Connector.Store;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Connector.Worker.Health;

/// <summary>
/// Readiness: the store answers and its schema carries every migration this build knows. Unhealthy otherwise, with the
/// provider's one-line message (never the connection string's password: <see cref="StoreProbe.Description"/> omits it).
/// </summary>
internal sealed class StoreHealthCheck(StoreProbe probe) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["store"] = probe.Description };
        try
        {
            var status = await probe.ReadAsync(cancellationToken);
            if (status is null)
            {
                return HealthCheckResult.Unhealthy("the store has not been created yet (the first sync cycle creates it)", data: data);
            }

            data["migration"] = status.AppliedVersion;
            data["latestMigration"] = status.LatestVersion;
            return status.IsCurrent
                ? HealthCheckResult.Healthy("reachable, migrations current", data)
                : HealthCheckResult.Unhealthy(
                    string.Create(CultureInfo.InvariantCulture, $"migrations behind: the store is at {status.AppliedVersion}, this build needs {status.LatestVersion}"), data: data);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or IOException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("unreachable: " + ex.Message.ReplaceLineEndings(" "), data: data);
        }
    }
}
