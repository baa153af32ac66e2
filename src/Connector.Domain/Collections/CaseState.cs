namespace Connector.Domain.Collections;

public enum CaseState
{
    /// <summary>The next action is due on or before the plan date.</summary>
    Active,

    /// <summary>The step's email went out within the quiet period: wait until it ends.</summary>
    Waiting,

    /// <summary>An active promise-to-pay holds the ladder until the promise's date plus grace.</summary>
    Paused,
}
