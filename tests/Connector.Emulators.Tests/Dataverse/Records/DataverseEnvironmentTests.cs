using Connector.Emulators.Dataverse;
using Connector.Emulators.Dataverse.Metadata;
using Connector.Emulators.Dataverse.Records;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Emulators.Tests.Dataverse.Records;

public sealed class DataverseEnvironmentTests
{
    private readonly FakeTimeProvider clock = new(RunningEmulator.Start);

    [Fact]
    public void Update_AsDynamicsUser_SetsModifiedByAndMovesVersion()
    {
        var environment = NewEnvironment();
        var id = environment.Create("account", new Dictionary<string, object?> { ["accountnumber"] = "C-1" });
        var before = environment.Record("account", id)!;

        clock.Advance(TimeSpan.FromMinutes(3));
        environment.Update("account", id, new Dictionary<string, object?> { ["arc_manualhold"] = true }, "Anna Berg");

        var after = environment.Record("account", id)!;
        var anna = environment.UserId("Anna Berg");
        Assert.Equal(new RecordReference("systemuser", anna), after["modifiedby"]);
        Assert.Equal(new RecordReference("systemuser", environment.SystemUserId), before["modifiedby"]);
        Assert.True((long)after["versionnumber"]! > (long)before["versionnumber"]!);
        Assert.Equal(RunningEmulator.Start.AddMinutes(3), after["modifiedon"]);
        Assert.Equal("Anna Berg", environment.Record("systemuser", anna)!["fullname"]);
    }

    [Fact]
    public void Create_InvalidValue_ThrowsFaultWithDataverseCode()
    {
        var environment = NewEnvironment();

        var fault = Assert.Throws<DataverseFaultException>(() =>
            environment.Create("account", new Dictionary<string, object?> { ["arc_riskclass"] = 9 }));

        Assert.Equal((400, "0x8004431A"), (fault.Status, fault.Code));
    }

    [Fact]
    public void Import_MergesIntoStandardTableAndAddsCustomTable()
    {
        var environment = new DataverseEnvironment(new DataverseEmulatorOptions { TimeProvider = clock, KeyActivationDelay = TimeSpan.FromSeconds(30) });

        environment.Import([RunningEmulator.AccountAdditions, RunningEmulator.OpenItem]);

        var account = environment.Table("account")!;
        Assert.True(account.ChangeTrackingEnabled);
        Assert.Contains(account.Columns, c => c.LogicalName == "creditlimit");
        Assert.Contains(account.Columns, c => c.LogicalName == "arc_riskclass");
        Assert.Equal(KeyIndexStatus.Pending, Assert.Single(account.Keys).Status);
        Assert.True(environment.Table("arc_openitem")!.IsCustomEntity);
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(KeyIndexStatus.Active, Assert.Single(environment.Table("account")!.Keys).Status);
    }

    [Fact]
    public void Import_KeyOverDuplicateValues_IndexFails()
    {
        var environment = new DataverseEnvironment(new DataverseEmulatorOptions { TimeProvider = clock });
        environment.Create("account", new Dictionary<string, object?> { ["accountnumber"] = "DUP" });
        environment.Create("account", new Dictionary<string, object?> { ["accountnumber"] = "dup" });

        environment.Import([RunningEmulator.AccountAdditions]);

        Assert.Equal(KeyIndexStatus.Failed, Assert.Single(environment.Table("account")!.Keys).Status);
    }

    [Fact]
    public void Delete_Missing_ThrowsNotFound()
    {
        var environment = NewEnvironment();

        var fault = Assert.Throws<DataverseFaultException>(() => environment.Delete("account", Guid.NewGuid()));

        Assert.Equal(404, fault.Status);
    }

    private DataverseEnvironment NewEnvironment()
    {
        var environment = new DataverseEnvironment(new DataverseEmulatorOptions { TimeProvider = clock });
        environment.Import([RunningEmulator.AccountAdditions]);
        return environment;
    }
}
