using Connector.Sync.Collections;
using Connector.Worker.Tests.Support;
using Connector.Worker.Tests.Sync;

namespace Connector.Worker.Tests.Collections;

/// <summary>
/// <c>connector collections send [--dry-run]</c> against the Graph emulator: what the AR manager reads before anything
/// goes out (to whom, the subject, why an email is held back), then the emails in the sender's Sent Items, once.
/// </summary>
public sealed class CollectionsSendCommandTests
{
    [Fact]
    public async Task Send_DryRunThenSendThenSendAgain_ListsRecipientsAndReasonsSendsNothingThenSendsEachEmailOnce()
    {
        await using var kit = await CollectionsTestKit.StartAsync();
        File.Delete(Path.Combine(kit.Workspace.DropFolder, CollectionsTestKit.Customers));
        SyncTestKit.DropEdited(kit.Workspace, CollectionsTestKit.Customers, CollectionsTestKit.Customers, 0, "C-1003", f => f[12] = "");
        Assert.Equal(0, (await kit.Workspace.RunAsync("ingest")).ExitCode);
        kit.Workspace.UseGraph(kit.Graph.ApiUrl, EmulatedGraph.SenderMailbox);

        var dry = await DunningAsync(kit, "--dry-run");

        Assert.Empty(kit.Graph.State.SentMail);
        Assert.Empty(await kit.PendingAsync(MailIntent.Target));
        var sending = dry.Where(static r => r["send"] == "yes").ToList();
        Assert.NotEmpty(sending);
        Assert.All(sending, static r =>
        {
            Assert.Contains("@", r["to"], StringComparison.Ordinal);
            Assert.EndsWith("— Sample Company", r["subject"], StringComparison.Ordinal);
        });
        var bluewater = Assert.Single(dry, static r => r["case"] == "CASE-C-1049");
        Assert.Equal(("yes", "ap.bluewater-foods@example.com", "Second notice: 12,906.63 USD is now more than 30 days overdue — Sample Company"), (bluewater["send"], bluewater["to"], bluewater["subject"]));
        Assert.Equal(("no", "promise to pay active until 2026-12-04"), (Row(dry, "CASE-C-1012")["send"], Row(dry, "CASE-C-1012")["why"]));
        Assert.Equal(("no", "no email address for customer C-1003"), (Row(dry, "CASE-C-1003")["send"], Row(dry, "CASE-C-1003")["why"]));
        var disputed = Row(dry, "(no case) C-1029");
        Assert.Equal("no", disputed["send"]);
        Assert.StartsWith("only disputed items are overdue", disputed["why"], StringComparison.Ordinal);

        var send = await kit.Workspace.RunAsync("collections", "send", "--as-of", SyncTestKit.AsOf);

        Assert.True(send.ExitCode == 0, send.Error);
        var sent = kit.Graph.State.SentMail;
        Assert.Equal(sending.Select(static r => r["to"]).Order(StringComparer.Ordinal), sent.Select(static m => string.Join("; ", m.To)).Order(StringComparer.Ordinal));
        Assert.All(sent, static m => Assert.Equal(EmulatedGraph.SenderMailbox, m.From, ignoreCase: true));
        var toBluewater = Assert.Single(sent, static m => m.To.Contains("ap.bluewater-foods@example.com"));
        Assert.Equal("Second notice: 12,906.63 USD is now more than 30 days overdue — Sample Company", toBluewater.Subject);
        Assert.Contains("https://pay.sample-company.example/C-1049?case=CASE-C-1049", toBluewater.BodyContent, StringComparison.Ordinal);

        var again = await kit.Workspace.RunAsync("collections", "send", "--as-of", SyncTestKit.AsOf);
        var after = await DunningAsync(kit, "--dry-run");

        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Equal(sent.Count, kit.Graph.State.SentMail.Count);
        Assert.DoesNotContain(after, static r => r["send"] == "yes");
        Assert.StartsWith("quiet period: level 3 email sent 2026-11-20", Row(after, "CASE-C-1049")["why"], StringComparison.Ordinal);
    }

    private static async Task<List<Dictionary<string, string>>> DunningAsync(CollectionsTestKit kit, params string[] options)
    {
        var result = await kit.Workspace.RunAsync(["collections", "send", .. options, "--as-of", SyncTestKit.AsOf, "--format", "csv"]);
        Assert.True(result.ExitCode == 0, result.Error);
        return Csv.Records(Csv.Sections(result.Output)[0]);
    }

    private static Dictionary<string, string> Row(List<Dictionary<string, string>> rows, string caseId) => Assert.Single(rows, r => r["case"] == caseId);
}
