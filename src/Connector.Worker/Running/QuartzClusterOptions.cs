using Connector.Domain.Policies;
using Connector.Settings;

namespace Connector.Worker.Running;

/// <summary>
/// Configuration section <c>Quartz</c>: how <c>connector run</c> takes part in a cluster of instances sharing one
/// PostgreSQL store (Quartz's clustered job store). Ignored on SQLite, which serves one instance. Failover: an instance
/// that stops checking in for <see cref="CheckinIntervalMilliseconds"/> + <see cref="CheckinMisfireThresholdMilliseconds"/>
/// is taken for dead, and another instance runs its cycle again.
/// </summary>
[SettingsSection(SectionName)]
public sealed class QuartzClusterOptions
{
    public const string SectionName = "Quartz";

    /// <summary>The value of <see cref="InstanceId"/> that derives the id from the machine and the process.</summary>
    public const string Auto = "auto";

    /// <summary>
    /// This instance's name in the cluster, in the run journal and on every log line: unique per running instance.
    /// <c>auto</c> (the default): the machine name and the process id (<c>app-01-4711</c>).
    /// </summary>
    [SettingRequired("is required: 'auto' or a name of up to 80 letters, digits, '.', '_' or '-' unique to this instance")]
    [SettingPattern("^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$", "must be 'auto' or a name of up to 80 letters, digits, '.', '_' or '-' (starting with a letter or digit) unique to this instance")]
    public string InstanceId { get; set; } = Auto;

    /// <summary>How often an instance records in the store that it is alive (Quartz's default: 7.5 s).</summary>
    [SettingRange(200, 600_000)]
    public int CheckinIntervalMilliseconds { get; set; } = 7_500;

    /// <summary>How long past a missed check-in the others wait before they take an instance for dead (Quartz's default: 7.5 s).</summary>
    [SettingRange(0, 600_000)]
    public int CheckinMisfireThresholdMilliseconds { get; set; } = 7_500;

    /// <summary>
    /// How late a scheduled cycle may start before it counts as missed (a cycle that outlasted its interval, or a cluster
    /// that was down): a missed one runs once as soon as it can, never once per missed time (Quartz's default: 60 s).
    /// </summary>
    [SettingRange(1_000, 86_400_000)]
    public int MisfireThresholdMilliseconds { get; set; } = 60_000;

    public TimeSpan CheckinInterval => TimeSpan.FromMilliseconds(CheckinIntervalMilliseconds);

    public TimeSpan CheckinMisfireThreshold => TimeSpan.FromMilliseconds(CheckinMisfireThresholdMilliseconds);

    public TimeSpan MisfireThreshold => TimeSpan.FromMilliseconds(MisfireThresholdMilliseconds);
}
