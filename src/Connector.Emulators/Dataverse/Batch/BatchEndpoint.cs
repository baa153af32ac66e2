using System.Text.RegularExpressions;
using Connector.Emulators.Dataverse.Records;
using Connector.Emulators.Dataverse.WebApi;

namespace Connector.Emulators.Dataverse.Batch;

/// <summary>
/// <c>POST $batch</c>: parts run in order through the same handlers as top-level requests. A change set is atomic (all
/// its members applied or none) and resolves <c>$n</c> Content-ID references in URLs and <c>@odata.bind</c> values; GET
/// is not allowed inside one; at most 1,000 operations. By default processing stops at the first failure and the outer
/// 400 carries only that failure (earlier parts outside change sets stay committed, unreported); a failed change set
/// reports only its failing member. <c>Prefer: odata.continue-on-error</c> answers every part (200).
/// </summary>
internal static partial class BatchEndpoint
{
    public const int MaxOperations = 1000;

    private sealed record Operation(HttpMessageText Message, string? ContentId);

    private sealed record Item(Operation? Single, IReadOnlyList<Operation>? ChangeSet);

    public static ApiResponse Execute(DataverseEnvironment environment, ApiRequest request, Func<ApiRequest, ApiResponse> dispatch)
    {
        var items = Parse(request);
        var continueOnError = request.Preferences.ContinueOnError && environment.Options.BatchHonoursContinueOnError;
        var writer = new BatchResponseWriter();
        foreach (var item in items)
        {
            if (item.Single is { } single)
            {
                var response = Run(request, single, journal: null, contentIds: null, dispatch);
                response.ContentId = single.ContentId;
                if (!response.IsSuccess && !continueOnError)
                {
                    // batch.http: "The batch error represents the error of the first failing request": the outer 400
                    // carries that answer alone; the parts before it stay applied but are not reported (facts item 8).
                    return Failed(writer => writer.Single(response));
                }

                writer.Single(response);
            }
            else
            {
                var responses = RunChangeSet(environment, request, item.ChangeSet!, dispatch);
                if (responses is [{ IsSuccess: false }] && !continueOnError)
                {
                    return Failed(writer => writer.ChangeSet(responses));
                }

                writer.ChangeSet(responses);
            }
        }

        return new ApiResponse { Status = 200, ContentType = writer.ContentType, Body = writer.Finish() };
    }

    private static ApiResponse Failed(Action<BatchResponseWriter> write)
    {
        var writer = new BatchResponseWriter();
        write(writer);
        return new ApiResponse { Status = 400, ContentType = writer.ContentType, Body = writer.Finish() };
    }

    private static List<ApiResponse> RunChangeSet(DataverseEnvironment environment, ApiRequest outer, IReadOnlyList<Operation> members, Func<ApiRequest, ApiResponse> dispatch)
    {
        var responses = new List<ApiResponse>();
        lock (environment.Gate)
        {
            var journal = new UndoJournal();
            var contentIds = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var member in members)
            {
                var response = Run(outer, member, journal, contentIds, dispatch);
                response.ContentId = member.ContentId;
                if (!response.IsSuccess)
                {
                    // All or nothing: undo what earlier members did and report the failing one alone.
                    journal.Rollback();
                    return [response];
                }

                if (member.ContentId is not null && response.EntityId is not null)
                {
                    contentIds["$" + member.ContentId] = response.EntityId;
                }

                responses.Add(response);
            }
        }

