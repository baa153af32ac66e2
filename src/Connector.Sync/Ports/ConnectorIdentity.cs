namespace Connector.Sync.Ports;

/// <summary>
/// Who the connector is in Dataverse: its application user (<c>Webhook:ConnectorUserId</c>). What it writes is never read
/// back as a person's release, and orders it creates are not vetoed. <c>null</c>: not configured.
/// </summary>
public sealed record ConnectorIdentity(Guid? DataverseUserId)
{
    public static ConnectorIdentity Unknown { get; } = new((Guid?)null);
}
