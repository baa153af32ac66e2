using Connector.Domain.Policies;
using Quartz;

namespace Connector.Worker.Running;

/// <summary>A Quartz cron expression (with seconds, unlike Unix cron); the message carries Quartz's reason.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
public sealed class QuartzCronAttribute : SettingAttribute
{
    protected override Problem? Check(object value)
    {
        try
        {
            _ = CronExpression.Parse(value as string ?? "");
            return null;
        }
        catch (FormatException ex)
        {
            return new Problem(
                "must be a Quartz cron expression (seconds minutes hours day-of-month month day-of-week [year], e.g. '0 0/15 * * * ?')",
                $"{PolicyErrors.Describe(value)}: {ex.Message.TrimEnd('.')}");
        }
    }
}
