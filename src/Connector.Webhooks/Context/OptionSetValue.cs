namespace Connector.Webhooks.Context;

/// <summary>A choice column's value (<c>OptionSetValue</c>).</summary>
public sealed record OptionSetValue(int Value);
