using Connector.Graph.Configuration;
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

    /// <summary>
    /// How collections are written, from <c>Graph</c>, <c>Collections</c>, <c>Dunning</c> and <c>Dataverse:Url</c>; mail
    /// is planned only when <c>Dunning:SenderMailbox</c> (or <c>Graph:SenderMailbox</c>) is set. <c>null</c> after writing
    /// what is wrong with the dunning settings or templates.
    /// </summary>
    public CollectionsSyncOptions? CollectionsOptions(bool requireMail = false)
    {
        var configuration = Services.GetRequiredService<IConfiguration>();
        var graph = configuration.GetSection(GraphOptions.SectionName).Get<GraphOptions>() ?? new GraphOptions();
        var dunning = configuration.GetSection(DunningMailOptions.SectionName).Get<DunningMailOptions>() ?? new DunningMailOptions();
        dunning.SenderMailbox ??= graph.SenderMailbox;
        var mailboxes = configuration.GetSection("Graph:Mailboxes").Get<Dictionary<string, string>>() ?? [];
        var dynamics = configuration["Dataverse:Url"] is { Length: > 0 } url && Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? parsed : null;
        var recreate = Policy<Connector.Domain.Collections.CollectionsPolicy>().RecreateDeletedTasks;

        DunningMailSetup? mail = null;
        if (dunning.SenderMailbox is not null || requireMail)
        {
            var problems = dunning.Validate().Select(static p => "Dunning:" + p).ToList();
            if (dunning.SenderMailbox is null)
            {
                problems.Add("Dunning:SenderMailbox: is required to send dunning email (the shared mailbox it is sent from, such as ar@contoso.com)");
            }

            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    Error.WriteLine(problem);
                }

                return null;
            }

            try
            {
                mail = new DunningMailSetup(DunningTemplates.Load(ResolvePath(dunning.TemplatesDirectory)), dunning);
            }
            catch (DunningTemplateException ex)
            {
                Error.WriteLine(ex.Message);
                return null;
            }
        }

        return new CollectionsSyncOptions
        {
            TaskListName = graph.TaskListName,
            RecreateDeletedTasks = recreate,
            DynamicsUrl = dynamics,
            Mailboxes = mailboxes,
            Mail = mail,
        };
    }

    /// <summary>A relative folder is looked up from the working directory, then beside the executable (where the build copies <c>templates/</c>).</summary>
    private static string ResolvePath(string folder)
    {
        if (Path.IsPathRooted(folder) || Directory.Exists(folder))
        {
            return Path.GetFullPath(folder);
        }

        var beside = Path.Combine(AppContext.BaseDirectory, folder);
        return Directory.Exists(beside) ? beside : Path.GetFullPath(folder);
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
