using System.Globalization;
using System.Text.Json.Nodes;

namespace Connector.Emulators.Graph;

/// <summary>The Graph <c>ODataError</c> body: <c>{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}</c>.</summary>
internal static class GraphErrors
{
    public static GraphResponse Create(int status, string code, string message, DateTimeOffset now, IReadOnlyDictionary<string, string>? headers = null)
    {
        var requestId = Guid.NewGuid().ToString("D");
        var body = new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = code,
                ["message"] = message,
                ["innerError"] = new JsonObject
                {
                    ["date"] = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
                    ["request-id"] = requestId,
                    ["client-request-id"] = requestId,
                },
            },
        };
        return new GraphResponse(status, body, headers ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
    }

    public static GraphResponse NotFound(string code, string message, DateTimeOffset now) => Create(404, code, message, now);

    public static GraphResponse Invalid(string message, DateTimeOffset now) => Create(400, "invalidRequest", message, now);
}
