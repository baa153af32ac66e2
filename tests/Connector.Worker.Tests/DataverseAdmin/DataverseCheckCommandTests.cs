using Connector.Dataverse.Solution;
using Connector.Emulators.Dataverse;
using Connector.Emulators.Dataverse.Metadata;
using Connector.Emulators.Dataverse.Solutions;
using Connector.Worker.Solution;
using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests.DataverseAdmin;

/// <summary><c>connector dataverse check</c> against the emulator: what an admin is told before and after importing the solution.</summary>
public sealed class DataverseCheckCommandTests : IAsyncLifetime, IDisposable
{
    private readonly TempConfig config = new();
    private DataverseEmulator emulator = null!;

    public async Task InitializeAsync()
    {
        emulator = await DataverseEmulator.StartAsync(new DataverseEmulatorOptions(), CancellationToken.None);
        config.Write($$"""{ "Dataverse": { "Url": "{{emulator.BaseAddress}}", "AccessToken": "check-test-token" } }""");
    }

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    public void Dispose() => config.Dispose();

    private async Task ImportSolutionAsync()
    {
        using var zip = new MemoryStream();
        await SolutionPacker.PackAsync(SolutionFolder.Locate(null)!, zip, CancellationToken.None);
        zip.Position = 0;
        emulator.Environment.Import(SolutionImporter.Read(zip));
    }

    [Fact]
    public async Task Check_FreshEnvironment_ListsWhatIsMissingAndExitsOne()
    {
        var result = await InProcess.RunAsync("dataverse", "check", "--config", config.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: arc_openitem: table not found; import the ReceivablesConnector solution", result.Output, StringComparison.Ordinal);
        Assert.Contains("error: account: column arc_holdmessage is missing", result.Output, StringComparison.Ordinal);
        Assert.Contains("error: account: alternate key arc_accountnumber_key (accountnumber) is missing", result.Output, StringComparison.Ordinal);
        Assert.Contains("error: account: change tracking is off", result.Output, StringComparison.Ordinal);
        Assert.Contains("warning: view 'Accounts on credit hold' is missing; import the ReceivablesConnector solution", result.Output, StringComparison.Ordinal);
        Assert.Contains("warning: app 'Receivables' is missing", result.Output, StringComparison.Ordinal);
        Assert.Contains("warning: security role 'Collector' is missing", result.Output, StringComparison.Ordinal);
        Assert.Contains("warning: environment variable 'arc_OrderEnforcement' is missing", result.Output, StringComparison.Ordinal);
        Assert.Contains("warning: form 'Order (credit check)' is missing", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_AppDeletedAfterImport_WarnsTheAppIsMissingAndStillReady()
    {
        await ImportSolutionAsync();
        var app = Assert.Single(emulator.Environment.Records(SolutionComponentTables.AppModule));
        emulator.Environment.Delete(SolutionComponentTables.AppModule, (Guid)app["appmoduleid"]!);

        var result = await InProcess.RunAsync("dataverse", "check", "--config", config.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("warning: app 'Receivables' is missing; import the ReceivablesConnector solution", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("view '", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ConnectorRejectsButVariableSaysHold_WarnsTheyDiffer()
    {
        await ImportSolutionAsync();
        config.Write($$"""{ "Dataverse": { "Url": "{{emulator.BaseAddress}}", "AccessToken": "check-test-token" }, "Credit": { "OrderEnforcement": "Reject" } }""");

        var result = await InProcess.RunAsync("dataverse", "check", "--config", config.Path);

        Assert.Contains("warning: environment variable arc_OrderEnforcement is 'Hold' but Credit:OrderEnforcement is 'Reject'", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_AfterImport_IsReadyAndNamesTheTablesWithoutBulkMessages()
    {
        await ImportSolutionAsync();

        var result = await InProcess.RunAsync("dataverse", "check", "--config", config.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(": ready for solution ReceivablesConnector", result.Output, StringComparison.Ordinal);
        Assert.Contains("warning: salesorder: UpsertMultiple is not supported; the connector will use $batch", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("error:", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("is missing", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("arc_OrderEnforcement", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_KeyIndexStillBuilding_SaysTheKeyIsNotActiveYet()
    {
        await emulator.DisposeAsync();
        emulator = await DataverseEmulator.StartAsync(new DataverseEmulatorOptions { KeyActivationDelay = TimeSpan.FromHours(1) }, CancellationToken.None);
        config.Write($$"""{ "Dataverse": { "Url": "{{emulator.BaseAddress}}", "AccessToken": "check-test-token" } }""");
        await ImportSolutionAsync();

        var result = await InProcess.RunAsync("dataverse", "check", "--config", config.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.OutputLines, l => l.StartsWith("error: account: alternate key arc_accountnumber_key", StringComparison.Ordinal) && l.Contains("Pending", StringComparison.Ordinal));
        Assert.Equal(KeyIndexStatus.Pending, emulator.Environment.Table("account")!.Keys.Single().Status);
    }

    [Fact]
    public async Task Check_NoDataverseSettings_ExitsOneNamingTheSetting()
    {
        config.Write("{}");

        var result = await InProcess.RunAsync("dataverse", "check", "--config", config.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.Contains("Url", StringComparison.Ordinal));
    }

    private sealed class TempConfig : IDisposable
    {
        private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("connector-check-");

        public string Path => System.IO.Path.Combine(folder.FullName, "settings.json");

        public void Write(string json) => File.WriteAllText(Path, json);

        public void Dispose() => folder.Delete(recursive: true);
    }
}
