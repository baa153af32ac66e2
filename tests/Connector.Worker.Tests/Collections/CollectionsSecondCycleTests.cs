using Connector.Emulators.Graph;
using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests.Collections;

/// <summary>
/// Two <c>sync --once</c> runs of the sample company with Graph and dunning email set up and nothing changed between
/// them (issue 15, "Collections, unchanged second cycle"): the first run's tasks already say which email went out, so
/// the second run writes no task and sends no email — also when Outlook throttles some requests with 429s.
/// </summary>
public sealed class CollectionsSecondCycleTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.08)]
    public async Task SyncOnce_UnchangedSecondCycleWithDunningEmail_WritesNoTaskAndSendsNoEmail(double throttleRate)
    {
        await using var kit = await CollectionsTestKit.StartAsync(sender: true, throttleRate: throttleRate);
        await kit.SyncOkAsync();
        var sent = kit.Graph.State.SentMail.Count;
        var before = kit.Graph.AllTasks().ToDictionary(t => t.CaseId!, t => t.Task.ToJsonString(), StringComparer.Ordinal);
        var writes = kit.ObserveTaskWrites();

        var outlook = CollectionsTestKit.Outlook(await kit.SyncOkAsync());

        Assert.True(sent > 0, "the first run sent no dunning email: the test would prove nothing");
        Assert.Empty(writes);
        Assert.Equal(sent, kit.Graph.State.SentMail.Count);
        Assert.Equal(before, kit.Graph.AllTasks().ToDictionary(t => t.CaseId!, t => t.Task.ToJsonString(), StringComparer.Ordinal));
        Assert.Equal((0, 0, 0), (outlook["tasks created"], outlook["tasks updated in place"], outlook["tasks and emails queued (changed since the last run)"]));
    }

    [Fact]
    public async Task SyncOnce_DunningEmailSentInTheFirstCycle_TaskSaysFromItsFirstWriteThatTheEmailWasSent()
    {
        await using var kit = await CollectionsTestKit.StartAsync(sender: true);
        var creates = kit.ObserveTaskWrites();

        await kit.SyncOkAsync();

        var mail = Assert.Single(kit.Graph.State.SentMail, static m => m.To.Contains("ap.bluewater-foods@example.com"));
        var (_, task) = kit.OpenTasks()["CASE-C-1049"];
        var body = CollectionsTestKit.Body(task);
        Assert.Contains($"2026-11-20 — email, level 3, by {EmulatedGraph.SenderMailbox}: {System.Net.WebUtility.HtmlEncode(mail.Subject)}", body, StringComparison.Ordinal);
        Assert.DoesNotContain("send the ", body, StringComparison.Ordinal);
        Assert.DoesNotContain(creates, static w => w.StartsWith(GraphOperations.UpdateTask, StringComparison.Ordinal));
    }
}
