using Connector.Domain.Policies;
using Connector.Settings;

namespace Connector.Worker.Running;

/// <summary>
/// Configuration section <c>Schedules</c>: when <c>connector run</c> runs its jobs, one Quartz cron expression per job
/// (seconds minutes hours day-of-month month day-of-week [year]), in the machine's local time.
/// </summary>
[SettingsSection(SectionName)]
public sealed class SchedulesOptions
{
    public const string SectionName = "Schedules";

    /// <summary>The sync cycle (ingest → evaluate → push → read back); every 15 minutes unless configured.</summary>
    [SettingRequired("is required: a Quartz cron expression such as '0 0/15 * * * ?' (every 15 minutes)")]
    [QuartzCron]
    public string Sync { get; set; } = "0 0/15 * * * ?";

    /// <summary>
    /// The customers' statements of account for the month before (<c>statements send</c>), e.g. <c>0 0 7 1 * ?</c> (07:00 on
    /// the 1st); not set: no statement is sent by schedule (decision 102).
    /// </summary>
    [QuartzCron]
    public string? Statements { get; set; }
}
