namespace Connector.Domain.Collections;

public enum ActionKind
{
    /// <summary>Nothing to do now (paused by a promise, or a step without action).</summary>
    None,

    /// <summary>Send the step's email to the customer.</summary>
    Email,

    /// <summary>A task for the collector (call, escalate, final notice).</summary>
    CollectorTask,

    /// <summary>A task for the AR manager (agency).</summary>
    ManagerTask,
}
