using System.Text.Json;
using System.Text.Json.Nodes;
using Connector.Emulators.Dataverse.Records;

namespace Connector.Emulators.Dataverse.WebApi;

/// <summary>What a handler answers: status, headers and an optional JSON (or multipart) body.</summary>
internal sealed class ApiResponse
{
    public const string JsonContentType = "application/json; odata.metadata=minimal";

    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    public int Status { get; init; }

    public List<KeyValuePair<string, string>> Headers { get; } = [];

    public string? ContentType { get; init; }

    public string? Body { get; init; }

    /// <summary>The Content-ID of the batch part this answers, echoed back.</summary>
    public string? ContentId { get; set; }

    /// <summary>The record URL a create or upsert produced (OData-EntityId), used to resolve <c>$n</c> references.</summary>
    public string? EntityId { get; private set; }

    public bool IsSuccess => Status is >= 200 and < 300;

    public static ApiResponse NoContent() => new() { Status = 204 };

    public static ApiResponse Json(int status, JsonNode body) =>
        new() { Status = status, ContentType = JsonContentType, Body = body.ToJsonString(Compact) };

    public static ApiResponse Error(DataverseFaultException fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        return Error(fault.Status, fault.Code, fault.Message);
    }

    public static ApiResponse Error(int status, string code, string message) =>
        Json(status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });

    public ApiResponse WithEntityId(string url)
    {
        EntityId = url;
        Headers.Add(new("OData-EntityId", url));
        return this;
    }

    public ApiResponse WithHeader(string name, string value)
    {
        Headers.Add(new(name, value));
        return this;
    }
}
