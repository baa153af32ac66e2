using Connector.Graph.Configuration;
using Connector.Sync.Ports;
using Connector.Worker.Collections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Connector.Worker.Cli;

/// <summary>The collections steps commands share: Graph (optional) and the dunning mail settings.</summary>
public sealed partial class CommandRun
{
    /// <summary>Graph is registered only when its section names a credential (see <see cref="GraphSetup.IsConfigured"/>).</summary>
    public bool GraphConfigured => Services.GetService<ITaskBoard>() is not null;

    /// <summary>The configured task board and mail sender, or <c>null</c> after writing why (not configured, or each problem on its own line).</summary>
    public (ITaskBoard Board, IMailSender Mail)? Graph()
    {
        if (!GraphConfigured)
        {
            Error.WriteLine("Graph is not configured: set Graph:AccessToken, or Graph:TenantId + Graph:ClientId + Graph:ClientSecret (or Graph:CertificatePath)");
            return null;
        }

        try
        {
            _ = Services.GetRequiredService<IOptions<GraphOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            foreach (var failure in ex.Failures)
            {
                Error.WriteLine(failure);
            }

            return null;
        }

        return (Services.GetRequiredService<ITaskBoard>(), Services.GetRequiredService<IMailSender>());
    }

    /// <summary>How collections are written, as configured, and what holds dunning email back (see <see cref="CollectionsSetup.Read"/>).</summary>
    public CollectionsSettings CollectionsSettings() =>
        CollectionsSetup.Read(Services.GetRequiredService<IConfiguration>(), Policy<Connector.Domain.Collections.CollectionsPolicy>());
}

/// <summary>Whether the Graph section names a credential: only then is Graph registered and collections written.</summary>
public static class GraphSetup
{
    public static bool IsConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(GraphOptions.SectionName);
        return !string.IsNullOrWhiteSpace(section["AccessToken"])
            || !string.IsNullOrWhiteSpace(section["ClientSecret"])
            || !string.IsNullOrWhiteSpace(section["CertificatePath"])
            || !string.IsNullOrWhiteSpace(section["TenantId"]);
    }
}
