using Connector.Dataverse.Configuration;
using Connector.Dataverse.WebApi;
using Connector.Sync.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Connector.Worker.Cli;

/// <summary>The Dataverse steps commands share. The section is checked only by commands that talk to Dataverse.</summary>
public sealed partial class CommandRun
{
    /// <summary>The configured Dataverse, or <c>null</c> after writing every configuration problem on its own line.</summary>
    public IDataverse? Dataverse()
    {
        try
        {
            _ = Services.GetRequiredService<IOptions<DataverseOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            foreach (var failure in ex.Failures)
            {
                Error.WriteLine(failure);
            }

            return null;
        }

        return Services.GetRequiredService<IDataverse>();
    }

    /// <summary>The typed Web API client (for metadata and solution import); call <see cref="Dataverse"/> first to validate.</summary>
    public DataverseClient DataverseClient() => Services.GetRequiredService<DataverseClient>();
}
