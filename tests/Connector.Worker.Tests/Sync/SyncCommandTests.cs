using System.Net;
using System.Net.Sockets;
using System.Text;
using Connector.Emulators.Dataverse;
using Connector.Emulators.Dataverse.Records;
using Connector.Sync.Ports;
using Connector.Worker.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Worker.Tests.Sync;

/// <summary>
/// <c>connector sync --once</c> end to end: the sample company's ERP export into the in-process Dataverse emulator
/// (solution imported) over loopback, what Dynamics then holds, what a second run sends, and what AR managers set in
/// Dynamics coming back as holds and releases.
/// </summary>
public sealed class SyncCommandTests
{
    // CUST_LEDGER_ENTRIES columns: 4 Document No., 5 Customer No., 11 Remaining Amount, 13 Open.
    private const string Ledger = "CUST_LEDGER_ENTRIES_20261116.csv";
    private const string Customers = "CUSTOMERS_20261116.csv";
    private const int DataverseStatusOpen = 472_000_000;
    private const int DataverseStatusPaid = 472_000_001;

    [Fact]
    public async Task SyncOnce_SampleCompany_PushesAccountsWithArColumnsItemsBoundToThemAndPaymentsThenNothingTheSecondTime()
    {
        await using var dataverse = await EmulatedDataverse.StartAsync();
        using var workspace = SyncTestKit.SampleWorkspace(dataverse);

        var first = SyncTestKit.Pushed(await SyncTestKit.SyncAsync(workspace));

        Assert.Equal((240, 240, 0), (first["account"].Changed, first["account"].Sent, first["account"].Refused));
        Assert.Equal((848, 848, 0), (first["arc_openitem"].Changed, first["arc_openitem"].Sent, first["arc_openitem"].Refused));
        Assert.Equal((2_983, 2_983, 0), (first["arc_payment"].Changed, first["arc_payment"].Sent, first["arc_payment"].Refused));
        Assert.Equal(SyncTestKit.SampleAccounts, dataverse.Environment.Count("account"));
        Assert.Equal(SyncTestKit.SampleOpenItems, dataverse.Environment.Count("arc_openitem"));
        Assert.Equal(SyncTestKit.SamplePayments, dataverse.Environment.Count("arc_payment"));

        // A held customer as a sales rep sees it: the flag, the sentence with the figure and the collector, the AR columns.
        var held = dataverse.Row("account", "accountnumber", "C-1230");
        Assert.Equal(true, held["creditonhold"]);
        Assert.Equal("Bluewater Plastics LLC is on credit hold — 1 invoice more than 60 days overdue (2,293.18 USD). Contact Ben Carter (Collections) to request a release.", held["arc_holdmessage"]);
        Assert.Equal("OVERDUE_AGE", held["arc_holdreasons"]);
        Assert.Equal("Ben Carter", held["arc_collectorname"]);
        Assert.Equal(140_000m, held["creditlimit"]);
        Assert.Equal(36_125.11m, held["arc_arbalance"]);
        Assert.Equal(2_293.18m, held["arc_exposure"]); // open AR less the 33,831.93 of unapplied cash
        Assert.Equal(140_000m - 2_293.18m, held["arc_availablecredit"]);
        Assert.Equal(23_531.93m, held["arc_aging_current"]);
        Assert.Equal(2_293.18m, held["arc_aging_61_90"]);
        Assert.Equal(36_125.11m, new[] { "arc_aging_current", "arc_aging_1_30", "arc_aging_31_60", "arc_aging_61_90", "arc_aging_91_120", "arc_aging_121_plus" }.Sum(c => (decimal)held[c]!));
        Assert.Equal(69, held["arc_oldestoverduedays"]);

        // Every open item and every payment with a customer points at that customer's account.
        AssertBoundToTheirCustomer(dataverse, "arc_openitem", "arc_documentnumber", ErpCustomers(Ledger, keyColumn: 4, customerColumn: 5));
        AssertBoundToTheirCustomer(dataverse, "arc_payment", "arc_paymentnumber", ErpCustomers("CASH_RECEIPTS_20261116.csv", keyColumn: 2, customerColumn: 3));

        var writes = ObserveWrites(dataverse);
        var second = SyncTestKit.Pushed(await SyncTestKit.SyncAsync(workspace));

        Assert.All(second.Values, row => Assert.Equal(new PushedRow(0, 0, 0, 0), row));
        Assert.Empty(writes);
    }

