using Connector.Sync.Credit;
using Microsoft.Extensions.Hosting;

namespace Connector.Worker.Running;

/// <summary>
/// <see cref="CreditSnapshotFollower"/> for the life of <c>connector run</c>: the order webhooks of every instance decide
/// from the newest snapshot any instance published, and from releases recorded anywhere.
/// </summary>
public sealed class CreditSnapshotFollowerService(CreditSnapshotFollower follower) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => follower.RunAsync(stoppingToken);
}
