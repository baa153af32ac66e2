using System.Text.Json;
using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests.Holds;

/// <summary>
/// <c>connector holds list</c> after <c>sync --once</c> on the sample company with a sales rep's orders for two held
/// customers: what an AR manager reads three days later.
/// </summary>
public sealed class HoldsListCommandTests(HeldOrdersSample sample) : IClassFixture<HeldOrdersSample>
{
    private static readonly DateTimeOffset ThreeDaysLater = HeldOrdersSample.SyncedAt.AddDays(3);

    [Fact]
    public async Task List_AfterSync_ShowsEachCustomerOnHoldWithReasonsAndDaysHeldAndTheHeldOrders()
    {
        var result = await sample.RunAsync(ThreeDaysLater, "holds", "list");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("", result.Error);
        Assert.Equal(["C-1230", "Bluewater Plastics LLC", "OVERDUE_AGE", "2026-11-20", "3", "1", "4,800.00"], Row(result, "C-1230"));
        Assert.Equal(["C-1003", "Crescent Office Supply Inc.", "OVER_LIMIT, BROKEN_PROMISE", "2026-11-20", "3", "1", "378.65"], Row(result, "C-1003"));
        var order = Row(result, HeldOrdersSample.HeldOrder);
        Assert.Equal([HeldOrdersSample.HeldOrder, "Dynamics", "C-1230", "4,800.00", "Held", "2026-11-20 09:00", "3"], order[..7]);
        Assert.StartsWith("Order blocked: Bluewater Plastics LLC is on credit hold — 1 invoice more than 60 days overdue (2,293.18 USD).", order[7], StringComparison.Ordinal);

        // Crescent's open order in the ERP, held as the ERP writeback told the ERP.
        var erp = Assert.Single(result.OutputLines.Select(l => l.Split('│')), c => c.Length > 8 && c[2].Trim() == "ERP" && c[3].Trim() == "C-1003");
        Assert.Equal(["378.65", "Held"], new[] { erp[4].Trim(), erp[5].Trim() });
        Assert.Contains(result.OutputLines, l => l.StartsWith($"{HeldAccounts().Count} customers on credit hold, 2 sales orders held in Dynamics and ", StringComparison.Ordinal) && l.EndsWith(" in the ERP, 0 releases recorded.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task List_FormatJson_ParsesWithExactlyTheCustomersDynamicsShowsOnHoldAndTheHeldOrders()
    {
        var result = await sample.RunAsync(ThreeDaysLater, "holds", "list", "--format", "json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var customers = Section(json, "Customers on credit hold");
        Assert.Equal(HeldAccounts().Order(StringComparer.Ordinal), customers.Select(c => c.GetProperty("customer_id").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(customers, c =>
        {
            Assert.NotEqual("", c.GetProperty("reasons").GetString());
            Assert.Equal(3, c.GetProperty("age_days").GetInt32());
        });
        Assert.Empty(Section(json, "Releases"));
        var orders = Section(json, "Sales orders held for credit").Where(static o => o.GetProperty("source").GetString() == "Dynamics").ToList();
        Assert.Equal([HeldOrdersSample.HeldOrder, HeldOrdersSample.OtherHeldOrder], orders.Select(o => o.GetProperty("order").GetString()!).Order(StringComparer.Ordinal));
        var erpOrders = Section(json, "Sales orders held for credit").Where(static o => o.GetProperty("source").GetString() == "ERP").ToList();
        Assert.NotEmpty(erpOrders);
        Assert.All(erpOrders, o => Assert.Contains(o.GetProperty("customer_id").GetString(), HeldAccounts()));
        Assert.All(orders, o =>
        {
            Assert.Equal("Held", o.GetProperty("status").GetString());
            Assert.Equal(sample.Order(o.GetProperty("order").GetString()!)["arc_creditmessage"], o.GetProperty("message").GetString());
        });
        Assert.Equal(1_250m, orders.Single(o => o.GetProperty("order").GetString() == HeldOrdersSample.OtherHeldOrder).GetProperty("amount").GetDecimal());
    }

    /// <summary>The account numbers Dynamics shows on credit hold.</summary>
    private List<string> HeldAccounts() =>
        [.. sample.Dataverse.Environment.Records("account").Where(a => Equals(a["creditonhold"], true)).Select(a => (string)a["accountnumber"]!)];

    /// <summary>The cells of the table row whose first cell is <paramref name="first"/>.</summary>
    private static string[] Row(CliResult result, string first) =>
        Assert.Single(
            result.OutputLines.Select(l => l.Split('│')).Where(c => c.Length > 2).Select(c => c[1..^1].Select(static v => v.Trim()).ToArray()),
            c => c[0] == first);

    private static List<JsonElement> Section(JsonDocument json, string title) =>
        [.. json.RootElement.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("title").GetString() == title).GetProperty("rows").EnumerateArray()];
}