    [Fact]
    public async Task SyncOnce_OneInvoiceOpenAmountChangedInTheExport_SendsThatInvoiceAndItsAccountOnly()
    {
        await using var dataverse = await EmulatedDataverse.StartAsync();
        using var workspace = SyncTestKit.SampleWorkspace(dataverse);
        SyncTestKit.Pushed(await SyncTestKit.SyncAsync(workspace));
        var before = Versions(dataverse);
        Assert.Equal(9_081.65m, dataverse.Row("arc_openitem", "arc_documentnumber", "INV-003208")["arc_openamount"]);
        SyncTestKit.DropEdited(workspace, Ledger, "CUST_LEDGER_ENTRIES_20261117.csv", 4, "INV-003208", f => f[11] = "5.000,00");
        var writes = ObserveWrites(dataverse);

        var pushed = SyncTestKit.Pushed(await SyncTestKit.SyncAsync(workspace));

        Assert.Equal((1, 1), (pushed["account"].Changed, pushed["account"].Sent));
        Assert.Equal((1, 1), (pushed["arc_openitem"].Changed, pushed["arc_openitem"].Sent));
        Assert.Equal(new PushedRow(0, 0, 0, 0), pushed["arc_payment"]);
        Assert.Equal(new[] { "account C-1112", "arc_openitem INV-003208" }, Changed(before, Versions(dataverse)));
        Assert.Equal(new[] { "accounts", "arc_openitems" }, writes.Select(w => w.EntitySet!).Order(StringComparer.Ordinal));
        Assert.Equal(5_000m, dataverse.Row("arc_openitem", "arc_documentnumber", "INV-003208")["arc_openamount"]);
    }

    [Fact]
    public async Task SyncOnce_InvoicePaidInTheErp_BecomesPaidWithNothingOpenAndIsNotDeleted()
    {
        await using var dataverse = await EmulatedDataverse.StartAsync();
        using var workspace = SyncTestKit.SampleWorkspace(dataverse);
        SyncTestKit.Pushed(await SyncTestKit.SyncAsync(workspace));
        var open = dataverse.Row("arc_openitem", "arc_documentnumber", "INV-002952");
        Assert.Equal(DataverseStatusOpen, open["arc_status"]);
        SyncTestKit.DropEdited(workspace, Ledger, "CUST_LEDGER_ENTRIES_20261117.csv", 4, "INV-002952", f => (f[11], f[13]) = ("0,00", "No"));

        var pushed = SyncTestKit.Pushed(await SyncTestKit.SyncAsync(workspace));

        var paid = dataverse.Row("arc_openitem", "arc_documentnumber", "INV-002952");
        Assert.Equal(1, pushed["arc_openitem"].Sent);
        Assert.Equal(open["arc_openitemid"], paid["arc_openitemid"]);
        Assert.Equal(DataverseStatusPaid, paid["arc_status"]);
        Assert.Equal(0m, paid["arc_openamount"]);
        Assert.Equal(0, paid["arc_dayspastdue"]);
        Assert.Equal(9_349.61m, paid["arc_amount"]);
        Assert.Equal(SyncTestKit.SampleOpenItems, dataverse.Environment.Count("arc_openitem"));
    }

    [Fact]
    public async Task SyncOnce_ManualHoldSetInDynamicsOnAGoodCustomer_PutsTheAccountOnHoldAuditedWithTheDynamicsUser()
    {
        await using var dataverse = await EmulatedDataverse.StartAsync();
        using var workspace = SyncTestKit.SampleWorkspace(dataverse);
        SyncTestKit.Pushed(await SyncTestKit.SyncAsync(workspace));
        var good = dataverse.Environment.Records("account").First(r => Equals(r["creditonhold"], false));
        var customer = (string)good["accountnumber"]!;

        dataverse.Environment.Update("account", (Guid)good["accountid"]!, new Dictionary<string, object?> { ["arc_manualhold"] = true }, "Ana Manager");
        var result = await SyncTestKit.SyncAsync(workspace);

        Assert.Equal(1, SyncTestKit.Pushed(result)["account"].Sent);
        var account = dataverse.Row("account", "accountnumber", customer);
        Assert.Equal(true, account["creditonhold"]);
        Assert.Equal(true, account["arc_manualhold"]);
        Assert.Contains("MANUAL", (string)account["arc_holdreasons"]!, StringComparison.Ordinal);
        Assert.Contains(SyncTestKit.Notes(result), n => n.StartsWith("Read back from Dynamics: 1 manual holds or releases set", StringComparison.Ordinal));
        var audit = await AuditAsync(workspace, customer);
        Assert.Contains(audit, e => e is { Actor: "dynamics:Ana Manager", Action: "manual-hold.set", Before: "false", After: "true" });
        Assert.Contains(audit, e => e.Action == "hold.placed");
    }

