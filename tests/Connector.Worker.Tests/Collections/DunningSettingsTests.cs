using Connector.Worker.Tests.Support;
using Connector.Worker.Tests.Sync;

namespace Connector.Worker.Tests.Collections;

/// <summary>
/// An admin who names the dunning sender but not yet the company name or the pay link: the collectors' tasks are all
/// written, the email alone waits, and one warning says which settings it waits for. A dry run needs none of it.
/// </summary>
public sealed class DunningSettingsTests
{
    private static readonly Dictionary<string, object> SenderOnly = new()
    {
        ["Dunning"] = new { TemplatesDirectory = Path.Combine(Workspace.RepositoryRoot, "templates", "dunning") },
    };

    [Fact]
    public async Task SyncOnce_SenderWithoutCompanyNameOrPayLink_WritesEveryTaskHoldsTheEmailBackAndWarnsOnce()
    {
        await using var kit = await CollectionsTestKit.StartAsync(sender: true, extra: SenderOnly);

        var result = await kit.SyncAsync();

        Assert.True(result.ExitCode == 0, result.Error);
        var outlook = CollectionsTestKit.Outlook(result);
        Assert.True(outlook["tasks created"] > 0);
        Assert.Equal(outlook["tasks created"], kit.Graph.AllTasks().Count);
        Assert.Empty(kit.Graph.State.SentMail);
        var warning = Assert.Single(result.ErrorLines, static l => l.Contains("dunning email is held back", StringComparison.Ordinal));
        Assert.Contains("Dunning:CompanyName", warning, StringComparison.Ordinal);
        Assert.Contains("Dunning:PayLinkPattern", warning, StringComparison.Ordinal);
        Assert.Contains(SyncTestKit.Notes(result), static n => n.StartsWith("Held back: dunning email is held back", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendDryRun_WithoutGraphOrDunningSettings_ListsTheEmailDueAndSaysWhatIsMissing()
    {
        using var workspace = new Workspace();
        workspace.DropSampleExport();
        Assert.Equal(0, (await workspace.RunAsync("ingest")).ExitCode);

        var result = await workspace.RunAsync("collections", "send", "--dry-run", "--as-of", SyncTestKit.AsOf);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("dunning emails are due", result.Output, StringComparison.Ordinal);
        Assert.Contains("No email would be sent: Dunning:SenderMailbox is not set", result.Output, StringComparison.Ordinal);
        Assert.Contains("│ yes  │", result.Output, StringComparison.Ordinal);
    }
}
