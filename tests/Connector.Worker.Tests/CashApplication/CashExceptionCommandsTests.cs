using System.Text.Json;
using System.Text.RegularExpressions;
using Connector.Worker.Tests.Support;
using Connector.Worker.Tests.Sync;

namespace Connector.Worker.Tests.CashApplication;

/// <summary>
/// The exceptions queue worked through the command line after a real <c>connector sync --once</c> of the sample company
/// (nothing accepted automatically by default, decision 96): list, show, accept, assign, reject and unapply, each recorded,
/// audited with who and why, and what was applied written back to the ERP by the next sync.
/// </summary>
public sealed partial class CashExceptionCommandsTests
{
    [Fact]
    public async Task CashCommands_AfterASync_EachDecisionRecordedAuditedAndWrittenBackByTheNextSync()
    {
        await using var dataverse = await EmulatedDataverse.StartAsync();
        using var workspace = SyncTestKit.SampleWorkspace(dataverse);
        SyncTestKit.Pushed(await SyncTestKit.SyncAsync(workspace));

        var queue = Rows(await workspace.RunAsync("cash", "exceptions", "list", "--format", "json"));
        var proposals = queue.Where(static r => r["reason"] == "not_auto_accepted").ToList();
        Assert.True(proposals.Count >= 3, $"only {proposals.Count} proposals queued");
        var (toAccept, toAssign, toReject) = (proposals[0], proposals[1], proposals[2]);

        var show = await workspace.RunAsync("cash", "exceptions", "show", toAccept["id"]);
        var accept = await workspace.RunAsync("cash", "accept", toAccept["id"]);
        var invoice = InvoiceNumber().Match(toAssign["proposal"]).Value;
        var assign = await workspace.RunAsync("cash", "assign", toAssign["id"], "--invoice", invoice, "--reason", "customer confirmed by phone");
        var reject = await workspace.RunAsync("cash", "reject", toReject["id"], "--reason", "refund requested by the customer");
        var unapply = await workspace.RunAsync("cash", "unapply", toAccept["id"], "--reason", "applied to the wrong customer");
        var unknown = await workspace.RunAsync("cash", "accept", "999999");

        Assert.Equal(0, show.ExitCode);
        Assert.Contains(toAccept["payment_id"], show.Output, StringComparison.Ordinal);
        Assert.Equal((0, 0, 0, 0), (accept.ExitCode, assign.ExitCode, reject.ExitCode, unapply.ExitCode));
        Assert.StartsWith($"Recorded: payment {toAccept["payment_id"]} ", accept.Output, StringComparison.Ordinal);
        Assert.Contains($"{invoice}.", assign.Output, StringComparison.Ordinal);
        Assert.StartsWith($"Recorded: exception {toReject["id"]} (payment {toReject["payment_id"]}, ", reject.Output, StringComparison.Ordinal);
        Assert.Contains("applied to the wrong customer", unapply.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Equal("cash accept: there is no cash application 999999 ('connector cash exceptions list' shows the open ones, '--all' every one)", unknown.Error.Trim());

        var all = Rows(await workspace.RunAsync("cash", "exceptions", "list", "--all", "--format", "json")).ToDictionary(static r => r["id"]);
        Assert.Equal(("open", "unapplied"), (all[toAccept["id"]]["status"], all[toAccept["id"]]["reason"]));
        Assert.Equal("accepted", all[toAssign["id"]]["status"]);
        Assert.Equal("rejected", all[toReject["id"]]["status"]);
        var open = Rows(await workspace.RunAsync("cash", "exceptions", "list", "--format", "json"));
        Assert.DoesNotContain(open, r => r["id"] == toAssign["id"] || r["id"] == toReject["id"]);

        var audit = await workspace.RunAsync("audit", "--subject", "payment:" + toAccept["payment_id"]);
        Assert.Contains("cash.accept", audit.Output, StringComparison.Ordinal);
        Assert.Contains("cash.unapply", audit.Output, StringComparison.Ordinal);
        Assert.Contains("applied to the wrong customer", audit.Output, StringComparison.Ordinal);
        var rejected = await workspace.RunAsync("audit", "--subject", "payment:" + toReject["payment_id"]);
        Assert.Contains("refund requested by the customer", rejected.Output, StringComparison.Ordinal);

        // The next sync tells the ERP: the accepted application, its unapplication (negated) and the assignment.
        SyncTestKit.Pushed(await SyncTestKit.SyncAsync(workspace));
        var rows = Directory.GetFiles(Path.Combine(workspace.DropFolder, "writeback"), "cash-applications-*.csv").SelectMany(File.ReadAllLines).ToList();
        Assert.Contains(rows, r => r.StartsWith(toAccept["payment_id"] + "|", StringComparison.Ordinal) && r.Contains("|apply,apply,", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith(toAccept["payment_id"] + "|", StringComparison.Ordinal) && r.Contains("|unapply,unapply,", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith($"{toAssign["payment_id"]}|{invoice}|1|apply,", StringComparison.Ordinal) && r.Contains(",manual,", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Contains(toReject["payment_id"], StringComparison.Ordinal));
    }

    /// <summary>The rows of a <c>--format json</c> report's first section, every value as text.</summary>
    private static List<Dictionary<string, string>> Rows(CliResult result)
    {
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        using var json = JsonDocument.Parse(result.Output);
        return [.. json.RootElement.GetProperty("sections")[0].GetProperty("rows").EnumerateArray()
            .Select(static r => r.EnumerateObject().ToDictionary(static p => p.Name, static p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(), StringComparer.Ordinal))];
    }

    [GeneratedRegex("INV-[0-9]+")]
    private static partial Regex InvoiceNumber();
}
