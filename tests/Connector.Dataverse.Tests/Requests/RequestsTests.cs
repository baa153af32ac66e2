using System.Text.Json;
using Connector.Dataverse.Requests;
using Connector.Dataverse.Tests.Support;

namespace Connector.Dataverse.Tests.Requests;

/// <summary>The typed requests on the wire (real HTTP against a scripted loopback server).</summary>
public sealed class RequestsTests
{
    private const string EntityId = "https://x/api/data/v9.2/accounts(0a000000-0000-0000-0000-00000000000a)";

    [Theory]
    [InlineData(UpsertMode.Upsert, null, null)]
    [InlineData(UpsertMode.UpdateOnly, "*", null)]
    [InlineData(UpsertMode.CreateOnly, null, "*")]
    public async Task UpsertRecordRequest_Mode_SteersWithConditionalHeaders(UpsertMode mode, string? ifMatch, string? ifNoneMatch)
    {
        await using var server = await ScriptedServer.StartAsync(_ => ScriptedResponse.NoContent(("OData-EntityId", EntityId)));
        await using var host = DataverseTestHost.Create(server.Url);

        var written = await host.Client.SendAsync(new UpsertRecordRequest("accounts", "accountnumber", "C-1", """{"name":"Fabrikam"}""", mode), CancellationToken.None);

        var request = Assert.Single(server.Requests);
        Assert.Equal(("PATCH", "/api/data/v9.2/accounts(accountnumber='C-1')", """{"name":"Fabrikam"}"""), (request.Method, request.PathAndQuery, request.Body));
        Assert.Equal((ifMatch, ifNoneMatch), (request.Header("If-Match"), request.Header("If-None-Match")));
        Assert.Equal((Guid.Parse("0a000000-0000-0000-0000-00000000000a"), (bool?)null), (written.Id, written.Created));
    }

    [Theory]
    [InlineData(201, true)]
    [InlineData(200, false)]
    public async Task UpsertRecordRequest_ReturnRepresentation_TellsCreatedFromUpdated(int status, bool created)
    {
        await using var server = await ScriptedServer.StartAsync(_ => new ScriptedResponse(status, """{"accountid":"0a000000-0000-0000-0000-00000000000a"}""", Headers: new Dictionary<string, string> { ["OData-EntityId"] = EntityId }));
        await using var host = DataverseTestHost.Create(server.Url);

        var written = await host.Client.SendAsync(new UpsertRecordRequest("accounts", "accountnumber", "C-1", "{}", returnRepresentation: true, select: "accountid"), CancellationToken.None);

        Assert.Equal(created, written.Created);
        Assert.Equal("0a000000-0000-0000-0000-00000000000a", written.Record!.Value.GetProperty("accountid").GetString());
        Assert.Equal(("return=representation", "/api/data/v9.2/accounts(accountnumber='C-1')?$select=accountid"), (server.Requests[0].Header("Prefer"), server.Requests[0].PathAndQuery));
    }

    [Fact]
    public async Task CreateRecordRequest_NoContent_ReadsTheIdFromODataEntityId()
    {
        await using var server = await ScriptedServer.StartAsync(_ => ScriptedResponse.NoContent(("OData-EntityId", EntityId)));
        await using var host = DataverseTestHost.Create(server.Url);

        var written = await host.Client.SendAsync(new CreateRecordRequest("accounts", """{"name":"Fabrikam"}"""), CancellationToken.None);

        Assert.Equal(Guid.Parse("0a000000-0000-0000-0000-00000000000a"), written.Id);
        Assert.Equal(("POST", "application/json; charset=utf-8"), (server.Requests[0].Method, server.Requests[0].Header("Content-Type")));
    }

