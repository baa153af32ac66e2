using Connector.Worker.Tests.Support;
using Connector.Worker.Tests.Sync;

namespace Connector.Worker.Tests.DataverseAdmin;

/// <summary><c>connector dataverse check --deep</c>: the rows we pushed beside the rows Dataverse holds, after the sample company's sync.</summary>
public sealed class DataverseDeepCheckTests
{
    [Fact]
    public async Task CheckDeep_AccountDeletedAndOneMadeInDynamics_ReportsOneMissingAndOneExtraAccountByKeyAndExitsOne()
    {
        await using var dataverse = await EmulatedDataverse.StartAsync();
        using var workspace = SyncTestKit.SampleWorkspace(dataverse);
        SyncTestKit.Pushed(await SyncTestKit.SyncAsync(workspace));
        var clean = await workspace.RunAsync("dataverse", "check", "--deep", "--format", "csv");
        dataverse.Environment.Delete("account", (Guid)dataverse.Row("account", "accountnumber", "C-1112")["accountid"]!);
        dataverse.Environment.Create("account", new Dictionary<string, object?> { ["name"] = "Walk-in customer", ["accountnumber"] = "WALK-IN" });
        dataverse.Environment.Create("account", new Dictionary<string, object?> { ["name"] = "No number" });

        var result = await workspace.RunAsync("dataverse", "check", "--deep", "--format", "csv");

        Assert.Equal(0, clean.ExitCode);
        Assert.Equal(
            ["account,240,240,0,0,0", "arc_openitem,848,848,0,0,0", "arc_payment,2983,2983,0,0,0"],
            Csv.Records(Csv.Sections(clean.Output)[1]).Select(Line));
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            ["account,240,240,1,1,1", "arc_openitem,848,848,0,0,0", "arc_payment,2983,2983,0,0,0"],
            Csv.Records(Csv.Sections(result.Output)[1]).Select(Line));
    }

    [Fact]
    public async Task CheckDeep_MissingAccount_NamesItsKeyInTheNotes()
    {
        await using var dataverse = await EmulatedDataverse.StartAsync();
        using var workspace = SyncTestKit.SampleWorkspace(dataverse);
        SyncTestKit.Pushed(await SyncTestKit.SyncAsync(workspace));
        dataverse.Environment.Delete("account", (Guid)dataverse.Row("account", "accountnumber", "C-1112")["accountid"]!);

        var result = await workspace.RunAsync("dataverse", "check", "--deep");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("account: 1 row(s) we pushed are missing in Dataverse (deleted, or lost with a restore): C-1112.", result.Output, StringComparison.Ordinal);
    }

    private static string Line(Dictionary<string, string> r) =>
        string.Join(',', r["table"], r["pushed"], r["in_dataverse"], r["missing"], r["extra"], r["without_key"]);
}
