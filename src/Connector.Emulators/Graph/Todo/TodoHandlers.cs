using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Connector.Emulators.Dataverse.Protection;

namespace Connector.Emulators.Graph.Todo;

/// <summary>The To Do endpoints under <c>users/{id}/todo/lists</c> (reference §11.2), over <see cref="GraphState"/>.</summary>
internal sealed class TodoHandlers(GraphState state, EmulatedClock clock, int defaultPageSize)
{
    public GraphResponse Handle(GraphRequest request, Mailbox mailbox, string[] segments)
    {
        // segments: users, {id}, todo, lists, [listId, [tasks, [taskId|delta, [linkedResources]]]]
        var now = clock.EmulatedNow;
        if (segments.Length == 4)
        {
            return request.Method switch
            {
                "GET" => Lists(mailbox),
                "POST" => CreateList(request, mailbox, now),
                _ => MethodNotAllowed(request, now),
            };
        }

        TodoListState? list;
        lock (state.Sync)
        {
            list = mailbox.FindList(segments[4]);
        }

        if (list is null)
        {
            return GraphErrors.NotFound("ErrorItemNotFound", "The specified object was not found in the store.", now);
        }

        if (segments.Length == 5)
        {
            return request.Method == "GET" ? GraphResponse.Json(200, Snapshot(list.ToJson)) : MethodNotAllowed(request, now);
        }

        if (segments[5] != "tasks")
        {
            return GraphErrors.Create(400, "BadRequest", $"Resource not found for the segment '{segments[5]}'.", now);
        }

        if (segments.Length == 6)
        {
            return request.Method switch
            {
                "GET" => TaskPage(request, mailbox, list, since: 0, skip: null, delta: false),
                "POST" => CreateTask(request, list, now),
                _ => MethodNotAllowed(request, now),
            };
        }

        // The function may be called with or without parentheses; the .NET SDK sends "delta()".
        if (segments[6] is "delta" or "delta()" && segments.Length == 7)
        {
            return request.Method == "GET" ? Delta(request, mailbox, list, now) : MethodNotAllowed(request, now);
        }

        TodoTaskState? task;
        lock (state.Sync)
        {
            task = list.FindTask(segments[6]);
        }

        if (task is null)
        {
            return GraphErrors.NotFound("ErrorItemNotFound", "The specified object was not found in the store.", now);
        }

        if (segments.Length == 7)
        {
            return request.Method switch
            {
                "GET" => GraphResponse.Json(200, Snapshot(() => task.ToJson(ExpandsLinks(request)))),
                "PATCH" => UpdateTask(request, list, task, now),
                "DELETE" => DeleteTask(list, task),
                _ => MethodNotAllowed(request, now),
            };
        }

        if (segments.Length == 8 && segments[7] == "linkedResources")
        {
            return request.Method switch
            {
                "GET" => GraphResponse.Json(200, Snapshot(() => new JsonObject { ["value"] = new JsonArray([.. task.LinkedResources.Select(r => (JsonNode)r.DeepClone())]) })),
                "POST" => AddLinkedResource(request, list, task, now),
                _ => MethodNotAllowed(request, now),
            };
        }

        return GraphErrors.Create(400, "BadRequest", $"Resource not found for the segment '{segments[^1]}'.", now);
    }

    /// <summary>A new opaque id in the style of Exchange ids (base64url, no padding, safe in a URL path).</summary>
    public static string NewId(string prefix) =>
        prefix + Base64Url.EncodeToString([.. Guid.NewGuid().ToByteArray(), .. Guid.NewGuid().ToByteArray()]);

    private static GraphResponse MethodNotAllowed(GraphRequest request, DateTimeOffset now) =>
        GraphErrors.Create(405, "Request_BadRequest", $"The HTTP method '{request.Method}' is not allowed on this resource.", now);

    private JsonObject Snapshot(Func<JsonObject> read)
    {
        lock (state.Sync)
        {
            return read();
        }
    }

