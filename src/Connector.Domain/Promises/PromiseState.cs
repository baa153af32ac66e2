namespace Connector.Domain.Promises;

public enum PromiseState
{
    /// <summary>Not yet due (or within its grace days) and not yet fully received.</summary>
    Active,

    /// <summary>The promised amount was received.</summary>
    Kept,

    /// <summary>The due date plus grace days has passed without the promised amount.</summary>
    Broken,
}
