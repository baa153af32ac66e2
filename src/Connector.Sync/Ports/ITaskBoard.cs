using Connector.Domain.Collections;

namespace Connector.Sync.Ports;

/// <summary>
/// A collection case's task as the collector sees it in Outlook (To Do): everything the writer sends, so its hash
/// tells whether anything the collector would notice changed.
/// </summary>
public sealed record TaskContent
{
    /// <summary>The case id (<c>CASE-C1</c>): the task's <c>linkedResource.externalId</c>, how a lost task id is found again.</summary>
    public required string ExternalId { get; init; }

    /// <summary><c>Call Contoso Ltd — 12,400.00 USD overdue (61–90 days)</c>.</summary>
    public required string Title { get; init; }

    /// <summary>HTML (the only body type Graph accepts on update).</summary>
    public required string HtmlBody { get; init; }

    /// <summary>The day the action is due (sent as <c>dateTimeTimeZone</c> midnight UTC); null: none.</summary>
    public DateOnly? DueDate { get; init; }

    public Importance Importance { get; init; } = Importance.Normal;

    /// <summary>Outlook category names, one per dunning level (<c>AR level 3 – Escalate</c>).</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>The Dynamics account the task links back to (<c>linkedResource.webUrl</c>); null when not known yet.</summary>
    public Uri? AccountUrl { get; init; }

    /// <summary>The link's display name (the customer's name and number).</summary>
    public required string LinkName { get; init; }

    /// <summary>True to complete the task (paid, or moved to another collector): the body says why.</summary>
    public bool Completed { get; init; }
}

/// <summary>Where a case's task lives: mailbox (user id or UPN), list id and task id, as Graph gave them.</summary>
public sealed record TaskPlacement(string CaseId, string UserId, string ListId, string TaskId);

/// <summary>A task as read back from a list (delta): what the collector did with it.</summary>
/// <param name="ExternalId">The <c>externalId</c> of its first linked resource (our case id), or null for a task someone else made.</param>
/// <param name="Removed">The task was deleted (delta <c>@removed</c>).</param>
public sealed record BoardTask(string TaskId, string? ExternalId, bool Completed, DateTimeOffset? CompletedAt, bool Removed);

/// <summary>The tasks changed in a list since <c>deltaLink</c> (every task on a first read), and the link to resume from.</summary>
public sealed record BoardTaskChanges(IReadOnlyList<BoardTask> Tasks, string DeltaLink);

/// <summary>
/// The collectors' task lists (Microsoft To Do through Graph, app-only, per mailbox). Creates are not idempotent on
/// the wire: the caller records its intent first and reconciles by <see cref="TaskContent.ExternalId"/> after a crash.
/// </summary>
public interface ITaskBoard
{
    /// <summary>The id of the mailbox's list named <paramref name="displayName"/>, created when missing.</summary>
    Task<string> EnsureListAsync(string userId, string displayName, CancellationToken cancellationToken);

    /// <summary>Creates the task (with its linked resource) and returns its id.</summary>
    Task<string> CreateTaskAsync(string userId, string listId, TaskContent content, CancellationToken cancellationToken);

    /// <summary>Updates the task in place (title, body, due date, importance, categories, status).</summary>
    /// <exception cref="TaskBoardException">With <see cref="TaskBoardException.NotFound"/> when the task or list no longer exists.</exception>
    Task UpdateTaskAsync(TaskPlacement placement, TaskContent content, CancellationToken cancellationToken);

    /// <summary>Every page of the list's task delta since <paramref name="deltaLink"/> (null: a full read).</summary>
    /// <exception cref="TaskBoardException">With <see cref="TaskBoardException.NotFound"/> when the list no longer exists, or <see cref="TaskBoardException.DeltaExpired"/>.</exception>
    Task<BoardTaskChanges> ReadTasksAsync(string userId, string listId, string? deltaLink, CancellationToken cancellationToken);
}

/// <summary>A Graph call that failed for good (after the retries), one line, never with a token in it.</summary>
public sealed class TaskBoardException : Exception
{
    public TaskBoardException()
    {
    }

    public TaskBoardException(string message)
        : base(message)
    {
    }

    public TaskBoardException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TaskBoardException(string message, int? status, string? code, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
        Code = code;
    }

    /// <summary>HTTP status, or null when no answer came (timeout, connection refused).</summary>
    public int? Status { get; }

    /// <summary>Graph's error code (<c>ErrorItemNotFound</c>, <c>TooManyRequests</c>), when it gave one.</summary>
    public string? Code { get; }

    public bool NotFound => Status == 404;

    /// <summary>The delta link is no longer valid (410, or <c>syncStateNotFound</c>): read the list in full again.</summary>
    public bool DeltaExpired => Status == 410 || string.Equals(Code, "syncStateNotFound", StringComparison.OrdinalIgnoreCase);

    /// <summary>The request reached Graph and was refused for this record (4xx other than 404/408/429): retrying it unchanged cannot help.</summary>
    public bool Refused => Status is >= 400 and < 500 and not 404 and not 408 and not 429;
}
