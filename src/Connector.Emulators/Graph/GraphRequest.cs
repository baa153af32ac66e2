using System.Text.Json.Nodes;

namespace Connector.Emulators.Graph;

/// <summary>One Graph call, from the wire or from inside a <c>$batch</c>: path relative to <c>/v1.0/</c>, without the query.</summary>
internal sealed record GraphRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers, JsonNode? Body, bool BodyIsInvalidJson, Uri ApiRoot);

/// <summary>What a handler answers; written to the wire or into a <c>$batch</c> response.</summary>
internal sealed record GraphResponse(int Status, JsonNode? Body, IReadOnlyDictionary<string, string> Headers)
{
    private static readonly Dictionary<string, string> NoHeaders = new(StringComparer.OrdinalIgnoreCase);

    public static GraphResponse Json(int status, JsonNode body) => new(status, body, NoHeaders);

    public static GraphResponse Empty(int status) => new(status, null, NoHeaders);

    public bool IsSuccess => Status is >= 200 and < 300;
}