    [Fact]
    public async Task SyncOnce_AccountDeletedInDynamics_IsCreatedAgainByTheNextRunAndAudited()
    {
        await using var dataverse = await EmulatedDataverse.StartAsync();
        using var workspace = SyncTestKit.SampleWorkspace(dataverse);
        SyncTestKit.Pushed(await SyncTestKit.SyncAsync(workspace));
        var deleted = dataverse.Row("account", "accountnumber", "C-1112");

        dataverse.Environment.Delete("account", (Guid)deleted["accountid"]!);
        var result = await SyncTestKit.SyncAsync(workspace);

        Assert.Equal(1, SyncTestKit.Pushed(result)["account"].Sent);
        Assert.Equal(SyncTestKit.SampleAccounts, dataverse.Environment.Count("account"));
        var again = dataverse.Row("account", "accountnumber", "C-1112");
        Assert.NotEqual(deleted["accountid"], again["accountid"]);
        Assert.Equal(deleted["arc_holdmessage"], again["arc_holdmessage"]);
        Assert.Contains(await AuditAsync(workspace, "C-1112"), e => e.Action == "account.deleted-in-dynamics");
    }

    [Fact]
    public async Task SyncOnce_AccountDeletedThroughTheWebApi_NextRunCreatesItAgainWithEveryOpenItemBoundToIt()
    {
        await using var dataverse = await EmulatedDataverse.StartAsync();
        using var workspace = SyncTestKit.SampleWorkspace(dataverse);
        SyncTestKit.Pushed(await SyncTestKit.SyncAsync(workspace));
        var before = dataverse.State();
        var children = OpenItemsOf(before, "C-1112");

        await DeleteAccountAsync(dataverse, "C-1112");
        var pushed = SyncTestKit.Pushed(await SyncTestKit.SyncAsync(workspace));

        Assert.Equal((1, children), (pushed["account"].Sent, pushed["arc_openitem"].Sent));
        var after = dataverse.State();
        Assert.Equal(before["account"]["C-1112"], after["account"]["C-1112"]);
        Assert.Equal(children, OpenItemsOf(after, "C-1112"));
        Assert.DoesNotContain(after.Values.SelectMany(t => t.Values), r => r.Contains("missing ", StringComparison.Ordinal));
        Assert.All(SyncTestKit.Pushed(await SyncTestKit.SyncAsync(workspace)).Values, row => Assert.Equal(0, row.Sent));
    }

