using Connector.Dataverse.Configuration;
using Connector.Sync.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Worker.Running;

/// <summary>
/// How the commands that talk to Dataverse (<c>run</c>, later <c>sync</c>) get their <see cref="IDataverse"/>: the Web API
/// client and its <c>Dataverse</c> section, checked as the host starts. Only these commands add it, so commands such
/// as <c>report aging</c> keep working without any Dataverse configuration. The client registers with TryAdd, after
/// the test overrides, so a test's own <see cref="IDataverse"/> wins.
/// </summary>
public static class DataverseBoundary
{
    public static IServiceCollection AddDataverseBoundary(this IServiceCollection services, IConfiguration configuration) =>
        services.AddDataverse(configuration);
}
