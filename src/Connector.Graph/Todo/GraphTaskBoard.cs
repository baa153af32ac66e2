using System.Globalization;
using Connector.Graph.Calls;
using Connector.Sync.Ports;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using DomainImportance = Connector.Domain.Collections.Importance;
using GraphTaskStatus = Microsoft.Graph.Models.TaskStatus;

namespace Connector.Graph.Todo;

/// <summary>
/// <see cref="ITaskBoard"/> on Microsoft To Do (<c>/users/{id}/todo/lists</c>, app-only): lists and the delta read
/// through the Graph SDK, the task creates and updates — thousands a run — as plain requests with generated JSON
/// (<see cref="TodoRequests"/>, decision 141). Each call is one request (two or more for paging); retries, timeouts and
/// the per-mailbox concurrency limit live in the HTTP client's pipeline, failures come out as one
/// <see cref="TaskBoardException"/> line naming the case.
/// </summary>
public sealed class GraphTaskBoard : ITaskBoard
{
    /// <summary>The <c>linkedResource.applicationName</c> collectors see next to the link in Outlook.</summary>
    public const string ApplicationName = "Receivables Connector";

    private static readonly string[] ExpandLinks = ["linkedResources"];

    private readonly GraphServiceClient graph;
    private readonly GraphCall call;
    private readonly TodoRequests writes;

    internal GraphTaskBoard(GraphServiceClient graph, GraphCall call, TodoRequests writes)
    {
        this.graph = graph;
        this.call = call;
        this.writes = writes;
    }

    public async Task<string> EnsureListAsync(string userId, string displayName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        var lists = graph.Users[userId].Todo.Lists;
        var found = await call.RunAsync($"find the list '{displayName}' in mailbox {userId}", async () =>
        {
            var page = await lists.GetAsync(cancellationToken: cancellationToken);
            while (page is not null)
            {
                var match = page.Value?.Find(l => string.Equals(l.DisplayName, displayName, StringComparison.OrdinalIgnoreCase));
                if (match?.Id is not null || page.OdataNextLink is null)
                {
                    return match?.Id;
                }

                page = await lists.WithUrl(page.OdataNextLink).GetAsync(cancellationToken: cancellationToken);
            }

            return null;
        }, cancellationToken);
        if (found is not null)
        {
            return found;
        }

        var operation = $"create the list '{displayName}' in mailbox {userId}";
        var created = await call.RunAsync(operation, () => lists.PostAsync(new TodoTaskList { DisplayName = displayName }, cancellationToken: cancellationToken), cancellationToken);
        return created?.Id ?? throw new TaskBoardException($"Graph answered without a list id when asked to {operation}", 201, null);
    }

    public async Task<string> CreateTaskAsync(string userId, string listId, TaskContent content, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(listId);
        ArgumentNullException.ThrowIfNull(content);
        var task = ToTask(content, [new TodoLinkedResource(content.AccountUrl?.AbsoluteUri, ApplicationName, content.LinkName, content.ExternalId)]);
        var operation = $"create the task for {content.ExternalId} in mailbox {userId}";
        var created = await call.RunAsync(operation, () => writes.CreateAsync(userId, listId, task, cancellationToken), cancellationToken);
        return created ?? throw new TaskBoardException($"Graph answered without a task id when asked to {operation}", 201, null);
    }

    public Task UpdateTaskAsync(TaskPlacement placement, TaskContent content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(placement);
        ArgumentNullException.ThrowIfNull(content);
        var task = ToTask(content, linkedResources: null);
        return call.RunAsync(
            $"update the task for {content.ExternalId} in mailbox {placement.UserId}",
            () => writes.UpdateAsync(placement.UserId, placement.ListId, placement.TaskId, task, cancellationToken),
            cancellationToken);
    }

    public Task<BoardTaskChanges> ReadTasksAsync(string userId, string listId, string? deltaLink, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(listId);
        var delta = graph.Users[userId].Todo.Lists[listId].Tasks.Delta;
        return call.RunAsync($"read the task changes of list {listId} in mailbox {userId}", async () =>
        {
            // linkedResources is a navigation property: without $expand delta would not say which case a task is for.
            // Graph keeps the query in its next and delta links, so only the first request needs it.
            var page = deltaLink is null
                ? await delta.GetAsDeltaGetResponseAsync(r => r.QueryParameters.Expand = ExpandLinks, cancellationToken)
                : await delta.WithUrl(deltaLink).GetAsDeltaGetResponseAsync(cancellationToken: cancellationToken);
            var tasks = new List<BoardTask>();
            while (page is not null)
            {
                tasks.AddRange((page.Value ?? []).Where(t => t.Id is not null).Select(ToBoardTask));
                if (page.OdataNextLink is { } next)
                {
                    page = await delta.WithUrl(next).GetAsDeltaGetResponseAsync(cancellationToken: cancellationToken);
                    continue;
                }

                return new BoardTaskChanges(tasks, page.OdataDeltaLink ?? throw new TaskBoardException($"Graph ended the task delta of list {listId} in mailbox {userId} without a delta link", 200, null));
            }

            throw new TaskBoardException($"Graph answered the task delta of list {listId} in mailbox {userId} with no body", 200, null);
        }, cancellationToken);
    }

    /// <summary>The fields a create and an update both send; linked resources only with a create (Graph refuses them on PATCH).</summary>
    private static TodoTaskWrite ToTask(TaskContent content, IReadOnlyList<TodoLinkedResource>? linkedResources) => new(
        content.Title,
        new TodoItemBody(content.HtmlBody, "html"),
        content.DueDate is { } due
            ? new TodoDateTimeTimeZone(due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00", "UTC")
            : null,
        content.Importance switch
        {
            DomainImportance.Low => "low",
            DomainImportance.High => "high",
            _ => "normal",
        },
        [.. content.Categories],
        content.Completed ? "completed" : "notStarted",
        linkedResources);

    private static BoardTask ToBoardTask(TodoTask task) => new(
        task.Id!,
        task.LinkedResources?.Select(r => r.ExternalId).FirstOrDefault(id => !string.IsNullOrEmpty(id)),
        task.Status == GraphTaskStatus.Completed,
        CompletedAt(task.CompletedDateTime),
        task.AdditionalData?.ContainsKey("@removed") == true);

    /// <summary>A <c>dateTimeTimeZone</c> as an instant: Graph sets <c>completedDateTime</c> in UTC; another zone is looked up, an unknown one gives null.</summary>
    internal static DateTimeOffset? CompletedAt(DateTimeTimeZone? zoned)
    {
        if (zoned?.DateTime is not { } text
            || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var local))
        {
            return null;
        }

        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (string.IsNullOrEmpty(zoned.TimeZone) || string.Equals(zoned.TimeZone, "UTC", StringComparison.OrdinalIgnoreCase))
        {
            return new DateTimeOffset(local, TimeSpan.Zero);
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(zoned.TimeZone, out var zone)
            ? new DateTimeOffset(local, zone.GetUtcOffset(local))
            : null;
    }
}
