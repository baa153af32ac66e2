using Connector.Graph.Configuration;
using Connector.Worker.Collections;
using Connector.Sync.Collections;
using Connector.Sync.Ports;
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

    /// <summary>How collections are written (see <see cref="CollectionsSetup.Build"/>); <c>null</c> after writing each problem on its own line.</summary>
    public CollectionsSyncOptions? CollectionsOptions(bool requireMail = false)
    {
        var problems = new List<string>();
        var options = CollectionsSetup.Build(
            Services.GetRequiredService<IConfiguration>(), Policy<Connector.Domain.Collections.CollectionsPolicy>(), requireMail, problems);
        foreach (var problem in problems)
        {
            Error.WriteLine(problem);
        }

        return options;
    }
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
