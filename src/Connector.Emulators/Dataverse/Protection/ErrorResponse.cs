using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Connector.Emulators.Dataverse.Protection;

/// <summary>Writes the Dataverse error body <c>{"error":{"code":"0x…","message":"…"}}</c> (reference §4).</summary>
internal static class ErrorResponse
{
    public static async Task WriteAsync(HttpContext context, int statusCode, string code, string message, CancellationToken cancellationToken)
    {
        var body = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteStartObject("error");
            json.WriteString("code", code);
            json.WriteString("message", message);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json; odata.metadata=minimal";
        context.Response.Headers["OData-Version"] = "4.0";
        context.Response.ContentLength = body.WrittenCount;
        await context.Response.Body.WriteAsync(body.WrittenMemory, cancellationToken);
    }
}
