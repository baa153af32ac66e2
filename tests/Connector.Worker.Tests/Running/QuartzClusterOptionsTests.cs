using Connector.Sync.Settings;
using Connector.Worker.Running;
using Connector.Worker.Tests.Support;
using Microsoft.Extensions.Options;

namespace Connector.Worker.Tests.Running;

public class QuartzClusterOptionsTests
{
    [Fact]
    public void Defaults_AreQuartzsOwnAndValid()
    {
        var options = new QuartzClusterOptions();

        Assert.Empty(SettingsValidation.Failures(options, new QuartzClusterOptionsValidator()));
        Assert.Equal((QuartzClusterOptions.Auto, 7_500, 7_500, 60_000),
            (options.InstanceId, options.CheckinIntervalMilliseconds, options.CheckinMisfireThresholdMilliseconds, options.MisfireThresholdMilliseconds));
    }

    [Fact]
    public void InstanceId_Auto_IsTheMachineAndTheProcess()
    {
        var instance = new ConnectorInstance(Options.Create(new QuartzClusterOptions()));

        Assert.EndsWith("-" + Environment.ProcessId, instance.Id, StringComparison.Ordinal);
        Assert.Empty(SettingsValidation.Failures(new QuartzClusterOptions { InstanceId = instance.Id }, new QuartzClusterOptionsValidator()));
    }

    [Fact]
    public void InstanceId_Named_IsKeptAsGiven()
    {
        Assert.Equal("app-01", new ConnectorInstance(Options.Create(new QuartzClusterOptions { InstanceId = "app-01" })).Id);
    }

    [Fact]
    public async Task Run_InstanceIdWithASpace_ExitsOneWithOneLineNamingTheKey()
    {
        using var folder = TempFolder.Create();
        var config = folder.Write("settings.json", """{ "Quartz": { "InstanceId": "app 01" } }""");

        var result = await InProcess.RunAsync("run", "--config", config);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            ["Quartz:InstanceId must be 'auto' or a name of up to 80 letters, digits, '.', '_' or '-' (starting with a letter or digit) unique to this instance (was 'app 01')."],
            result.ErrorLines);
    }

    [Fact]
    public async Task Run_CheckinIntervalTooShort_ExitsOneWithOneLineGivingTheRange()
    {
        using var folder = TempFolder.Create();
        var config = folder.Write("settings.json", """{ "Quartz": { "CheckinIntervalMilliseconds": 50 } }""");

        var result = await InProcess.RunAsync("run", "--config", config);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["Quartz:CheckinIntervalMilliseconds must be between 200 and 600000 (was 50)."], result.ErrorLines);
    }

    [Fact]
    public async Task Run_MisfireThresholdNotANumber_ExitsOneWithOneLineNamingFileAndKey()
    {
        using var folder = TempFolder.Create();
        var config = folder.Write("settings.json", """{ "Quartz": { "MisfireThresholdMilliseconds": "a minute" } }""");

        var result = await InProcess.RunAsync("run", "--config", config);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("Quartz:MisfireThresholdMilliseconds", line, StringComparison.Ordinal);
        Assert.Contains("'a minute'", line, StringComparison.Ordinal);
    }
}
