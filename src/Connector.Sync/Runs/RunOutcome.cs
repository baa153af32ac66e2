namespace Connector.Sync.Runs;

/// <summary>How a journaled sync cycle ended (<c>running</c> until it does).</summary>
public enum RunOutcome
{
    /// <summary>Started, not ended yet.</summary>
    Running,

    /// <summary>Every step ran (records Dataverse refused are counted, not failures).</summary>
    Succeeded,

    /// <summary>A step failed; the detail says which and why. The next trigger runs again.</summary>
    Failed,

    /// <summary>Stopped by shutdown (Ctrl+C, SIGTERM); the next cycle resumes from the store.</summary>
    Cancelled,

    /// <summary>Its process died mid-cycle; found unfinished when the next cycle started, which took over.</summary>
    Interrupted,
}