    private GraphResponse Lists(Mailbox mailbox) => GraphResponse.Json(200, Snapshot(() => new JsonObject
    {
        ["value"] = new JsonArray([.. mailbox.ListsInternal.Select(l => (JsonNode)l.ToJson())]),
    }));

    private GraphResponse CreateList(GraphRequest request, Mailbox mailbox, DateTimeOffset now)
    {
        if (request.Body is not JsonObject body || body["displayName"] is not JsonValue name || name.GetValueKind() != System.Text.Json.JsonValueKind.String || string.IsNullOrWhiteSpace(name.GetValue<string>()))
        {
            return GraphErrors.Invalid("A todoTaskList needs a non-empty string 'displayName'.", now);
        }

        var list = new TodoListState(NewId("AAMkADlist"), name.GetValue<string>(), state.Sync);
        lock (state.Sync)
        {
            mailbox.ListsInternal.Add(list);
            return GraphResponse.Json(201, list.ToJson());
        }
    }

    private GraphResponse CreateTask(GraphRequest request, TodoListState list, DateTimeOffset now)
    {
        var (fields, links, error) = TodoValidation.Task(request.Body, creating: true);
        if (error is not null)
        {
            return GraphErrors.Invalid(error, now);
        }

        var task = new TodoTaskState(NewId("AAMkADtask"), fields!, now);
        foreach (var link in links!)
        {
            task.LinkedResources.Add(WithId(link));
        }

        task.SetCompletion(now);
        lock (state.Sync)
        {
            task.Sequence = ++list.Sequence;
            list.TasksInternal.Add(task);
            return GraphResponse.Json(201, task.ToJson());
        }
    }

    private GraphResponse UpdateTask(GraphRequest request, TodoListState list, TodoTaskState task, DateTimeOffset now)
    {
        var (fields, _, error) = TodoValidation.Task(request.Body, creating: false);
        if (error is not null)
        {
            return GraphErrors.Invalid(error, now);
        }

        lock (state.Sync)
        {
            if (list.FindTask(task.Id) is null)
            {
                return GraphErrors.NotFound("ErrorItemNotFound", "The specified object was not found in the store.", now);
            }

            foreach (var (name, value) in fields!)
            {
                task.Fields[name] = value?.DeepClone();
            }

            task.SetCompletion(now);
            task.Touch(list, now);
            return GraphResponse.Json(200, task.ToJson(withLinkedResources: false));
        }
    }

    private GraphResponse DeleteTask(TodoListState list, TodoTaskState task)
    {
        lock (state.Sync)
        {
            list.Delete(task);
            return GraphResponse.Empty(204);
        }
    }

    private GraphResponse AddLinkedResource(GraphRequest request, TodoListState list, TodoTaskState task, DateTimeOffset now)
    {
        if (TodoValidation.LinkedResource(request.Body) is { } error)
        {
            return GraphErrors.Invalid(error, now);
        }

        var link = WithId((JsonObject)request.Body!.DeepClone());
        lock (state.Sync)
        {
            task.LinkedResources.Add(link);
            task.Touch(list, now);
            return GraphResponse.Json(201, (JsonObject)link.DeepClone());
        }
    }

    private static JsonObject WithId(JsonObject link)
    {
        var copy = (JsonObject)link.DeepClone();
        copy.Remove("@odata.type");
        copy["id"] = Guid.NewGuid().ToString("D");
        return copy;
    }

