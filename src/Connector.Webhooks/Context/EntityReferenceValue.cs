namespace Connector.Webhooks.Context;

/// <summary>A lookup value (<c>EntityReference</c>): the table and the id of the row it points at.</summary>
public sealed record EntityReferenceValue(string LogicalName, Guid Id, string? Name);