        return responses;
    }

    private static ApiResponse Run(ApiRequest outer, Operation operation, UndoJournal? journal, Dictionary<string, string>? contentIds, Func<ApiRequest, ApiResponse> dispatch)
    {
        try
        {
            var target = operation.Message.Target;
            Func<string, string?> resolve = reference => contentIds?.GetValueOrDefault(reference);
            if (target.StartsWith('$'))
            {
                var end = target.IndexOfAny(['/', '?']);
                var reference = end < 0 ? target : target[..end];
                target = PayloadReader.ResolveReference(reference, resolve) + (end < 0 ? string.Empty : target[end..]);
            }

            var question = target.IndexOf('?', StringComparison.Ordinal);
            var path = question < 0 ? target : target[..question];
            var query = question < 0 ? string.Empty : target[(question + 1)..];
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, value) in operation.Message.Headers)
            {
                headers[name] = headers.TryGetValue(name, out var earlier) ? $"{earlier}, {value}" : value;
            }

            return dispatch(new ApiRequest
            {
                Method = operation.Message.Method,
                Path = Uri.UnescapeDataString(ResourcePath.RelativeToServiceRoot(path)),
                RawQuery = query,
                Headers = headers,
                Body = operation.Message.Body,
                ServiceRoot = outer.ServiceRoot,
                Caller = outer.Caller,
                Cost = outer.Cost,
                Journal = journal,
                ContentIdUrls = contentIds,
            });
        }
        catch (DataverseFaultException fault)
        {
            return ApiResponse.Error(fault);
        }
    }

    /// <summary>Reads and checks the whole batch before anything runs: a malformed batch is refused as a whole.</summary>
    private static List<Item> Parse(ApiRequest request)
    {
        var boundary = MultipartReader.BoundaryOf(request.Header("Content-Type"))
            ?? throw BadBatch("The $batch request must have Content-Type multipart/mixed with a boundary.");
        var items = new List<Item>();
        var operations = 0;
        foreach (var part in MultipartReader.Read(request.Body, boundary))
        {
            var contentType = part.Header("Content-Type");
            if (MultipartReader.IsMultipart(contentType))
            {
                var inner = MultipartReader.BoundaryOf(contentType) ?? throw BadBatch("A change set part has no boundary.");
                var members = new List<Operation>();
                var declared = new HashSet<string>(StringComparer.Ordinal);
                foreach (var memberPart in MultipartReader.Read(part.Content, inner))
                {
                    if (MultipartReader.IsMultipart(memberPart.Header("Content-Type")))
                    {
                        throw BadBatch("Change sets cannot be nested.");
                    }

                    var member = ReadOperation(memberPart);
                    if (string.Equals(member.Message.Method, "GET", StringComparison.Ordinal))
                    {
                        throw BadBatch("An invalid HTTP method 'GET' was detected for a request in a change set. Requests in change sets only support the HTTP methods 'POST', 'PUT', 'DELETE', and 'PATCH'.");
                    }

                    RequireDeclared(member, declared);
                    if (member.ContentId is not null)
                    {
                        declared.Add("$" + member.ContentId);
                    }

                    members.Add(member);
                }

                operations += members.Count;
                items.Add(new Item(null, members));
            }
            else
            {
                var single = ReadOperation(part);
                RequireDeclared(single, []);
                operations++;
                items.Add(new Item(single, null));
            }
        }

        if (operations > MaxOperations)
        {
            // Wording of the DynamicsWebApi report ("maximum '1000'"); the code Dataverse uses here is unconfirmed.
            throw BadBatch($"The batch contains too many operations ({operations}), maximum '{MaxOperations}'.");
        }

        return items;
    }

    private static Operation ReadOperation(MultipartPart part)
    {
        HttpMessageText message;
        try
        {
            message = HttpMessageText.Parse(part.Content);
            _ = message.Target;
        }
        catch (FormatException exception)
        {
            throw BadBatch(exception.Message);
        }

        if (message.IsResponse)
        {
            throw BadBatch($"'{message.StartLine}' is not a request line.");
        }

        return new Operation(message, part.Header("Content-ID"));
    }

    /// <summary>Every <c>$n</c> a request uses (in its URL or its body) must be a Content-ID declared before it in its change set.</summary>
    private static void RequireDeclared(Operation operation, HashSet<string> declared)
    {
        var target = operation.Message.Target;
        var references = new List<string>();
        if (ReferenceInTarget().Match(target) is { Success: true } inTarget)
        {
            references.Add(inTarget.Value);
        }

        references.AddRange(ReferenceInBody().Matches(operation.Message.Body).Select(m => m.Groups["ref"].Value));
        foreach (var reference in references.Where(r => !declared.Contains(r)))
        {
            throw BadBatch($"Content-ID Reference: '{reference}' does not exist in the batch context.");
        }
    }

    private static DataverseFaultException BadBatch(string message) => new(400, ErrorCodes.ODataRequest, message);

    [GeneratedRegex("^\\$[A-Za-z0-9_.-]+")]
    private static partial Regex ReferenceInTarget();

    [GeneratedRegex("\"(?<ref>\\$[A-Za-z0-9_.-]+)(?=[\"/])")]
    private static partial Regex ReferenceInBody();
}