    private GraphResponse Delta(GraphRequest request, Mailbox mailbox, TodoListState list, DateTimeOffset now)
    {
        if (request.Query.TryGetValue("$deltatoken", out var token))
        {
            return long.TryParse(Decode(token), NumberStyles.None, CultureInfo.InvariantCulture, out var since)
                ? TaskPage(request, mailbox, list, since, skip: null, delta: true)
                : GraphErrors.Create(400, "badRequest", "The delta token is not valid.", now);
        }

        if (request.Query.TryGetValue("$skiptoken", out var skip))
        {
            var parts = Decode(skip)?.Split('.');
            return parts is { Length: 3 } && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var upTo)
                && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var after)
                ? TaskPage(request, mailbox, list, from, (upTo, after), delta: true)
                : GraphErrors.Create(400, "badRequest", "The skip token is not valid.", now);
        }

        return TaskPage(request, mailbox, list, since: 0, skip: null, delta: true);
    }

    /// <summary>
    /// One page of changes with a sequence in (since, upTo], ordered by sequence: the tasks changed (all of them on the
    /// first round) and, after a delta token, the tasks deleted as <c>@removed</c>. Paging is by sequence, so a task
    /// changed while a client pages simply moves to the next round.
    /// </summary>
    private GraphResponse TaskPage(GraphRequest request, Mailbox mailbox, TodoListState list, long since, (long UpTo, long After)? skip, bool delta)
    {
        var pageSize = PageSize(request);
        var expand = ExpandsLinks(request);
        var carried = expand ? "&$expand=linkedResources" : "";
        lock (state.Sync)
        {
            var upTo = skip?.UpTo ?? list.Sequence;
            var after = skip?.After ?? since;
            var changes = list.TasksInternal.Where(t => t.Sequence > after && t.Sequence <= upTo).Select(t => (t.Sequence, Json: (JsonNode)t.ToJson(expand)));
            if (delta && since > 0)
            {
                changes = changes.Concat(list.Tombstones.Where(d => d.Sequence > after && d.Sequence <= upTo)
                    .Select(d => (d.Sequence, Json: (JsonNode)new JsonObject { ["id"] = d.Id, ["@removed"] = new JsonObject { ["reason"] = "deleted" } })));
            }

            var page = changes.OrderBy(c => c.Sequence).Take(pageSize + 1).ToList();
            var more = page.Count > pageSize;
            if (more)
            {
                page.RemoveAt(page.Count - 1);
            }

            var baseUrl = new Uri(request.ApiRoot, $"users/{Uri.EscapeDataString(mailbox.UserId)}/todo/lists/{list.Id}/tasks{(delta ? "/delta" : "")}").AbsoluteUri;
            var body = new JsonObject { ["value"] = new JsonArray([.. page.Select(c => c.Json)]) };
            if (more)
            {
                var next = string.Create(CultureInfo.InvariantCulture, $"{since}.{upTo}.{page[^1].Sequence}");
                body["@odata.nextLink"] = $"{baseUrl}?$skiptoken={Encode(next)}{carried}";
            }
            else if (delta)
            {
                body["@odata.deltaLink"] = $"{baseUrl}?$deltatoken={Encode(upTo.ToString(CultureInfo.InvariantCulture))}{carried}";
            }

            return GraphResponse.Json(200, body);
        }
    }

    /// <summary>
    /// <c>$expand=linkedResources</c> asked for: Graph returns navigation properties only when expanded, and its
    /// next and delta links keep the query they were made for, so the links carry it on.
    /// </summary>
    private static bool ExpandsLinks(GraphRequest request) =>
        request.Query.TryGetValue("$expand", out var expand)
        && expand.Split(',', StringSplitOptions.TrimEntries).Contains("linkedResources", StringComparer.OrdinalIgnoreCase);

    private int PageSize(GraphRequest request)
    {
        var size = defaultPageSize;
        if (request.Query.TryGetValue("$top", out var top) && int.TryParse(top, NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t > 0)
        {
            size = Math.Min(size, t);
        }

        if (request.Headers.TryGetValue("Prefer", out var prefer))
        {
            foreach (var part in prefer.Split(',', StringSplitOptions.TrimEntries))
            {
                if (part.StartsWith("odata.maxpagesize=", StringComparison.OrdinalIgnoreCase)
                    && int.TryParse(part["odata.maxpagesize=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m > 0)
                {
                    size = Math.Min(size, m);
                }
            }
        }

        return size;
    }

    private static string Encode(string token) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(token));

    private static string? Decode(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
