namespace Connector.Sync.Collections;

/// <summary>How the collections step writes to Outlook: the list name, the account link, and whether mail goes out.</summary>
public sealed record CollectionsSyncOptions
{
    /// <summary>The To Do list every collector's cases go to (<c>Graph:TaskListName</c>).</summary>
    public string TaskListName { get; init; } = "AR Collections";

    /// <summary>Recreate a task a collector deleted while its case is still open (<c>Collections:RecreateDeletedTasks</c>).</summary>
    public bool RecreateDeletedTasks { get; init; } = true;

    /// <summary>The Dataverse environment (<c>https://org.crm.dynamics.com/</c>) the task links point into; null: no link.</summary>
    public Uri? DynamicsUrl { get; init; }

    /// <summary>Mailbox of an assignee who is not a collector in the ledger (the AR manager), by assignee id.</summary>
    public IReadOnlyDictionary<string, string> Mailboxes { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Dunning mail settings and templates; null: no email is planned or sent.</summary>
    public DunningMailSetup? Mail { get; init; }

    /// <summary>Lists read back concurrently.</summary>
    public int MaxParallelism { get; init; } = 64;

    /// <summary>Requests in flight per mailbox while writing tasks (Outlook allows 4; <c>Graph:MaxConcurrentPerMailbox</c>). Every mailbox is written at once.</summary>
    public int MaxConcurrentPerMailbox { get; init; } = 4;
}

/// <summary>The loaded templates and options the mail step needs.</summary>
public sealed record DunningMailSetup(DunningTemplates Templates, DunningMailOptions Options);
