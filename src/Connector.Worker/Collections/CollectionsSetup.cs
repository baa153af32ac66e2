using Connector.Domain.Collections;
using Connector.Graph.Configuration;
using Connector.Sync.Collections;
using Connector.Sync.Ports;
using Connector.Sync.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Connector.Worker.Collections;

/// <summary>How collections are written, as configured, and what holds part of it back.</summary>
/// <param name="MailHeldBack">Why no dunning email goes out although a sender is set (one line naming the settings); <c>null</c> when it goes, or no sender is set.</param>
public sealed record CollectionsSettings(CollectionsSyncOptions Options, string? MailHeldBack, string? SenderMailbox);

/// <summary>The collections step's settings, gathered from <c>Graph</c>, <c>Collections</c>, <c>Dunning</c> and <c>Dataverse:Url</c>.</summary>
public static class CollectionsSetup
{
    /// <summary>
    /// Tasks are always written; dunning email is planned when <c>Dunning:SenderMailbox</c> (or <c>Graph:SenderMailbox</c>)
    /// is set and the letters can be made (company name, pay link, templates). When they cannot, the email alone is held
    /// back and <see cref="CollectionsSettings.MailHeldBack"/> names what is missing.
    /// </summary>
    public static CollectionsSettings Read(IConfiguration configuration, CollectionsPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(policy);
        var graph = configuration.GetSection(GraphOptions.SectionName).Get<GraphOptions>() ?? new GraphOptions();
        var dunning = configuration.GetSection(DunningMailOptions.SectionName).Get<DunningMailOptions>() ?? new DunningMailOptions();
        dunning.SenderMailbox ??= graph.SenderMailbox;
        var mailboxes = configuration.GetSection("Graph:Mailboxes").Get<Dictionary<string, string>>() ?? [];
        var dynamics = configuration["Dataverse:Url"] is { Length: > 0 } url && Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? parsed : null;

        DunningMailSetup? mail = null;
        string? heldBack = null;
        if (dunning.SenderMailbox is not null)
        {
            var problems = SettingsValidation.Failures(dunning, new DunningMailOptionsValidator());
            if (problems.Count == 0)
            {
                try
                {
                    mail = new DunningMailSetup(DunningTemplates.Load(ResolvePath(dunning.TemplatesDirectory)), dunning);
                }
                catch (DunningTemplateException ex)
                {
                    problems = [ex.Message];
                }
            }

            if (mail is null)
            {
                heldBack = $"dunning email is held back (the collection tasks are still written) until the settings are fixed: {string.Join(" ", problems)}";
            }
        }

        var options = new CollectionsSyncOptions
        {
            TaskListName = graph.TaskListName,
            MaxConcurrentPerMailbox = graph.MaxConcurrentPerMailbox,
            RecreateDeletedTasks = policy.RecreateDeletedTasks,
            DynamicsUrl = dynamics,
            Mailboxes = mailboxes,
            Mail = mail,
        };
        return new CollectionsSettings(options, heldBack, dunning.SenderMailbox);
    }

    /// <summary>The cycle's collections channel (registered only when Graph is configured).</summary>
    public static CollectionsChannel Channel(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var settings = Read(services.GetRequiredService<IConfiguration>(), services.GetRequiredService<IOptions<CollectionsPolicy>>().Value);
        return new CollectionsChannel(services.GetRequiredService<ITaskBoard>(), services.GetRequiredService<IMailSender>(), settings.Options)
        {
            Warnings = settings.MailHeldBack is { } why ? [why] : [],
        };
    }

    /// <summary>A relative folder is looked up from the working directory, then beside the executable (where the build copies <c>templates/</c>).</summary>
    internal static string ResolvePath(string folder)
    {
        if (Path.IsPathRooted(folder) || Directory.Exists(folder))
        {
            return Path.GetFullPath(folder);
        }

        var beside = Path.Combine(AppContext.BaseDirectory, folder);
        return Directory.Exists(beside) ? beside : Path.GetFullPath(folder);
    }
}
