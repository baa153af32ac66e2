using System.Globalization;

namespace Connector.Sync.Ports;

/// <summary>
/// Who this process is among those sharing a store: the name the cluster, the run journal and the published credit
/// snapshots carry (<c>connector run</c>: <c>Quartz:InstanceId</c>, or the derived name).
/// </summary>
public interface IInstanceName
{
    string Id { get; }

    /// <summary>Unique while the process lives: two processes on one machine differ by process id, on two machines by name.</summary>
    public static string Derive()
    {
        var machine = new string([.. Environment.MachineName.Where(static c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-').Take(60)]);
        return (machine.Length == 0 ? "connector" : machine) + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
    }
}
