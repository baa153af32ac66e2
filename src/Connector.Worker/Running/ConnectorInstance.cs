using Connector.Sync.Ports;
using Microsoft.Extensions.Options;

namespace Connector.Worker.Running;

/// <summary>
/// Who this <c>connector run</c> is among the instances sharing a store: <c>Quartz:InstanceId</c>, or for <c>auto</c> the
/// machine name and process id. Quartz's cluster, the run journal and every log line (<c>InstanceId</c>) use the same one.
/// </summary>
public sealed class ConnectorInstance : IInstanceName
{
    private readonly Lazy<string> id;

    /// <remarks>
    /// Read at the first use, not when built: the logger (whose enricher holds this) is built before the settings are
    /// validated, and an invalid <c>Quartz:InstanceId</c> must be reported as one line like any other setting, not thrown
    /// from the logger. Until then (and when invalid, as nothing runs) the derived id stands in.
    /// </remarks>
    public ConnectorInstance(IOptions<QuartzClusterOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        id = new Lazy<string>(() =>
        {
            string configured;
            try
            {
                configured = options.Value.InstanceId;
            }
            catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException)
            {
                return Derive();
            }

            return string.Equals(configured, QuartzClusterOptions.Auto, StringComparison.OrdinalIgnoreCase) ? Derive() : configured;
        });
    }

    public string Id => id.Value;

    /// <summary>Unique while the process lives (<see cref="IInstanceName.Derive"/>).</summary>
    public static string Derive() => IInstanceName.Derive();
}
