namespace Connector.Domain.Collections;

/// <summary>How urgent a collection action is; ordered so that a larger value is more urgent.</summary>
public enum Importance
{
    Low,
    Normal,
    High,
}
