using System.Text.Json.Nodes;
using Connector.Emulators.Dataverse;
using Connector.Emulators.Dataverse.Protection;
using Connector.Emulators.Dataverse.Records;
using Connector.Emulators.Dataverse.WebApi;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Emulators.Tests.Dataverse.WebApi;

/// <summary>
/// What the data plane hands the front door: records written or read per request (for execution cost) and the caller
/// it acts for. Driven through the dispatcher directly, as the front door is not part of this project yet.
/// </summary>
public sealed class WebApiDispatcherTests
{
    private static readonly Uri Root = new("http://127.0.0.1:1/api/data/v9.2/");

    [Fact]
    public void Dispatch_Query_ReportsRowsReturnedAsRecordsRead()
    {
        var (environment, dispatcher) = NewPlane();
        for (var i = 0; i < 3; i++)
        {
            environment.Create("account", new Dictionary<string, object?> { ["accountnumber"] = $"A-{i}" });
        }

        var cost = new ExecutionCostFeature();
        dispatcher.Dispatch(Request("GET", "accounts", "$select=name", null, cost));

        Assert.Equal((0, 3), (cost.Records, cost.RecordsRead));
    }

    [Fact]
    public void Dispatch_BulkMessage_ReportsEveryTarget()
    {
        var (_, dispatcher) = NewPlane();
        var cost = new ExecutionCostFeature();

        var response = dispatcher.Dispatch(Request("POST", "accounts/Microsoft.Dynamics.CRM.UpsertMultiple", string.Empty, """
            {"Targets":[{"@odata.type":"Microsoft.Dynamics.CRM.account","accountnumber":"A-1"},{"@odata.type":"Microsoft.Dynamics.CRM.account","accountnumber":"A-2"}]}
            """, cost));

        Assert.Equal(204, response.Status);
        Assert.Equal(2, cost.Records);
    }

    [Fact]
    public void Dispatch_CallerFromFrontDoor_IsWhoAmIAndOwnsWhatItCreates()
    {
        var (environment, dispatcher) = NewPlane();

        var whoAmI = JsonNode.Parse(dispatcher.Dispatch(Request("GET", "WhoAmI", string.Empty, null, null, caller: "app-connector")).Body!)!;
        var created = dispatcher.Dispatch(Request("POST", "accounts", string.Empty, """{"name":"x"}""", null, caller: "app-connector"));

        var user = environment.UserId("app-connector");
        Assert.Equal(user, Guid.Parse(whoAmI["UserId"]!.GetValue<string>()));
        Assert.NotEqual(environment.SystemUserId, user);
        var row = Assert.Single(environment.Records("account"));
        Assert.Equal(new RecordReference("systemuser", user), row["ownerid"]);
        Assert.Equal(204, created.Status);
    }

    private static (DataverseEnvironment, WebApiDispatcher) NewPlane()
    {
        var options = new DataverseEmulatorOptions { TimeProvider = new FakeTimeProvider(RunningEmulator.Start) };
        var environment = new DataverseEnvironment(options);
        environment.Import([RunningEmulator.AccountAdditions]);
        return (environment, new WebApiDispatcher(environment, new RequestObservation(options)));
    }

    private static ApiRequest Request(string method, string path, string query, string? body, ExecutionCostFeature? cost, string? caller = null) => new()
    {
        Method = method,
        Path = path,
        RawQuery = query,
        Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase),
        Body = body ?? string.Empty,
        ServiceRoot = Root,
        Cost = cost,
        Caller = caller,
    };
}
