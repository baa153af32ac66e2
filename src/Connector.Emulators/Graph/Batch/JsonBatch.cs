using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connector.Emulators.Graph.Batch;

/// <summary>
/// <c>POST /v1.0/$batch</c> (reference §11, JSON batching): at most 20 requests, each dispatched through the same
/// handlers in order, <c>dependsOn</c> honoured (424 when a dependency did not succeed); the batch itself is 200 even
/// when parts are 429.
/// </summary>
internal static class JsonBatch
{
    public const int MaxRequests = 20;

    public static async Task<GraphResponse> HandleAsync(GraphDispatcher dispatcher, JsonNode? body, Uri apiRoot, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (body is not JsonObject obj || obj["requests"] is not JsonArray requests)
        {
            return GraphErrors.Invalid("A JSON batch needs a 'requests' array.", now);
        }

        if (requests.Count > MaxRequests)
        {
            return GraphErrors.Invalid($"The number of batch requests ({requests.Count}) exceeds the limit of {MaxRequests}.", now);
        }

        var parts = new List<(string Id, GraphRequest Request, string[] DependsOn)>();
        foreach (var node in requests)
        {
            if (Parse(node, parts.Select(p => p.Id)) is { } error)
            {
                return GraphErrors.Invalid(error, now);
            }

            parts.Add(Read((JsonObject)node!, apiRoot));
        }

        var statuses = new Dictionary<string, int>(StringComparer.Ordinal);
        var responses = new JsonArray();
        foreach (var (id, request, dependsOn) in parts)
        {
            var response = dependsOn.Any(d => statuses[d] is < 200 or >= 300)
                ? GraphErrors.Create(424, "FailedDependency", "The request failed because a request it depends on failed.", now)
                : await dispatcher.DispatchAsync(request, cancellationToken);
            statuses[id] = response.Status;
            var headers = new JsonObject();
            foreach (var (name, value) in response.Headers)
            {
                headers[name] = value;
            }

            if (response.Body is not null)
            {
                headers["Content-Type"] = "application/json";
            }

            var item = new JsonObject { ["id"] = id, ["status"] = response.Status, ["headers"] = headers };
            if (response.Body is not null)
            {
                item["body"] = response.Body.DeepClone();
            }

            responses.Add(item);
        }

        return GraphResponse.Json(200, new JsonObject { ["responses"] = responses });
    }

    /// <summary>Why a batch part is malformed, or null.</summary>
    private static string? Parse(JsonNode? node, IEnumerable<string> earlierIds)
    {
        if (node is not JsonObject part)
        {
            return "Each batch request must be a JSON object.";
        }

        if (part["id"] is not JsonValue id || id.GetValueKind() != JsonValueKind.String || id.GetValue<string>().Length == 0)
        {
            return "Each batch request needs a string 'id'.";
        }

        var earlier = earlierIds.ToHashSet(StringComparer.Ordinal);
        if (earlier.Contains(id.GetValue<string>()))
        {
            return $"Batch request id '{id.GetValue<string>()}' is used twice.";
        }

        if (part["method"] is not JsonValue method || method.GetValueKind() != JsonValueKind.String || part["url"] is not JsonValue url || url.GetValueKind() != JsonValueKind.String)
        {
            return $"Batch request '{id.GetValue<string>()}' needs a 'method' and a relative 'url'.";
        }

        if (Uri.TryCreate(url.GetValue<string>(), UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal))
        {
            return $"Batch request '{id.GetValue<string>()}' has an absolute url; batch urls are relative to the version (e.g. /users/{{id}}/todo/lists).";
        }

        if (part["dependsOn"] is { } dependsOn)
        {
            if (dependsOn is not JsonArray array || array.Any(d => d is not JsonValue v || v.GetValueKind() != JsonValueKind.String || !earlier.Contains(v.GetValue<string>())))
            {
                return $"Batch request '{id.GetValue<string>()}' has a 'dependsOn' that does not name earlier request ids.";
            }
        }

        if (part["body"] is not null && (part["headers"]?["Content-Type"] ?? part["headers"]?["content-type"]) is null)
        {
            return $"Batch request '{id.GetValue<string>()}' has a body but no Content-Type header.";
        }

        return null;
    }

    private static (string Id, GraphRequest Request, string[] DependsOn) Read(JsonObject part, Uri apiRoot)
    {
        var url = part["url"]!.GetValue<string>();
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        var mark = url.IndexOf('?', StringComparison.Ordinal);
        if (mark >= 0)
        {
            foreach (var pair in url[(mark + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                query[Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq])] = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            }

            url = url[..mark];
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (part["headers"] is JsonObject given)
        {
            foreach (var (name, value) in given)
            {
                headers[name] = value?.ToString() ?? "";
            }
        }

        var dependsOn = part["dependsOn"] is JsonArray array ? [.. array.Select(d => d!.GetValue<string>())] : Array.Empty<string>();
        var request = new GraphRequest(part["method"]!.GetValue<string>().ToUpperInvariant(), url, query, headers, part["body"]?.DeepClone(), false, apiRoot);
        return (part["id"]!.GetValue<string>(), request, dependsOn);
    }
}
