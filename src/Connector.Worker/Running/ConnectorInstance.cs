using System.Globalization;
using Microsoft.Extensions.Options;

namespace Connector.Worker.Running;

/// <summary>
/// Who this <c>connector run</c> is among the instances sharing a store: <c>Quartz:InstanceId</c>, or for <c>auto</c> the
/// machine name and process id. Quartz's cluster, the run journal and every log line (<c>InstanceId</c>) use the same one.
/// </summary>
public sealed class ConnectorInstance
{
    public ConnectorInstance(IOptions<QuartzClusterOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configured = options.Value.InstanceId;
        Id = string.Equals(configured, QuartzClusterOptions.Auto, StringComparison.OrdinalIgnoreCase) ? Derive() : configured;
    }

    public string Id { get; }

    /// <summary>Unique while the process lives: two instances on one machine differ by process id, on two machines by name.</summary>
    public static string Derive()
    {
        var machine = new string([.. Environment.MachineName.Where(static c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-').Take(60)]);
        return (machine.Length == 0 ? "connector" : machine) + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
    }
}
