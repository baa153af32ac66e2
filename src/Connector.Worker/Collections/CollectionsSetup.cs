using Connector.Domain.Collections;
using Connector.Graph.Configuration;
using Connector.Sync.Collections;
using Microsoft.Extensions.Configuration;

namespace Connector.Worker.Collections;

/// <summary>The collections step's settings, gathered from <c>Graph</c>, <c>Collections</c>, <c>Dunning</c> and <c>Dataverse:Url</c>.</summary>
public static class CollectionsSetup
{
    /// <summary>
    /// Mail is planned only when <c>Dunning:SenderMailbox</c> (or <c>Graph:SenderMailbox</c>) is set, or when
    /// <paramref name="requireMail"/>; then the templates are loaded and checked. Returns null when <paramref name="problems"/> got any.
    /// </summary>
    public static CollectionsSyncOptions? Build(IConfiguration configuration, CollectionsPolicy policy, bool requireMail, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(problems);
        var graph = configuration.GetSection(GraphOptions.SectionName).Get<GraphOptions>() ?? new GraphOptions();
        var dunning = configuration.GetSection(DunningMailOptions.SectionName).Get<DunningMailOptions>() ?? new DunningMailOptions();
        dunning.SenderMailbox ??= graph.SenderMailbox;
        var mailboxes = configuration.GetSection("Graph:Mailboxes").Get<Dictionary<string, string>>() ?? [];
        var dynamics = configuration["Dataverse:Url"] is { Length: > 0 } url && Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? parsed : null;

        DunningMailSetup? mail = null;
        if (dunning.SenderMailbox is not null || requireMail)
        {
            var before = problems.Count;
            problems.AddRange(dunning.Validate());
            if (dunning.SenderMailbox is null)
            {
                problems.Add("Dunning:SenderMailbox: is required to send dunning email (the shared mailbox it is sent from, such as ar@contoso.com)");
            }

            if (problems.Count > before)
            {
                return null;
            }

            try
            {
                mail = new DunningMailSetup(DunningTemplates.Load(ResolvePath(dunning.TemplatesDirectory)), dunning);
            }
            catch (DunningTemplateException ex)
            {
                problems.Add(ex.Message);
                return null;
            }
        }

        return new CollectionsSyncOptions
        {
            TaskListName = graph.TaskListName,
            MaxConcurrentPerMailbox = graph.MaxConcurrentPerMailbox,
            RecreateDeletedTasks = policy.RecreateDeletedTasks,
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
