using Quartz;

namespace Connector.Worker.Running;

/// <summary>
/// Configuration section <c>Schedules</c>: when <c>connector run</c> runs its jobs, one Quartz cron expression per job
/// (seconds minutes hours day-of-month month day-of-week [year]), in the machine's local time.
/// </summary>
public sealed class SchedulesOptions
{
    public const string SectionName = "Schedules";

    /// <summary>The sync cycle (ingest → evaluate → push → read back); every 15 minutes unless configured.</summary>
    public string Sync { get; set; } = "0 0/15 * * * ?";

    public IReadOnlyList<string> Validate() => CheckCron(nameof(Sync), Sync);

    private static IReadOnlyList<string> CheckCron(string key, string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return [$"{SectionName}:{key} is required: a Quartz cron expression such as '0 0/15 * * * ?' (every 15 minutes)."];
        }

        try
        {
            _ = CronExpression.Parse(expression);
            return [];
        }
        catch (FormatException ex)
        {
            return [$"{SectionName}:{key} must be a Quartz cron expression (seconds minutes hours day-of-month month day-of-week [year], e.g. '0 0/15 * * * ?') (was '{expression}': {ex.Message.TrimEnd('.')})."];
        }
    }
}