    [Fact]
    public async Task SyncOnce_AccountLostUnseenThenAChildChanged_ChildRefused404WarnsAndAuditsThenTheNextRunCreatesTheAccountAndItsChildren()
    {
        await using var dataverse = await EmulatedDataverse.StartAsync();
        using var workspace = SyncTestKit.SampleWorkspace(dataverse);
        SyncTestKit.Pushed(await SyncTestKit.SyncAsync(workspace));
        var before = dataverse.State();
        var children = OpenItemsOf(before, "C-1112");
        Assert.True(children > 1);

        // The account goes without change tracking telling: as after a restore from an older backup, the stored delta
        // link no longer works (tokens expire after 7 days) and a full read cannot show what is missing.
        await DeleteAccountAsync(dataverse, "C-1112");
        ((FakeTimeProvider)dataverse.Options.TimeProvider).Advance(TimeSpan.FromDays(8));

        // Then the ERP changes only the PO number of one of its invoices: the account's own columns are unchanged.
        SyncTestKit.DropEdited(workspace, Ledger, "CUST_LEDGER_ENTRIES_20261117.csv", 4, "INV-003208", f => f[8] = "PO-4711");
        var refusedRun = await SyncTestKit.SyncAsync(workspace);
        var refused = SyncTestKit.Pushed(refusedRun);

        Assert.Equal((0, 0, 0), (refused["account"].Sent, refused["arc_openitem"].Sent, refused["arc_openitem"].Refused));
        var warning = Assert.Single(SyncTestKit.Notes(refusedRun), n => n.StartsWith("Warning: Dataverse no longer has 1 account row(s) we had pushed (arc_openitem answered 404 0x80060891 for 1 record(s)", StringComparison.Ordinal));
        Assert.Contains($"then their {children} arc_openitem", warning, StringComparison.Ordinal);
        var audit = Assert.Single(await AuditAsync(workspace, "C-1112"), e => e.Action == "account.missing-in-dataverse");
        Assert.Equal(("in Dataverse", "missing"), (audit.Before, audit.After));

        var recreated = SyncTestKit.Pushed(await SyncTestKit.SyncAsync(workspace));

        Assert.Equal((1, children), (recreated["account"].Sent, recreated["arc_openitem"].Sent));
        var after = dataverse.State();
        Assert.Equal(before["account"]["C-1112"], after["account"]["C-1112"]);
        Assert.Equal(children, OpenItemsOf(after, "C-1112"));
        Assert.Contains("arc_ponumber=PO-4711", after["arc_openitem"]["INV-003208"], StringComparison.Ordinal);
        Assert.DoesNotContain(after.Values.SelectMany(t => t.Values), r => r.Contains("missing ", StringComparison.Ordinal));
        Assert.Contains("No records refused by Dataverse", (await workspace.RunAsync("push", "failures")).Output, StringComparison.Ordinal);
        Assert.All(SyncTestKit.Pushed(await SyncTestKit.SyncAsync(workspace)).Values, row => Assert.Equal(0, row.Sent));
    }

