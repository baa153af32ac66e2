using Connector.Sync.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Connector.Worker.Running;

/// <summary>
/// How the commands that talk to Dataverse (<c>run</c>, later <c>sync</c>) get their <see cref="IDataverse"/>. Only they
/// add it, so commands such as <c>report aging</c> keep working without any Dataverse configuration. Registered with
/// TryAdd, after the test overrides, so a test's own <see cref="IDataverse"/> wins.
/// </summary>
public static class DataverseBoundary
{
    public static IServiceCollection AddDataverseBoundary(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // The seam for the Web API client (src/Connector.Dataverse, branch 'client'): once merged, this becomes
        // services.AddDataverse(configuration).
        services.TryAddSingleton<IDataverse>(static _ => throw new InvalidOperationException(
            "this build has no Dataverse client: the Web API client (Connector.Dataverse) is not wired into 'connector run' yet."));
        return services;
    }
}
