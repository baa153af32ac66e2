using System.Text;
using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests.Sync;

/// <summary>
/// <c>connector sync --once</c> on the sample company writes the ERP writeback next to its drop folder: each customer's
/// hold flag as Dynamics shows it, and each open ERP order held when its customer is; a second run writes nothing.
/// </summary>
public sealed class SyncCommandErpWritebackTests
{
    [Fact]
    public async Task SyncOnce_SampleCompany_WritebackFilesCarryTheHeldCustomersAndTheirErpOrdersHeldThenNothingTheSecondTime()
    {
        await using var dataverse = await EmulatedDataverse.StartAsync();
        using var workspace = SyncTestKit.SampleWorkspace(dataverse);

        var first = await SyncTestKit.SyncAsync(workspace);

        SyncTestKit.Pushed(first);
        var folder = Path.Combine(workspace.DropFolder, "writeback");
        var holdFile = Assert.Single(Directory.GetFiles(folder, "credit-holds-*.csv"));
        var orderFile = Assert.Single(Directory.GetFiles(folder, "order-credit-*.csv"));
        Assert.Equal(Path.GetFileName(holdFile)["credit-holds-".Length..], Path.GetFileName(orderFile)["order-credit-".Length..]);
        var holds = Rows(holdFile, "customer_id,on_hold,hold_codes,hold_message,as_of");
        var orders = Rows(orderFile, "order_id,customer_id,decision,reason_codes,message,currency,order_amount,exposure,credit_limit,available_credit,as_of");

        // The ERP is told exactly the holds Dynamics shows, with the same codes and sentence.
        var accounts = dataverse.Environment.Records("account").ToDictionary(a => (string)a["accountnumber"]!, StringComparer.Ordinal);
        Assert.Equal(SyncTestKit.SampleAccounts, holds.Count);
        Assert.All(holds, h =>
        {
            var account = accounts[h[0]];
            Assert.Equal((bool)account["creditonhold"]! ? "1" : "0", h[1]);
            Assert.Equal((string?)account["arc_holdreasons"] ?? "", h[2]);
            Assert.Equal((string?)account["arc_holdmessage"] ?? "", h[3]);
            Assert.Equal(SyncTestKit.AsOf, h[4]);
        });
        var held = holds.Where(h => h[1] == "1").Select(h => h[0]).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("C-1230", held);

        // Every open ERP order (SO-…) is decided; those of held customers are Held with the sales rep's sentence.
        Assert.NotEmpty(orders);
        Assert.All(orders, o => Assert.StartsWith("SO-", o[0], StringComparison.Ordinal));
        Assert.All(orders, o => Assert.Equal(held.Contains(o[1]) ? "Held" : "Approved", o[2]));
        var heldOrder = orders.First(o => o[2] == "Held");
        Assert.StartsWith("ON_HOLD;", heldOrder[3], StringComparison.Ordinal);
        Assert.StartsWith($"Order blocked: {accounts[heldOrder[1]]["name"]} is on credit hold — ", heldOrder[4], StringComparison.Ordinal);
        Assert.Contains(SyncTestKit.Notes(first), n => n == $"ERP writeback: {holds.Count} hold rows, {orders.Count} order rows → {holdFile}, {orderFile}");

        var second = await SyncTestKit.SyncAsync(workspace);

        Assert.Contains(SyncTestKit.Notes(second), n => n == $"ERP writeback: nothing changed since the last writeback ({folder}).");
        Assert.Equal(2, Directory.GetFiles(folder).Length);
    }

    /// <summary>The data rows of a writeback file, after checking its header.</summary>
    private static List<string[]> Rows(string file, string header)
    {
        var rows = Csv.Sections(File.ReadAllText(file, Encoding.UTF8).Replace("\r\n", "\n", StringComparison.Ordinal)).Single();
        Assert.Equal(header, string.Join(',', rows[0]));
        return rows.Skip(1).ToList();
    }
}