    [Fact]
    public async Task RetrieveMultipleRequest_NextLink_IsFollowedUnchangedWithTheSamePageSize()
    {
        Uri? baseUrl = null;
        await using var server = await ScriptedServer.StartAsync(request => request.Number == 1
            ? ScriptedResponse.Json($$"""{"value":[{"accountnumber":"C-1"}],"@odata.nextLink":"{{baseUrl}}api/data/v9.2/accounts?$select=accountnumber&$skiptoken=%253Ccookie%2520page%253D%25222%2522%253E"}""")
            : ScriptedResponse.Json("""{"value":[{"accountnumber":"C-2"}]}"""));
        baseUrl = server.Url;
        await using var host = DataverseTestHost.Create(server.Url);

        var first = await host.Client.SendAsync(new RetrieveMultipleRequest("accounts", ["accountnumber"], "creditonhold eq true", maxPageSize: 1), CancellationToken.None);
        var second = await host.Client.SendAsync(RetrieveMultipleRequest.NextPage(first.NextLink!, maxPageSize: 1), CancellationToken.None);

        Assert.Equal(["C-1", "C-2"], first.Records.Concat(second.Records).Select(r => r.GetProperty("accountnumber").GetString()));
        Assert.Null(second.NextLink);
        Assert.Equal("/api/data/v9.2/accounts?$select=accountnumber&$filter=creditonhold%20eq%20true", server.Requests[0].PathAndQuery);
        Assert.Equal("/api/data/v9.2/accounts?$select=accountnumber&$skiptoken=%253Ccookie%2520page%253D%25222%2522%253E", server.Requests[1].PathAndQuery);
        Assert.All(server.Requests, r => Assert.Equal("odata.maxpagesize=1", r.Header("Prefer")));
    }

    [Fact]
    public async Task RetrieveEntityDefinitionRequest_Metadata_ReadsSetNameTrackingColumnsAndKeys()
    {
        await using var server = await ScriptedServer.StartAsync(_ => ScriptedResponse.Json("""
            {"LogicalName":"account","EntitySetName":"accounts","PrimaryIdAttribute":"accountid","ChangeTrackingEnabled":true,
             "Attributes":[{"LogicalName":"accountnumber","AttributeType":"String"},{"LogicalName":"arc_arbalance","AttributeType":"Money"}],
             "Keys":[{"SchemaName":"arc_accountnumber_key","KeyAttributes":["accountnumber"],"EntityKeyIndexStatus":"Active"}]}
            """));
        await using var host = DataverseTestHost.Create(server.Url);

        var definition = await host.Client.SendAsync(new RetrieveEntityDefinitionRequest("account"), CancellationToken.None);

        Assert.Equal(("accounts", "accountid", true), (definition.EntitySetName, definition.PrimaryIdAttribute, definition.ChangeTrackingEnabled));
        Assert.Equal([new EntityColumn("accountnumber", "String"), new EntityColumn("arc_arbalance", "Money")], definition.Columns);
        var key = Assert.Single(definition.Keys);
        Assert.Equal(("arc_accountnumber_key", "accountnumber", "Active"), (key.SchemaName, Assert.Single(key.KeyAttributes), key.IndexStatus));
        Assert.Equal(
            "/api/data/v9.2/EntityDefinitions(LogicalName='account')?$select=LogicalName,EntitySetName,PrimaryIdAttribute,ChangeTrackingEnabled&$expand=Attributes($select=LogicalName,AttributeType),Keys($select=SchemaName,KeyAttributes,EntityKeyIndexStatus)",
            Uri.UnescapeDataString(server.Requests[0].PathAndQuery));
    }

    [Fact]
    public async Task ImportSolutionRequest_Zip_IsSentAsBase64CustomizationFile()
    {
        await using var server = await ScriptedServer.StartAsync(_ => ScriptedResponse.NoContent());
        await using var host = DataverseTestHost.Create(server.Url);
        byte[] zip = [0x50, 0x4B, 0x03, 0x04, 0xFF];
        var jobId = Guid.Parse("1c000000-0000-0000-0000-000000000001");

        var returned = await host.Client.SendAsync(new ImportSolutionRequest(zip, importJobId: jobId), CancellationToken.None);

        using var body = JsonDocument.Parse(server.Requests[0].Body);
        Assert.Equal(jobId, returned);
        Assert.Equal(("POST", "/api/data/v9.2/ImportSolution"), (server.Requests[0].Method, server.Requests[0].PathAndQuery));
        Assert.Equal(zip, body.RootElement.GetProperty("CustomizationFile").GetBytesFromBase64());
        Assert.Equal(jobId, body.RootElement.GetProperty("ImportJobId").GetGuid());
    }
}
