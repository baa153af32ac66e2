using Serilog.Core;
using Serilog.Events;

namespace Connector.Worker.Running;

/// <summary>
/// <c>InstanceId</c> on every event <c>connector run</c> logs, the scheduler's and Kestrel's too: with several instances
/// writing to one log collector, each line says which instance wrote it. The console shows it first on the line; the
/// JSON log has it as a property.
/// </summary>
internal sealed class InstanceIdEnricher(ConnectorInstance instance) : ILogEventEnricher
{
    private readonly LogEventProperty property = new("InstanceId", new ScalarValue(instance.Id));

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        logEvent.AddPropertyIfAbsent(property);
    }
}
