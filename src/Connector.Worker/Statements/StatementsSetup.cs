using Connector.Graph.Configuration;
using Connector.Sync.Collections;
using Connector.Sync.Settings;
using Connector.Sync.Statements;
using Microsoft.Extensions.Configuration;

namespace Connector.Worker.Statements;

/// <summary>How statements go out, gathered from <c>Dunning</c> (sender, company, pay link, copies) and <c>Graph:SenderMailbox</c>.</summary>
public static class StatementsSetup
{
    /// <summary>
    /// Statements are sent from <c>Dunning:SenderMailbox</c> (or <c>Graph:SenderMailbox</c>) when the company name and the pay
    /// link are valid and every copy address is one; otherwise <see cref="StatementMailSettings.HeldBack"/> names what is wrong.
    /// </summary>
    public static StatementMailSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var graph = configuration.GetSection(GraphOptions.SectionName).Get<GraphOptions>() ?? new GraphOptions();
        var dunning = configuration.GetSection(DunningMailOptions.SectionName).Get<DunningMailOptions>() ?? new DunningMailOptions();
        dunning.SenderMailbox ??= graph.SenderMailbox;
        var problems = SettingsValidation.Failures(dunning, new DunningMailOptionsValidator()).ToList();
        for (var i = 0; i < dunning.Cc.Count; i++)
        {
            if (!dunning.Cc[i].Contains('@', StringComparison.Ordinal))
            {
                problems.Add($"Dunning:Cc:{i} must be an email address (was '{dunning.Cc[i]}').");
            }
        }

        foreach (var (customer, addresses) in dunning.CustomerCc)
        {
            for (var i = 0; i < addresses.Count; i++)
            {
                if (!addresses[i].Contains('@', StringComparison.Ordinal))
                {
                    problems.Add($"Dunning:CustomerCc:{customer}:{i} must be an email address (was '{addresses[i]}').");
                }
            }
        }

        DunningTemplates? templates = null;
        if (dunning.SenderMailbox is not null)
        {
            try
            {
                templates = DunningTemplates.Load(Collections.CollectionsSetup.ResolvePath(dunning.TemplatesDirectory));
            }
            catch (DunningTemplateException ex)
            {
                problems.Add(ex.Message);
            }
        }

        return new StatementMailSettings
        {
            SenderMailbox = dunning.SenderMailbox,
            Dunning = dunning,
            Templates = templates,
            HeldBack = problems.Count == 0 ? null : $"statements are held back until the settings are fixed: {string.Join(" ", problems)}",
        };
    }

    /// <summary>What keeps statements from going out, in one line; <c>null</c> when they can go.</summary>
    public static string? Missing(StatementMailSettings settings, bool graphConfigured)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.SenderMailbox is null ? "no statement can be sent: Dunning:SenderMailbox is not set (the shared mailbox statements are sent from)"
            : settings.HeldBack is { } why ? why
            : graphConfigured ? null
            : "no statement can be sent: Graph is not configured (Graph:AccessToken, or Graph:TenantId + ClientId + ClientSecret)";
    }
}
