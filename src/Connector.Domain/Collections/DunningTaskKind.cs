namespace Connector.Domain.Collections;

/// <summary>Who gets a task when a case reaches a ladder step.</summary>
public enum DunningTaskKind
{
    /// <summary>No task: the step only emails (or does nothing).</summary>
    None,

    /// <summary>A task for the customer's collector.</summary>
    Collector,

    /// <summary>A task for the AR manager (<see cref="CollectionsPolicy.ArManagerId"/>).</summary>
    Manager,
}
