using System.Net;
using System.Text;
using Connector.Emulators.Dataverse.Records;

namespace Connector.Emulators.Tests.Dataverse.WebApi;

public sealed class MetadataEndpointsTests
{
    [Fact]
    public async Task EntityDefinitions_Select_ReturnsTableFacts()
    {
        await using var dv = await RunningEmulator.StartAsync();

        var result = await dv.GetAsync("EntityDefinitions(LogicalName='arc_openitem')?$select=LogicalName,EntitySetName,PrimaryIdAttribute,ChangeTrackingEnabled,IsCustomEntity");

        Assert.Equal(HttpStatusCode.OK, result.Status);
        var json = result.Json;
        Assert.Equal("arc_openitems", json["EntitySetName"]!.GetValue<string>());
        Assert.Equal("arc_openitemid", json["PrimaryIdAttribute"]!.GetValue<string>());
        Assert.True(json["ChangeTrackingEnabled"]!.GetValue<bool>());
        Assert.True(json["IsCustomEntity"]!.GetValue<bool>());
        Assert.Null(json["PrimaryNameAttribute"]);
    }

    [Fact]
    public async Task EntityDefinitions_ExpandAttributesAndKeys_NamesTypesAndIndexStatus()
    {
        await using var dv = await RunningEmulator.StartAsync();

        var result = await dv.GetAsync("EntityDefinitions(LogicalName='account')?$select=LogicalName&$expand=Attributes($select=LogicalName,AttributeType),Keys($select=SchemaName,KeyAttributes,EntityKeyIndexStatus)");

        var attributes = result.Json["Attributes"]!.AsArray().ToDictionary(a => a!["LogicalName"]!.GetValue<string>(), a => a!["AttributeType"]!.GetValue<string>());
        Assert.Equal("Money", attributes["creditlimit"]);
        Assert.Equal("Boolean", attributes["creditonhold"]);
        Assert.Equal("Lookup", attributes["parentaccountid"]);
        Assert.Equal("Owner", attributes["ownerid"]);
        Assert.Equal("Picklist", attributes["arc_riskclass"]);
        Assert.Equal("DateTime", attributes["modifiedon"]);
        Assert.Equal("Uniqueidentifier", attributes["accountid"]);
        var key = Assert.Single(result.Json["Keys"]!.AsArray())!;
        Assert.Equal("arc_accountnumberkey", key["SchemaName"]!.GetValue<string>());
        Assert.Equal(["accountnumber"], key["KeyAttributes"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray());
        Assert.Equal("Active", key["EntityKeyIndexStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task EntityDefinitionsKeys_ImportedKey_PendingUntilActivationDelayPasses()
    {
        await using var dv = await RunningEmulator.StartAsync(o => o.KeyActivationDelay = TimeSpan.FromMinutes(5));

        var pending = await dv.GetAsync("EntityDefinitions(LogicalName='account')/Keys?$select=SchemaName,EntityKeyIndexStatus");
        dv.Clock.Advance(TimeSpan.FromMinutes(5));
        var active = await dv.GetAsync("EntityDefinitions(LogicalName='account')/Keys?$select=SchemaName,EntityKeyIndexStatus");

        Assert.Equal("Pending", pending.Json["value"]![0]!["EntityKeyIndexStatus"]!.GetValue<string>());
        Assert.Equal("Active", active.Json["value"]![0]!["EntityKeyIndexStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task EntityDefinitionsAttributes_CustomerLookup_IsNamedCustomer()
    {
        await using var dv = await RunningEmulator.StartAsync();

        var result = await dv.GetAsync("EntityDefinitions(LogicalName='salesorder')/Attributes?$select=LogicalName,AttributeType");

        Assert.Contains(result.Json["value"]!.AsArray(), a => a!["LogicalName"]!.GetValue<string>() == "customerid" && a["AttributeType"]!.GetValue<string>() == "Customer");
    }

    [Fact]
    public async Task EntityDefinitions_UnknownTable_Returns404()
    {
        await using var dv = await RunningEmulator.StartAsync();

        var result = await dv.GetAsync("EntityDefinitions(LogicalName='arc_nosuch')?$select=LogicalName");

        Assert.Equal(HttpStatusCode.NotFound, result.Status);
        Assert.Equal(ErrorCodes.ObjectDoesNotExist, result.ErrorCode);
        Assert.StartsWith("Could not find an entity with name arc_nosuch", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EntityDefinitions_BeforeSolutionImport_StandardTablesHaveNoKeysOrChangeTracking()
    {
        await using var dv = await RunningEmulator.StartAsync(importSolution: false);

        var result = await dv.GetAsync("EntityDefinitions(LogicalName='account')?$select=ChangeTrackingEnabled&$expand=Keys($select=SchemaName)");
        var custom = await dv.GetAsync("EntityDefinitions(LogicalName='arc_openitem')");

        Assert.False(result.Json["ChangeTrackingEnabled"]!.GetValue<bool>());
        Assert.Empty(result.Json["Keys"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, custom.Status);
    }

    [Fact]
    public async Task ImportSolution_ValidZip_AddsTablesKeysAndChangeTracking()
    {
        await using var dv = await RunningEmulator.StartAsync(importSolution: false);
        var file = Convert.ToBase64String(Solutions.SolutionImporterTests.Zip().ToArray());

        var result = await dv.PostAsync("ImportSolution", $$"""{"CustomizationFile":"{{file}}","OverwriteUnmanagedCustomizations":true,"PublishWorkflows":true,"ImportJobId":"{{Guid.NewGuid()}}"}""");
        var gadget = await dv.GetAsync("EntityDefinitions(LogicalName='wid_gadget')?$select=IsCustomEntity&$expand=Keys($select=SchemaName,EntityKeyIndexStatus)");
        var account = await dv.GetAsync("EntityDefinitions(LogicalName='account')?$select=ChangeTrackingEnabled&$expand=Keys($select=SchemaName)");

        Assert.Equal(HttpStatusCode.NoContent, result.Status);
        Assert.True(gadget.Json["IsCustomEntity"]!.GetValue<bool>());
        Assert.Equal("wid_code_key", Assert.Single(gadget.Json["Keys"]!.AsArray())!["SchemaName"]!.GetValue<string>());
        Assert.True(account.Json["ChangeTrackingEnabled"]!.GetValue<bool>());
        Assert.Equal("wid_accountnumber_key", Assert.Single(account.Json["Keys"]!.AsArray())!["SchemaName"]!.GetValue<string>());
    }

    [Fact]
    public async Task ImportSolution_CustomizationsBreakingTheSchema_Returns400WithImportXsdValidationError()
    {
        await using var dv = await RunningEmulator.StartAsync(importSolution: false);
        var broken = Solutions.SolutionImporterTests.Zip(customizations: Solutions.SolutionImporterTests.Customizations.Replace("<Roles />", "<Roles /><Workflows /><Roles />", StringComparison.Ordinal));
        var file = Convert.ToBase64String(broken.ToArray());

        var result = await dv.PostAsync("ImportSolution", $$"""{"CustomizationFile":"{{file}}","OverwriteUnmanagedCustomizations":true,"PublishWorkflows":true,"ImportJobId":"{{Guid.NewGuid()}}"}""");
        var gadget = await dv.GetAsync("EntityDefinitions(LogicalName='wid_gadget')?$select=IsCustomEntity");

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal("0x8004801a", result.ErrorCode);
        Assert.StartsWith("The import file is invalid. XSD validation failed with the following error: 'The element 'ImportExportXml' has invalid child element 'Roles'.", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("<Workflows /> <<<<<ERROR LOCATION>>>>> <Roles />", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, gadget.Status);
    }

    [Fact]
    public async Task ImportSolution_UnreadableZip_Returns400()
    {
        await using var dv = await RunningEmulator.StartAsync(importSolution: false);
        var file = Convert.ToBase64String(Encoding.UTF8.GetBytes("this is not a zip"));

        var result = await dv.PostAsync("ImportSolution", $$"""{"CustomizationFile":"{{file}}","OverwriteUnmanagedCustomizations":true,"PublishWorkflows":true,"ImportJobId":"{{Guid.NewGuid()}}"}""");

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.StartsWith("The solution file", result.ErrorMessage, StringComparison.Ordinal);
    }
}
