using Connector.Sync.Settings;
using Connector.Worker.Running;
using Connector.Worker.Tests.Support;
using Quartz;

namespace Connector.Worker.Tests.Running;

public class SchedulesOptionsTests
{
    [Fact]
    public void Sync_Default_FiresEveryQuarterHour()
    {
        var options = new SchedulesOptions();

        Assert.Empty(SettingsValidation.Failures(options, new SchedulesOptionsValidator()));
        var cron = new CronExpression(options.Sync, TimeZoneInfo.Utc);
        var next = cron.GetNextValidTimeAfter(new DateTimeOffset(2026, 11, 16, 10, 7, 30, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2026, 11, 16, 10, 15, 0, TimeSpan.Zero), next);
        Assert.Equal(new DateTimeOffset(2026, 11, 16, 10, 30, 0, TimeSpan.Zero), cron.GetNextValidTimeAfter(next!.Value));
    }

    [Fact]
    public async Task Run_BadCron_ExitsOneWithOneLineNamingTheKey()
    {
        using var folder = TempFolder.Create();
        var config = folder.Write("settings.json", """{ "Schedules": { "Sync": "every 15 minutes" } }""");

        var result = await InProcess.RunAsync("run", "--config", config);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith(
            "Schedules:Sync must be a Quartz cron expression (seconds minutes hours day-of-month month day-of-week [year], e.g. '0 0/15 * * * ?') (was 'every 15 minutes': ",
            line,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_FiveFieldUnixCron_ExitsOneBecauseQuartzWantsSeconds()
    {
        using var folder = TempFolder.Create();
        var config = folder.Write("settings.json", """{ "Schedules": { "Sync": "*/15 * * * *" } }""");

        var result = await InProcess.RunAsync("run", "--config", config);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Schedules:Sync must be a Quartz cron expression", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_EmptyCron_ExitsOneSayingItIsRequired()
    {
        using var folder = TempFolder.Create();
        var config = folder.Write("settings.json", """{ "Schedules": { "Sync": " " } }""");

        var result = await InProcess.RunAsync("run", "--config", config);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["Schedules:Sync is required: a Quartz cron expression such as '0 0/15 * * * ?' (every 15 minutes) (was ' ')."], result.ErrorLines);
    }

    [Fact]
    public async Task Run_UnknownScheduleKey_ExitsOneNamingIt()
    {
        using var folder = TempFolder.Create();
        var config = folder.Write("settings.json", """{ "Schedules": { "Sync": "0 0/15 * * * ?", "Ingest": "0 0 * * * ?" }, "Log": { "Folder": "x" } }""");

        var result = await InProcess.RunAsync("run", "--config", config);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
        [
            "settings.json:1:44: Schedules:Ingest is not a setting of Schedules (known: Sync, Statements).",
            "settings.json:1:80: Log:Folder is not a setting of Log (known: Directory).",
        ], result.ErrorLines);
    }
}
