using System.Text.Json;
using Connector.Emulators.Dataverse.Records;
using Connector.Sync.Credit;
using Connector.Sync.Ports;
using Connector.Sync.Push;
using Connector.Worker.Tests.Support;
using Connector.Worker.Tests.Sync;

namespace Connector.Worker.Tests.Holds;

/// <summary>
/// <c>connector holds release --customer ID | --order ID --reason TEXT [--until DATE]</c> on the synced sample company:
/// an AR manager's release is recorded with who and why, and the next <c>sync --once</c> applies it in Dynamics. The
/// customer test releases <see cref="HeldOrdersSample.HeldCustomer"/>, the order test the other customer's order, so
/// they share one synced sample whatever their order.
/// </summary>
public sealed class HoldsReleaseCommandTests(HeldOrdersSample sample) : IClassFixture<HeldOrdersSample>
{
    private static readonly string Cli = "cli:" + Environment.UserName;

    [Fact]
    public async Task ReleaseCustomer_HeldCustomer_RecordedAuditedAndTheNextSyncTakesItOffHoldAndReleasesItsOrder()
    {
        const string Reason = "Wire for INV-005657 confirmed by the bank";

        var result = await Release("--customer", HeldOrdersSample.HeldCustomer, "--reason", Reason, "--until", "2026-12-31");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(
            $"Recorded: the credit hold of Bluewater Plastics LLC (C-1230) — OVERDUE_AGE — is released until 2026-12-31 by {Cli}: {Reason}.",
            result.OutputLines[0]);
        var audit = await sample.AuditAsync("customer:" + HeldOrdersSample.HeldCustomer);
        Assert.Contains(audit, e => e is { Action: "hold-release.set", After: "until 2026-12-31: " + Reason } && e.Actor == Cli && e.Reason == Reason + " (held for OVERDUE_AGE)");
        // Every instance's order webhook takes the customer off hold now: the evaluation with the release is published.
        var published = await PublishedAsync();
        Assert.False(published.Snapshot.Credit.Find(HeldOrdersSample.HeldCustomer)!.Hold.OnHold);
        Assert.Equal(published.Info.Version, published.Info.FiguresVersion);

        SyncTestKit.Pushed(await sample.SyncAsync());

        var account = sample.Dataverse.Row("account", "accountnumber", HeldOrdersSample.HeldCustomer);
        Assert.Equal(false, account["creditonhold"]);
        Assert.Null(account["arc_holdmessage"]);
        // AR managers see the CLI release on the account, and the next read-back finds Dynamics agreeing: no new release "by Dynamics".
        Assert.Equal(Reason, account["arc_holdreleasereason"]);
        Assert.Equal(new DateOnly(2026, 12, 31), DateOnly.FromDateTime(TimeZoneInfo.ConvertTime((DateTimeOffset)account["arc_holdreleaseuntil"]!, TimeZoneInfo.Local).DateTime));
        SyncTestKit.Pushed(await sample.SyncAsync());
        Assert.DoesNotContain(await sample.AuditAsync("customer:" + HeldOrdersSample.HeldCustomer), e => e.Action == "hold-release.set" && e.Actor.StartsWith("dynamics:", StringComparison.Ordinal));
        var order = sample.Order(HeldOrdersSample.HeldOrder);
        Assert.Equal(DataverseModel.Choices.CreditReleased, order["arc_creditstatus"]);
        Assert.StartsWith($"Released by {Cli} ({Reason}).", (string)order["arc_creditmessage"]!, StringComparison.Ordinal);
        Assert.Contains(sample.Notifications(HeldOrdersSample.HeldOrder), n => (string)n["title"]! == $"Order {HeldOrdersSample.HeldOrder} for Bluewater Plastics LLC is released");

        // The hold list now shows the release instead of the hold.
        using var list = JsonDocument.Parse((await sample.RunAsync(HeldOrdersSample.SyncedAt, "holds", "list", "--format", "json")).Output);
        Assert.DoesNotContain(Rows(list, "Customers on credit hold"), c => c.GetProperty("customer_id").GetString() == HeldOrdersSample.HeldCustomer);
        var release = Assert.Single(Rows(list, "Releases"), r => r.GetProperty("customer_id").GetString() == HeldOrdersSample.HeldCustomer);
        Assert.Equal((Cli, "2026-12-31", Reason), (release.GetProperty("by").GetString(), release.GetProperty("until").GetString(), release.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task ReleaseOrder_HeldSalesOrder_TheNextSyncMarksItReleasedAndNotifiesItsOwner()
    {
        const string Reason = "Prepaid by credit card";

        var result = await Release("--order", HeldOrdersSample.OtherHeldOrder, "--reason", Reason);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal($"Recorded: sales order {HeldOrdersSample.OtherHeldOrder} of C-1151 (Held) is released by {Cli}: {Reason}.", result.OutputLines[0]);
        var subject = "salesorder:" + HeldOrdersSample.OtherHeldOrder;
        Assert.Contains(await sample.AuditAsync(subject), e => e is { Action: "order-release.set", Before: "Held", After: "Released" } && e.Actor == Cli);
        // Every instance's order webhook lets the order pass now: the actions in force are published on the same figures.
        var published = await PublishedAsync();
        Assert.Contains(published.Snapshot.Actions.Overrides, o => o.OrderId == HeldOrdersSample.OtherHeldOrder && o.By == Cli && o.Reason == Reason);
        Assert.True(published.Info.FiguresVersion < published.Info.Version);

        SyncTestKit.Pushed(await sample.SyncAsync());

        var order = sample.Order(HeldOrdersSample.OtherHeldOrder);
        Assert.Equal(DataverseModel.Choices.CreditReleased, order["arc_creditstatus"]);
        var notice = Assert.Single(sample.Notifications(HeldOrdersSample.OtherHeldOrder), n => ((string)n["title"]!).EndsWith(" is released", StringComparison.Ordinal));
        Assert.Equal($"Order {HeldOrdersSample.OtherHeldOrder} for Kestrel Printing Corp. is released", notice["title"]);
        Assert.Equal(new RecordReference("systemuser", sample.Dataverse.Environment.UserId(HeldOrdersSample.SalesRep)), notice["ownerid"]);
        Assert.Contains(await sample.AuditAsync(subject), e => e.Action == "order.released" && e.Actor == Cli && e.Reason!.StartsWith(Reason, StringComparison.Ordinal));
        // One order released, not its customer: the account stays on hold.
        Assert.Equal(true, sample.Dataverse.Row("account", "accountnumber", HeldOrdersSample.OtherHeldCustomer)["creditonhold"]);
    }

    [Theory]
    [InlineData(2, "connector: holds release: say what to release: --customer ID or --order ID (one of them)", "--reason", "Paid")]
    [InlineData(2, "connector: holds release: say what to release: --customer ID or --order ID (one of them)", "--customer", "C-1151", "--order", "SO-DYN-1002", "--reason", "Paid")]
    [InlineData(2, "connector: holds release: --reason TEXT is required: a release without a reason is not honoured", "--customer", "C-1151")]
    [InlineData(2, "connector: holds release: --reason TEXT is required: a release without a reason is not honoured", "--customer", "C-1151", "--reason", "  ")]
    [InlineData(2, "holds release: --until 2026-11-19 is not after today (2026-11-20); the release would never be in force", "--customer", "C-1151", "--reason", "Paid", "--until", "2026-11-19")]
    [InlineData(2, "holds release: --until 2026-11-20 is not after today (2026-11-20); the release would never be in force", "--order", "SO-DYN-1002", "--reason", "Paid", "--until", "2026-11-20")]
    [InlineData(1, "holds release: customer 'C-9999' is not in the ledger (check the ERP customer number; 'connector holds list' shows the customers on hold)", "--customer", "C-9999", "--reason", "Paid")]
    [InlineData(1, "holds release: sales order 'SO-NONE' is not among the open orders the connector has checked (give its order number or Dataverse id; 'connector holds list' shows the held ones)", "--order", "SO-NONE", "--reason", "Paid")]
    public async Task Release_BadUsage_OneLineErrorAndTheDocumentedExitCodeNothingRecorded(int exitCode, string error, params string[] args)
    {
        var before = (await sample.AuditAsync("customer:C-1151")).Count + (await sample.AuditAsync("salesorder:SO-DYN-1002")).Count;

        var result = await Release(args);

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal([error], result.ErrorLines);
        Assert.Equal("", result.Output);
        Assert.Equal(before, (await sample.AuditAsync("customer:C-1151")).Count + (await sample.AuditAsync("salesorder:SO-DYN-1002")).Count);
    }

    private static IEnumerable<JsonElement> Rows(JsonDocument json, string section) =>
        json.RootElement.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("title").GetString() == section).GetProperty("rows").EnumerateArray();

    /// <summary>The newest credit snapshot version in the store and what an instance loads from it.</summary>
    private async Task<(CreditSnapshotVersionInfo Info, CreditSnapshot Snapshot)> PublishedAsync()
    {
        await using var store = await EmulatedDataverse.OpenStoreAsync(sample.Workspace);
        var info = await store.ReadNewestCreditSnapshotVersionAsync(CancellationToken.None);
        Assert.NotNull(info);
        return (info, (await CreditSnapshotSharing.ReadNewestAsync(store, CancellationToken.None))!);
    }

    private Task<CliResult> Release(params string[] args) => sample.RunAsync(HeldOrdersSample.SyncedAt, ["holds", "release", .. args]);
}
