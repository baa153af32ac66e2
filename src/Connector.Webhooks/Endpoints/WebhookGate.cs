using System.Buffers;
using Connector.Webhooks.Context;
using Connector.Webhooks.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Webhooks.Endpoints;

/// <summary>
/// What every webhook request passes before it is decided: the key (401), the size (413), the JSON (400). The key is
/// checked first, so a stranger learns nothing about sizes or formats.
/// </summary>
public sealed partial class WebhookGate
{
    private readonly string headerName;
    private readonly WebhookKey key;

    public WebhookGate(IOptions<WebhookOptions> options, ILogger<WebhookGate> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        headerName = options.Value.HeaderName;
        key = new WebhookKey(options.Value.Key ?? throw new InvalidOperationException($"{WebhookOptions.SectionName}:Key is not set."));
        Logger = logger;
    }

    internal ILogger Logger { get; }

    /// <summary>The parsed context, or the response that refuses the request.</summary>
    internal async Task<(RemoteExecutionContext? Context, IResult? Refused)> ReadAsync(HttpContext http)
    {
        var request = http.Request;
        if (!key.Matches(request.Headers.TryGetValue(headerName, out var values) && values.Count == 1 ? values[0] : null))
        {
            LogUnauthorized(Logger, http.Connection.RemoteIpAddress?.ToString() ?? "unknown", request.Path.Value ?? "");
            return (null, Results.Text($"Missing or wrong {headerName} header.", statusCode: StatusCodes.Status401Unauthorized));
        }

        if (request.ContentLength > WebhookEndpoints.MaxBodyBytes)
        {
            return (null, TooLarge());
        }

        ReadOnlyMemory<byte>? body;
        try
        {
            body = await ReadBodyAsync(request.Body, http.RequestAborted);
        }
        catch (Exception ex) when (Abandoned(ex, http.RequestAborted) is { } reason)
        {
            // The caller hung up or sent too slowly: nothing of ours failed, and a stack trace would tell no one anything.
            LogAbandoned(Logger, http.Connection.RemoteIpAddress?.ToString() ?? "unknown", request.Path.Value ?? "", reason);
            return (null, Results.Text(reason, statusCode: ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest));
        }

        if (body is null)
        {
            return (null, TooLarge());
        }

        var truncated = request.Headers.TryGetValue(WebhookEndpoints.SizeExceededHeader, out var exceeded)
            && !string.Equals(exceeded.ToString(), "false", StringComparison.OrdinalIgnoreCase);
        try
        {
            return (RemoteExecutionContextParser.Parse(body.Value, truncated), null);
        }
        catch (WebhookPayloadException ex)
        {
            return (null, WebhookEndpoints.BadRequest(Logger, ex.Message));
        }
    }

    /// <summary>The whole body, or <c>null</c> when it runs past the limit (a chunked body has no Content-Length to refuse early).</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            var memory = buffer.GetMemory(16 * 1024);
            var read = await body.ReadAsync(memory, cancellationToken);
            if (read == 0)
            {
                return buffer.WrittenMemory;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > WebhookEndpoints.MaxBodyBytes)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// Why the body could not be read when the caller is the cause — it disconnected (the read is cancelled or the
    /// connection reset), the body ended before its Content-Length, or it arrived slower than Kestrel's minimum rate —
    /// or <c>null</c> for anything else, which stays an error of ours.
    /// </summary>
    private static string? Abandoned(Exception exception, CancellationToken requestAborted) => exception switch
    {
        OperationCanceledException when requestAborted.IsCancellationRequested => "the caller disconnected before sending the whole body",
        BadHttpRequestException bad => bad.Message,
        IOException io => $"the connection failed while reading the body: {io.Message}",
        _ => null,
    };

    private static IResult TooLarge() =>
        Results.Text($"The body is larger than {WebhookEndpoints.MaxBodyBytes / 1024 / 1024} MB.", statusCode: StatusCodes.Status413PayloadTooLarge);

    [LoggerMessage(EventId = LogEventIds.WebhookGate + 1, Level = LogLevel.Warning, Message = "Webhook request from {RemoteAddress} to {Path} refused: missing or wrong key")]
    private static partial void LogUnauthorized(ILogger logger, string remoteAddress, string path);

    [LoggerMessage(EventId = LogEventIds.WebhookGate + 2, Level = LogLevel.Warning, Message = "Webhook request from {RemoteAddress} to {Path} abandoned: {Reason}")]
    private static partial void LogAbandoned(ILogger logger, string remoteAddress, string path, string reason);
}
