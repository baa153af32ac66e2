using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Connector.Emulators.Dataverse.Batch;
using Connector.Emulators.Dataverse.Protection;
using Connector.Emulators.Dataverse.Records;
using Microsoft.AspNetCore.Http;

namespace Connector.Emulators.Dataverse.WebApi;

/// <summary>
/// Routes Web API operations to their handlers and turns refusals into the documented error JSON. Top-level HTTP
/// requests and $batch parts come through the same <see cref="Dispatch"/>; only top-level requests are counted.
/// </summary>
internal sealed partial class WebApiDispatcher(DataverseEnvironment environment, RequestObservation observation)
{
    private static readonly string[] BulkMessages = ["Microsoft.Dynamics.CRM.CreateMultiple", "Microsoft.Dynamics.CRM.UpdateMultiple", "Microsoft.Dynamics.CRM.UpsertMultiple"];

    /// <summary>Serves one HTTP request under <c>/api/data/v9.x/</c>; anything else is a 404 in the Web API's error shape.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var prefix = ApiPrefix().Match(path);
        if (!prefix.Success)
        {
            environment.Requests.Increment(RequestKinds.NotFound);
            await WriteAsync(context, ApiResponse.Error(404, ErrorCodes.ODataRequest, $"Resource not found for the segment '{path.Trim('/')}'."));
            return;
        }

        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 4096, leaveOpen: true))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in context.Request.Headers)
        {
            headers[name] = string.Join(", ", values.ToArray());
        }

        var request = new ApiRequest
        {
            Method = context.Request.Method.ToUpperInvariant(),
            Path = path[prefix.Length..],
            RawQuery = context.Request.QueryString.HasValue ? context.Request.QueryString.Value![1..] : string.Empty,
            Headers = headers,
            Body = body,
            ServiceRoot = new Uri($"{context.Request.Scheme}://{context.Request.Host}/api/data/{prefix.Groups["version"].Value}/"),
            Caller = CallerIdentity.Of(context),
            Cost = context.Features.Get<ExecutionCostFeature>(),
        };

        var kind = KindOf(request);
        environment.Requests.Increment(kind);
        observation.Received(context, request.Method, kind, EntitySetOf(request));
        var response = Dispatch(request);
        observation.Executed(context, response.Status);
        await WriteAsync(context, response);
    }

    /// <summary>Runs one operation; a refusal becomes its error response.</summary>
    public ApiResponse Dispatch(ApiRequest request)
    {
        try
        {
            var segments = ResourcePath.Parse(request.Path);
            if (segments.Count > 0 && segments[0].Name == "$batch")
            {
                RequireMethod(request, "POST", segments[0].Name);
                return BatchEndpoint.Execute(environment, request, Dispatch);
            }

            lock (environment.Gate)
            {
                return Route(request, segments);
            }
        }
        catch (DataverseFaultException fault)
        {
            return ApiResponse.Error(fault);
        }
    }

    private ApiResponse Route(ApiRequest request, IReadOnlyList<PathSegment> segments)
    {
        if (segments.Count == 0)
        {
            return ServiceDocument(request);
        }

        var first = segments[0];
        switch (first.Name)
        {
            case "WhoAmI":
                RequireMethod(request, "GET", first.Name);
                return ActionEndpoints.WhoAmI(environment, request);
            case "ImportSolution":
                RequireMethod(request, "POST", first.Name);
                return ActionEndpoints.ImportSolution(environment, request);
            case "EntityDefinitions":
                RequireMethod(request, "GET", first.Name);
                return MetadataEndpoints.EntityDefinitions(environment, request, segments);
            case "sdkmessagefilters" when first.KeyText is null && segments.Count == 1:
                RequireMethod(request, "GET", first.Name);
                return MetadataEndpoints.SdkMessageFilters(environment, request);
        }

        var table = environment.TableBySet(first.Name)
            ?? throw new DataverseFaultException(404, ErrorCodes.ODataRequest, $"Resource not found for the segment '{first.Name}'.");

        if (segments.Count == 2 && first.KeyText is null && BulkMessages.Contains(segments[1].Name, StringComparer.Ordinal))
        {
            RequireMethod(request, "POST", segments[1].Name);
            return BulkEndpoints.Execute(environment, request, table, segments[1].Name["Microsoft.Dynamics.CRM.".Length..]);
        }

        if (segments.Count > 1)
        {
            throw new DataverseFaultException(404, ErrorCodes.ODataRequest, $"Resource not found for the segment '{segments[1].Name}'.");
        }

        return (first.KeyText, request.Method) switch
        {
            (null, "GET") => QueryEndpoint.Query(environment, request, table),
            (null, "POST") => RecordEndpoints.Create(environment, request, table),
            ({ } key, "GET") => RecordEndpoints.Retrieve(environment, request, table, key),
            ({ } key, "PATCH") => RecordEndpoints.Upsert(environment, request, table, key),
            ({ } key, "DELETE") => RecordEndpoints.Delete(environment, request, table, key),
            _ => throw MethodNotAllowed(request, first.Name),
        };
    }

    /// <summary>What a request counts as in <see cref="RequestCounters"/>.</summary>
    private string KindOf(ApiRequest request)
    {
        var segments = ResourcePath.Parse(request.Path);
        if (segments.Count == 0)
        {
            return RequestKinds.Metadata;
        }

        return segments[0].Name switch
        {
            "$batch" => RequestKinds.Batch,
            "WhoAmI" or "ImportSolution" => RequestKinds.Action,
            "EntityDefinitions" or "sdkmessagefilters" => RequestKinds.Metadata,
            var set when environment.TableBySet(set) is null => RequestKinds.NotFound,
            _ when segments.Count > 1 => RequestKinds.Bulk,
            _ => (segments[0].KeyText, request.Method) switch
            {
                (null, "GET") => RequestKinds.Query,
                (null, _) => RequestKinds.Create,
                (_, "GET") => RequestKinds.Retrieve,
                (_, "DELETE") => RequestKinds.Delete,
                _ => RequestKinds.Upsert,
            },
        };
    }

    /// <summary>The entity set a request's path starts with, or null when it names none.</summary>
    private string? EntitySetOf(ApiRequest request)
    {
        var segments = ResourcePath.Parse(request.Path);
        return segments.Count > 0 && environment.TableBySet(segments[0].Name) is not null ? segments[0].Name : null;
    }

    private ApiResponse ServiceDocument(ApiRequest request)
    {
        var sets = new JsonArray();
        foreach (var table in environment.AllTables.OrderBy(t => t.Definition.EntitySetName, StringComparer.Ordinal))
        {
            sets.Add(new JsonObject { ["name"] = table.Definition.EntitySetName, ["kind"] = "EntitySet", ["url"] = table.Definition.EntitySetName });
        }

        return ApiResponse.Json(200, new JsonObject { ["@odata.context"] = $"{request.ServiceRoot}$metadata", ["value"] = sets });
    }

    private static void RequireMethod(ApiRequest request, string method, string resource)
    {
        if (!string.Equals(request.Method, method, StringComparison.Ordinal))
        {
            throw MethodNotAllowed(request, resource);
        }
    }

    private static DataverseFaultException MethodNotAllowed(ApiRequest request, string resource) =>
        new(405, ErrorCodes.ODataRequest, $"The HTTP method '{request.Method}' is not allowed for the resource '{resource}'.");

    private static async Task WriteAsync(HttpContext context, ApiResponse response)
    {
        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers.Append(name, value);
        }

        if (response.Body is not null)
        {
            context.Response.ContentType = response.ContentType ?? ApiResponse.JsonContentType;
            await context.Response.WriteAsync(response.Body, context.RequestAborted);
        }
    }

    [GeneratedRegex("^/api/data/(?<version>v9\\.[0-9]+)(/|$)", RegexOptions.IgnoreCase)]
    private static partial Regex ApiPrefix();
}
