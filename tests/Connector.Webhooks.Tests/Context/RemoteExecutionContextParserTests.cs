using System.Text;
using Connector.Webhooks.Context;

namespace Connector.Webhooks.Tests.Context;

public sealed class RemoteExecutionContextParserTests
{
    private static RemoteExecutionContext Parse(string json, bool truncated = false) =>
        RemoteExecutionContextParser.Parse(Encoding.UTF8.GetBytes(json), truncated);

    private static string Fixture() =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "salesorder-create-prevalidation.json"));

    [Fact]
    public void Parse_DocumentedSynchronousCreate_ReadsTheOperationAndItsUsers()
    {
        var context = Parse(Fixture());

        Assert.Equal("Create", context.MessageName);
        Assert.Equal(10, context.Stage);
        Assert.Equal(0, context.Mode);
        Assert.Equal("salesorder", context.PrimaryEntityName);
        Assert.Equal(Guid.Empty, context.PrimaryEntityId);
        Assert.Equal(Guid.Parse("11111111-2222-3333-4444-555555555555"), context.InitiatingUserId);
        Assert.Equal(Guid.Parse("11111111-2222-3333-4444-555555555555"), context.UserId);
        Assert.Equal(Guid.Parse("3c4e1fbc-21b1-4f5f-9c1e-59f1b7a9d2e1"), context.CorrelationId);
        Assert.False(context.IsTruncated);
    }

    [Fact]
    public void Parse_DocumentedSynchronousCreate_ReadsTheTargetsTypedAttributes()
    {
        var target = Parse(Fixture()).Target!;

        Assert.Equal("salesorder", target.LogicalName);
        Assert.Equal(new EntityReferenceValue("account", Guid.Parse("a1a1a1a1-0000-0000-0000-000000000001"), "Contoso Ltd"), target.Reference("customerid"));
        Assert.Equal(2154.32m, target.Money("totalamount"));
        Assert.Equal("ORD-01042-X7K2", target.Text("ordernumber"));
        Assert.Equal(new OptionSetValue(1), target.Attributes["prioritycode"]);
        Assert.Equal([new OptionSetValue(2), new OptionSetValue(5)], Assert.IsType<List<object?>>(target.Attributes["arc_channels"]));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), target.Attributes["requestdeliveryby"]);
        Assert.Equal(false, target.Attributes["willcall"]);
    }

    [Fact]
    public void Parse_DocsAsynchronousUpdate_ReadsTheAutomaticPrimaryNameImageWithoutType()
    {
        // tests/fixtures/webhooks (use-webhooks.md): the post image Dataverse adds to an asynchronous step has no __type.
        var context = Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "webhooks", "remoteexecutioncontext-update-async-contact.json")));

        Assert.Equal(("Update", 40, 1), (context.MessageName, context.Stage, context.Mode));
        var image = context.PostEntityImages["AsynchronousStepPrimaryName"];
        Assert.Equal(("contact", Guid.Parse("6d81597f-0f9f-e711-8122-000d3aa2331c")), (image.LogicalName, image.Id));
        Assert.Equal("James Glynn (sample)", image.Text("fullname"));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_506_384_247_000), context.Target!.Attributes["modifiedon"]);
    }

    [Fact]
    public void Parse_Docs2024SynchronousCreate_ReadsTheOperationDespiteTheNewerFields()
    {
        var context = Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "webhooks", "remoteexecutioncontext-create-sync-2024.json")));

        Assert.Equal(("Create", 0), (context.MessageName, context.Mode));
        Assert.Equal("msdyn_agentstatus", context.Target!.LogicalName);
        Assert.Equal(Guid.Parse("09eb2446-db10-ef11-9f8a-6045bdd4c6be"), context.InitiatingUserId);
    }

    [Fact]
    public void Parse_WcfDateWithOffset_KeepsTheInstantAndTheWritersZone()
    {
        var created = Parse(Fixture()).OperationCreatedOn!.Value;

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_506_409_448_000), created);
        Assert.Equal(TimeSpan.FromHours(-7), created.Offset);
    }

    [Fact]
    public void Parse_UnknownFieldsAndTypes_AreIgnored()
    {
        var context = Parse("""
            {"MessageName":"Create","Unheard":{"deep":[1,2,{"x":null}]},"InputParameters":[{"key":"Target","value":
            {"__type":"Entity:http:\/\/schemas.microsoft.com\/xrm\/2011\/Contracts","LogicalName":"salesorder","Id":"00000000-0000-0000-0000-000000000000",
            "Attributes":[{"key":"weird","value":{"__type":"BooleanManagedProperty:http:\/\/schemas.microsoft.com\/xrm\/2011\/Contracts","Value":true}},
            {"key":"huge","value":1e400}]}}],"Stage":10}
            """);

        Assert.True(context.Target!.Has("weird"));
        Assert.Null(context.Target.Attributes["weird"]);
        Assert.Null(context.Target.Attributes["huge"]);
    }

    [Fact]
    public void Parse_UpdateWithPreImage_ReadsTheImageByItsName()
    {
        var context = Parse(Builders.Payload.Update(Guid.Parse("a1a1a1a1-0000-0000-0000-000000000002"), 9_000m, 10_500m).Json());

        Assert.Equal(10_500m, context.Target!.Money("totalamount"));
        Assert.Equal(9_000m, context.PreEntityImages["PreImage"].Money("totalamount"));
        Assert.Same(context.PreEntityImages["PreImage"], context.PreImage);
    }

    [Fact]
    public void Parse_TruncatedContextWithoutInputParameters_HasNoTargetAndSaysSo()
    {
        var context = Parse("""{"MessageName":"Create","PrimaryEntityName":"salesorder","Stage":10,"Mode":0}""", truncated: true);

        Assert.True(context.IsTruncated);
        Assert.Null(context.Target);
        Assert.Empty(context.PreEntityImages);
    }

    [Theory]
    [InlineData("{\"MessageName\":", "The body is not valid JSON: ")]
    [InlineData("[1,2]", "The body must be a JSON object (a RemoteExecutionContext), not an array.")]
    [InlineData("\"Create\"", "The body must be a JSON object (a RemoteExecutionContext), not a string.")]
    [InlineData("{\"Stage\":\"ten\"}", "'Stage' must be a whole number.")]
    [InlineData("{\"InitiatingUserId\":\"not-a-guid\"}", "'InitiatingUserId' must be a GUID.")]
    [InlineData("{\"InputParameters\":[{\"key\":1,\"value\":2}]}", "'InputParameters' must be a list of {key,value} objects with text keys.")]
    [InlineData("{\"InputParameters\":\"Target\"}", "'InputParameters' must be a list of {key,value} objects.")]
    [InlineData("{\"InputParameters\":[{\"key\":\"Target\",\"value\":{\"__type\":\"Entity:x\",\"Attributes\":[{\"key\":\"totalamount\",\"value\":{\"__type\":\"Money:x\",\"Value\":\"lots\"}}]}}]}",
        "'InputParameters.Target.totalamount.Value' must be a number.")]
    public void Parse_HostileBody_ThrowsOneLineNamingTheProblem(string json, string expected)
    {
        var ex = Assert.Throws<WebhookPayloadException>(() => Parse(json));

        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Parse_NestingBomb_IsRefusedNotFollowed()
    {
        var json = "{\"ParentContext\":" + string.Concat(Enumerable.Repeat("[", 10_000)) + string.Concat(Enumerable.Repeat("]", 10_000)) + "}";

        var ex = Assert.Throws<WebhookPayloadException>(() => Parse(json));

        Assert.StartsWith("The body is not valid JSON: ", ex.Message, StringComparison.Ordinal);
    }
}
