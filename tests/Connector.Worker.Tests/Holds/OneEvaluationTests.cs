using System.Text;
using System.Text.Json;
using Connector.Worker.Tests.Support;
using Connector.Worker.Tests.Sync;

namespace Connector.Worker.Tests.Holds;

/// <summary>
/// Every surface tells the same truth: an AR manager's release, recorded from the CLI, is honoured at once by
/// <c>credit check</c> and <c>holds evaluate</c> (they evaluate with what the store knows), and by the next sync's
/// Dynamics push and ERP writeback. Kestrel Printing (C-1151) is the customer of the issue.
/// </summary>
public sealed class OneEvaluationTests(HeldOrdersSample sample) : IClassFixture<HeldOrdersSample>
{
    private const string Kestrel = HeldOrdersSample.OtherHeldCustomer;

    [Fact]
    public async Task ReleaseCustomer_FromTheCli_CreditCheckHoldsEvaluateAndTheNextSyncAllHonourIt()
    {
        var before = await Run("credit", "check", "--customer", Kestrel, "--amount", "500", "--as-of", SyncTestKit.AsOf);
        Assert.True(before.ExitCode == 3, before.Output + before.Error);
        Assert.StartsWith("Order blocked: Kestrel Printing Corp. is on credit hold", before.OutputLines[0], StringComparison.Ordinal);

        var release = await Run("holds", "release", "--customer", Kestrel, "--reason", "wired today");
        Assert.True(release.ExitCode == 0, release.Error);

        // No sync in between: the CLI's own views evaluate with the release the store now holds.
        var check = await Run("credit", "check", "--customer", Kestrel, "--amount", "500", "--as-of", SyncTestKit.AsOf);
        Assert.True(check.ExitCode == 0, check.Output + check.Error);
        Assert.StartsWith("Order allowed", check.OutputLines[0], StringComparison.Ordinal);
        var holds = await Run("holds", "evaluate", "--as-of", SyncTestKit.AsOf, "--format", "csv");
        Assert.True(holds.ExitCode == 0, holds.Error);
        Assert.DoesNotContain(holds.OutputLines, l => l.StartsWith(Kestrel + ",", StringComparison.Ordinal));
        Assert.Contains(holds.OutputLines, l => l.StartsWith(HeldOrdersSample.HeldCustomer + ",", StringComparison.Ordinal));

        // The next sync tells Dynamics and the ERP the same.
        SyncTestKit.Pushed(await sample.SyncAsync());
        Assert.Equal(false, sample.Dataverse.Row("account", "accountnumber", Kestrel)["creditonhold"]);
        var writeback = Path.Combine(sample.Workspace.DropFolder, "writeback");
        var latest = Directory.GetFiles(writeback, "credit-holds-*.csv").Order(StringComparer.Ordinal).Last();
        var kestrel = Assert.Single(File.ReadAllLines(latest, Encoding.UTF8), l => l.StartsWith(Kestrel + ",", StringComparison.Ordinal));
        Assert.StartsWith(Kestrel + ",0,", kestrel, StringComparison.Ordinal);
        var afterSync = await Run("credit", "check", "--customer", Kestrel, "--amount", "500", "--as-of", SyncTestKit.AsOf);
        Assert.Equal(0, afterSync.ExitCode);
    }

    [Fact]
    public async Task ReleaseCustomer_NotOnHold_SaysSoAndRecordsNothingWithoutForce()
    {
        // Summit Holdings (C-1106): nothing overdue, well within its limit.
        var refused = await Run("holds", "release", "--customer", "C-1106", "--reason", "pre-approved for the trade show");

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal(
            [
                "holds release: Summit Holdings Inc. (C-1106) is not on credit hold: no hold rule applies to it as of 2026-11-20, so there is nothing to release.",
                "Nothing was recorded. To record a release anyway (it would keep the hold rules off C-1106 until 2026-11-27), repeat the command with --force.",
            ],
            refused.ErrorLines);
        Assert.DoesNotContain(await sample.AuditAsync("customer:C-1106"), e => e.Action == "hold-release.set");

        var forced = await Run("holds", "release", "--customer", "C-1106", "--reason", "pre-approved for the trade show", "--force");

        Assert.True(forced.ExitCode == 0, forced.Error);
        Assert.StartsWith("Recorded (--force): Summit Holdings Inc. (C-1106) is not on credit hold now", forced.OutputLines[0], StringComparison.Ordinal);
        Assert.Contains(await sample.AuditAsync("customer:C-1106"), e => e.Action == "hold-release.set" && e.Reason == "pre-approved for the trade show (not on hold when released; recorded with --force)");
    }

    [Fact]
    public async Task Evaluate_CustomerWithoutCreditLimit_ShowsNoLimitInTheTableAndEmptyInCsv()
    {
        var table = await Run("holds", "evaluate", "--as-of", SyncTestKit.AsOf);
        var csv = await Run("holds", "evaluate", "--as-of", SyncTestKit.AsOf, "--format", "csv");

        // Cedar Printing (C-1112) has no credit limit in the ERP; 0.00 would mean "no credit".
        var row = Assert.Single(table.OutputLines, l => l.StartsWith("│ C-1112 ", StringComparison.Ordinal));
        Assert.Equal("no limit", row.Split('│')[6].Trim());
        Assert.Contains(table.OutputLines, l => l.Contains("Overdue (all items)", StringComparison.Ordinal));
        Assert.Equal("", Assert.Single(csv.OutputLines, l => l.StartsWith("C-1112,", StringComparison.Ordinal)).Split(',')[5]);
    }

    private Task<CliResult> Run(params string[] args) => sample.RunAsync(HeldOrdersSample.SyncedAt, args);
}

/// <summary><c>connector holds list</c> where no sync has run: it says so instead of "0 customers on credit hold".</summary>
public sealed class HoldsListBeforeSyncTests
{
    [Fact]
    public async Task List_BeforeAnySync_SaysNoSyncHasRunYet()
    {
        using var workspace = new Workspace();
        workspace.DropSampleExport();
        Assert.Equal(0, (await workspace.RunAsync("ingest")).ExitCode);

        var result = await workspace.RunAsync("holds", "list");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Hold list: no sync has run yet", result.Output, StringComparison.Ordinal);
        Assert.Contains("No sync has run yet, so no hold has been placed in Dynamics or the ERP: run 'connector sync --once' (or 'connector run').", result.OutputLines);
        Assert.DoesNotContain("0 customers on credit hold", result.Output, StringComparison.Ordinal);
        using var json = JsonDocument.Parse((await workspace.RunAsync("holds", "list", "--format", "json")).Output);
        Assert.Equal("Hold list: no sync has run yet", json.RootElement.GetProperty("title").GetString());
    }
}