    [Fact]
    public async Task SyncOnce_ManualHoldSetInTheEveningWestOfUtc_IsInForceInThatEveningsRun()
    {
        // 8:30 pm on the 20th in a UTC-5 office is 01:30 UTC on the 21st, the modifiedon Dataverse answers with.
        await using var dataverse = await EmulatedDataverse.StartAsync(new DateTimeOffset(2026, 11, 21, 1, 30, 0, TimeSpan.Zero));
        using var workspace = SyncTestKit.SampleWorkspace(dataverse);
        var host = new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 1, 45, 0, TimeSpan.Zero));
        host.SetLocalTimeZone(TimeZoneInfo.CreateCustomTimeZone("UTC-05", TimeSpan.FromHours(-5), "UTC-05", "UTC-05"));
        Task<CliResult> SyncTonightAsync() => // no --as-of: the host's local today, the 20th
            InProcess.RunAsync(services => services.AddSingleton<TimeProvider>(host), "sync", "--once", "--format", "json", "--config", workspace.ConfigFile);
        SyncTestKit.Pushed(await SyncTonightAsync());
        var good = dataverse.Environment.Records("account").First(r => Equals(r["creditonhold"], false));

        dataverse.Environment.Update("account", (Guid)good["accountid"]!, new Dictionary<string, object?> { ["arc_manualhold"] = true }, "Ana Manager");
        var result = await SyncTonightAsync();

        Assert.Equal(1, SyncTestKit.Pushed(result)["account"].Sent);
        Assert.Equal(true, dataverse.Row("account", "accountnumber", (string)good["accountnumber"]!)["creditonhold"]);
    }

    [Fact]
    public async Task SyncOnce_ReleaseWithReasonSetInDynamicsOnAHeldCustomer_ReleasesItAuditedWithTheUserAndTheReason()
    {
        await using var dataverse = await EmulatedDataverse.StartAsync();
        using var workspace = SyncTestKit.SampleWorkspace(dataverse);
        SyncTestKit.Pushed(await SyncTestKit.SyncAsync(workspace));
        var held = dataverse.Row("account", "accountnumber", "C-1230");
        Assert.Equal(true, held["creditonhold"]);
        const string Reason = "Wire for INV-005657 confirmed by the bank";

        dataverse.Environment.Update("account", (Guid)held["accountid"]!, new Dictionary<string, object?>
        {
            ["arc_holdreleaseuntil"] = new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero),
            ["arc_holdreleasereason"] = Reason,
        }, "Ana Manager");
        var result = await SyncTestKit.SyncAsync(workspace);

        Assert.Equal(1, SyncTestKit.Pushed(result)["account"].Sent);
        var account = dataverse.Row("account", "accountnumber", "C-1230");
        Assert.Equal(false, account["creditonhold"]);
        Assert.Null(account["arc_holdmessage"]);
        var audit = await AuditAsync(workspace, "C-1230");
        Assert.Contains(audit, e => e is { Actor: "dynamics:Ana Manager", Action: "hold-release.set", After: "until 2026-12-31: " + Reason, Reason: Reason });
        Assert.Contains(audit, e => e.Action == "hold.released-by-person" && e.Actor == "dynamics:Ana Manager");
    }

    [Fact]
    public async Task SyncOnce_ReleaseWithoutReasonSetInDynamics_IsNotHonouredAndTheAuditSaysSo()
    {
        await using var dataverse = await EmulatedDataverse.StartAsync();
        using var workspace = SyncTestKit.SampleWorkspace(dataverse);
        SyncTestKit.Pushed(await SyncTestKit.SyncAsync(workspace));
        var held = dataverse.Row("account", "accountnumber", "C-1230");

        dataverse.Environment.Update("account", (Guid)held["accountid"]!, new Dictionary<string, object?>
        {
            ["arc_holdreleaseuntil"] = new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero),
        }, "Ana Manager");
        var result = await SyncTestKit.SyncAsync(workspace);

        Assert.Equal(0, SyncTestKit.Pushed(result)["account"].Sent);
        Assert.Equal(true, dataverse.Row("account", "accountnumber", "C-1230")["creditonhold"]);
        var audit = await AuditAsync(workspace, "C-1230");
        var release = Assert.Single(audit, e => e.Action == "hold-release.set");
        Assert.Equal("dynamics:Ana Manager", release.Actor);
        Assert.Equal("no reason given: the release is not honoured until one is", release.Reason);
        Assert.DoesNotContain(audit, e => e.Action.StartsWith("hold.released", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SyncOnce_AccountDataverseRefuses_IsQuarantinedWithItsReasonNeighboursLandAndAfterAFixAndRetryItLands()
    {
        await using var dataverse = await EmulatedDataverse.StartAsync();
        using var workspace = new Workspace();
        workspace.DropSampleExport();
        workspace.UseDataverse(dataverse.Url);
        var longName = "Cedar Printing Inc. " + new string('x', 150);
        File.Delete(Path.Combine(workspace.DropFolder, Customers));
        SyncTestKit.DropEdited(workspace, Customers, Customers, 0, "C-1112", f => f[1] = longName);

        var refusedRun = await SyncTestKit.SyncAsync(workspace);

        var refused = SyncTestKit.Pushed(refusedRun);

        Assert.Equal(new PushedRow(240, 239, 1, refused["account"].Requests), refused["account"]);
        Assert.Equal(SyncTestKit.SampleAccounts - 1, dataverse.Environment.Count("account"));
        Assert.DoesNotContain(dataverse.Environment.Records("account"), r => Equals(r["accountnumber"], "C-1112"));
        Assert.InRange(dataverse.Environment.Count("arc_openitem"), 1, SyncTestKit.SampleOpenItems - 1); // C-1112's wait for their account
        Assert.Contains(SyncTestKit.Notes(refusedRun), n => n.Contains("wait for their account to reach Dataverse", StringComparison.Ordinal));
        Assert.Contains(SyncTestKit.Notes(refusedRun), n => n.StartsWith("1 records were refused by Dataverse", StringComparison.Ordinal));
        var failures = await workspace.RunAsync("push", "failures", "--format", "csv");
        Assert.Equal(0, failures.ExitCode);
        var failure = Assert.Single(Csv.Records(Csv.Sections(failures.Output)[0]));
        Assert.Equal(("account", "C-1112"), (failure["table"], failure["key"]));
        Assert.Contains("refused by Dataverse: 400 0x80044331", failure["reason"], StringComparison.Ordinal);
        Assert.Contains("The length of the 'name' attribute of the 'account' entity exceeded the maximum allowed length of '160'", failure["reason"], StringComparison.Ordinal);

        SyncTestKit.DropEdited(workspace, Customers, "CUSTOMERS_20261117.csv", 0, "C-1112", _ => { });
        Assert.Equal(0, (await workspace.RunAsync("push", "retry")).ExitCode);
        var fixedRun = SyncTestKit.Pushed(await SyncTestKit.SyncAsync(workspace));

        Assert.Equal((1, 0), (fixedRun["account"].Sent, fixedRun["account"].Refused));
        Assert.Equal("Cedar Printing Inc.", dataverse.Row("account", "accountnumber", "C-1112")["name"]);
        Assert.Equal(SyncTestKit.SampleAccounts, dataverse.Environment.Count("account"));
        Assert.Equal(SyncTestKit.SampleOpenItems, dataverse.Environment.Count("arc_openitem"));
        Assert.Equal(SyncTestKit.SamplePayments, dataverse.Environment.Count("arc_payment"));
        Assert.Contains("No records refused by Dataverse", (await workspace.RunAsync("push", "failures")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncOnce_EnvironmentWithoutTheSolution_ExitsOnePointingAtDataverseCheck()
    {
        await using var dataverse = await EmulatedDataverse.StartAsync();
        await using var bare = await DataverseEmulator.StartAsync(new DataverseEmulatorOptions(), CancellationToken.None);
        using var workspace = SyncTestKit.SampleWorkspace(dataverse);
        workspace.UseDataverse(bare.BaseAddress, maxRetries: 0);

        var result = await SyncTestKit.SyncAsync(workspace);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("Could not find a property named 'arc_manualhold' on type 'Microsoft.Dynamics.CRM.account'", line, StringComparison.Ordinal);
        Assert.EndsWith("'connector dataverse check' tells what the environment lacks", line, StringComparison.Ordinal);
        Assert.Equal(0, bare.Environment.Count("account"));
    }

    [Fact]
    public async Task SyncOnce_DataverseUnreachable_ExitsOneWithOneLineAndTheNextRunSendsEverything()
    {
        await using var dataverse = await EmulatedDataverse.StartAsync();
        using var workspace = SyncTestKit.SampleWorkspace(dataverse);
        workspace.UseDataverse(new Uri($"http://127.0.0.1:{ClosedPort()}/"), maxRetries: 0);

        var unreachable = await SyncTestKit.SyncAsync(workspace);

        Assert.Equal(1, unreachable.ExitCode);
        var line = Assert.Single(unreachable.ErrorLines);
        Assert.StartsWith("sync ", line, StringComparison.Ordinal);
        Assert.Contains("Dataverse did not answer GET /api/data/v9.2/", line, StringComparison.Ordinal);
        Assert.DoesNotContain("sign-in", line, StringComparison.Ordinal);
        Assert.Equal(0L, dataverse.Environment.Requests.Total);

        workspace.UseDataverse(dataverse.Url);
        var pushed = SyncTestKit.Pushed(await SyncTestKit.SyncAsync(workspace));

        Assert.Equal((240, 848, 2_983), (pushed["account"].Sent, pushed["arc_openitem"].Sent, pushed["arc_payment"].Sent));
        Assert.Equal(SyncTestKit.SampleAccounts, dataverse.Environment.Count("account"));
        Assert.Equal(SyncTestKit.SampleOpenItems, dataverse.Environment.Count("arc_openitem"));
        Assert.Equal(SyncTestKit.SamplePayments, dataverse.Environment.Count("arc_payment"));
    }

    [Fact]
    public async Task SyncOnce_SignInAuthorityDown_OneLineNamingTheAuthorityHostAndWhatToCheckNotDataverse()
    {
        await using var dataverse = await EmulatedDataverse.StartAsync();
        using var workspace = new Workspace();
        workspace.DropSampleExport();
        var port = ClosedPort();
        workspace.UseSection("Dataverse", new
        {
            Url = dataverse.Url.ToString(),
            TenantId = "11111111-1111-1111-1111-111111111111",
            ClientId = "22222222-2222-2222-2222-222222222222",
            ClientSecret = "s3cr3t-value",
            Authority = $"https://127.0.0.1:{port}/tenant",
            MaxRetries = 0,
        });

        var result = await SyncTestKit.SyncAsync(workspace);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains($"the sign-in authority 127.0.0.1:{port} (https://127.0.0.1:{port}/tenant) did not answer", line, StringComparison.Ordinal);
        Assert.Contains("check that this machine reaches it", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Dataverse did not answer", line, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", result.Error, StringComparison.Ordinal);
        Assert.Equal(0L, dataverse.Environment.Requests.Total);
    }

    /// <summary>Every write request (not a GET) the emulator receives from now on.</summary>
    private static List<ObservedRequest> ObserveWrites(EmulatedDataverse dataverse)
    {
        var writes = new List<ObservedRequest>();
        dataverse.Options.Observer = request =>
        {
            if (request.Phase == RequestPhase.Received && request.Method != "GET")
            {
                lock (writes)
                {
                    writes.Add(request);
                }
            }
        };
        return writes;
    }

    /// <summary>versionnumber of every pushed row, by "table key".</summary>
    private static Dictionary<string, long> Versions(EmulatedDataverse dataverse) =>
        EmulatedDataverse.PushedTables
            .SelectMany(t => dataverse.Environment.Records(t.Table).Select(r => (Name: t.Table + " " + r[t.Key], Version: (long)r["versionnumber"]!)))
            .ToDictionary(r => r.Name, r => r.Version, StringComparer.Ordinal);

    private static List<string> Changed(Dictionary<string, long> before, Dictionary<string, long> after) =>
        [.. after.Where(a => !before.TryGetValue(a.Key, out var version) || version != a.Value).Select(a => a.Key).Order(StringComparer.Ordinal)];

    /// <summary>Document number → customer number, as the ERP export says.</summary>
    private static Dictionary<string, string> ErpCustomers(string file, int keyColumn, int customerColumn)
    {
        var customers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var fields in File.ReadAllLines(Path.Combine(Workspace.SampleExport, file), Encoding.UTF8).Skip(1).Select(l => l.Split(';')))
        {
            if (fields[customerColumn].Length > 0)
            {
                customers[fields[keyColumn]] = fields[customerColumn];
            }
        }

        return customers;
    }

    private static void AssertBoundToTheirCustomer(EmulatedDataverse dataverse, string table, string keyColumn, Dictionary<string, string> customers)
    {
        foreach (var row in dataverse.Environment.Records(table))
        {
            var key = (string)row[keyColumn]!;
            if (customers.TryGetValue(key, out var customer))
            {
                var account = Assert.IsType<RecordReference>(row.GetValueOrDefault("arc_accountid"));
                Assert.Equal(customer, dataverse.Environment.Record("account", account.Id)?["accountnumber"]);
            }
            else
            {
                Assert.Null(row.GetValueOrDefault("arc_accountid"));
            }
        }
    }

    private static async Task<IReadOnlyList<AuditEvent>> AuditAsync(Workspace workspace, string customer)
    {
        await using var store = await EmulatedDataverse.OpenStoreAsync(workspace);
        return [.. (await store.ReadAuditAsync("customer:" + customer, 1000, CancellationToken.None)).Select(e => e.Event)];
    }

    /// <summary>Open items in Dataverse bound to the account of <paramref name="customer"/>.</summary>
    private static int OpenItemsOf(Dictionary<string, Dictionary<string, string>> state, string customer) =>
        state["arc_openitem"].Count(r => r.Value.Contains($"arc_accountid=account:{customer}|", StringComparison.Ordinal));

    /// <summary>A person deletes an account through the Web API (DELETE by alternate key).</summary>
    private static async Task DeleteAccountAsync(EmulatedDataverse dataverse, string customer)
    {
        using var http = new HttpClient();
        using var delete = new HttpRequestMessage(HttpMethod.Delete, new Uri(dataverse.Emulator.ApiUrl, $"accounts(accountnumber='{customer}')"));
        delete.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "a-person-in-dynamics");
        using var response = await http.SendAsync(delete);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    /// <summary>A loopback port nothing listens on.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
