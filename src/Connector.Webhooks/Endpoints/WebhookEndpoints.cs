using Connector.Sync.Credit;
using Connector.Sync.Ports;
using Connector.Webhooks.Decision;
using Connector.Webhooks.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connector.Webhooks.Endpoints;

/// <summary>
/// The routes Dataverse calls. Every failure of the caller is a 4xx with one line of text (401 without the key, 413
/// over 1 MB, 400 for a body we cannot read) and a business refusal is 403: never 502/503/504, which Dataverse
/// retries, and never another 5xx for something the caller did.
/// </summary>
public static partial class WebhookEndpoints
{
    public const string CheckPath = "/dataverse/orders/check";
    public const string ChangedPath = "/dataverse/orders/changed";
    public const string HealthPath = "/health";

    /// <summary>Far above a real context (Dataverse itself truncates at 256 KB), small enough that a flood costs little.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>The header Dataverse adds when it dropped the Target and images of a context over 256 KB.</summary>
    public const string SizeExceededHeader = "x-ms-dynamics-msg-size-exceeded";

    public static IEndpointRouteBuilder MapDataverseWebhooks(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.MapPost(CheckPath, CheckAsync).AddEndpointFilter(static (context, next) => Timed(CheckPath, context, next));
        routes.MapPost(ChangedPath, ChangedAsync).AddEndpointFilter(static (context, next) => Timed(ChangedPath, context, next));
        routes.MapGet(HealthPath, Health);
        return routes;
    }

    private static async Task<IResult> CheckAsync(HttpContext http, OrderCheckDecider decider, IWebhookAudit audit, WebhookGate gate)
    {
        var (context, refused) = await gate.ReadAsync(http);
        if (refused is not null)
        {
            return refused;
        }

        var result = decider.Decide(context!);
        WebhookTelemetry.Decided(result);
        if (result.Audit is { } auditEvent)
        {
            audit.Record(auditEvent);
        }

        if (!result.Allowed)
        {
            LogRefused(gate.Logger, context!.PrimaryEntityId, result.Sentence);
            return Results.Text(result.Sentence, statusCode: StatusCodes.Status403Forbidden);
        }

        return Results.Text(result.Sentence, statusCode: StatusCodes.Status200OK);
    }

    private static async Task<IResult> ChangedAsync(HttpContext http, IOrderChangeSink sink, TimeProvider time, WebhookGate gate)
    {
        var (context, refused) = await gate.ReadAsync(http);
        if (refused is not null)
        {
            return refused;
        }

        var orderId = context!.PrimaryEntityId != Guid.Empty ? context.PrimaryEntityId : context.Target?.Id ?? Guid.Empty;
        if (orderId == Guid.Empty)
        {
            return BadRequest(gate.Logger, "The context names no order: PrimaryEntityId and the Target's Id are both missing.");
        }

        if (!sink.TryOffer(new OrderChange(orderId, context.MessageName, context.CorrelationId, time.GetUtcNow())))
        {
            // Still 202: a retry would not empty the queue sooner, and change tracking picks the order up.
            LogNotQueued(gate.Logger, orderId);
        }

        return Results.Text($"Accepted: order {orderId:D} queued for its credit status.", statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>The request's time in the connector, from routing to the written answer, for <see cref="WebhookTelemetry"/>.</summary>
    private static async ValueTask<object?> Timed(string route, EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var http = context.HttpContext;
        http.Response.OnCompleted(() =>
        {
            WebhookTelemetry.Answered(route, http.Response.StatusCode, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            return Task.CompletedTask;
        });
        return await next(context);
    }

    private static IResult Health(CreditSnapshotHolder holder, TimeProvider time)
    {
        var snapshot = holder.Current;
        return Results.Json(new
        {
            status = "ok",
            creditEvaluatedAt = snapshot?.EvaluatedAt,
            creditAgeMinutes = snapshot is null ? (double?)null : Math.Round((time.GetUtcNow() - snapshot.EvaluatedAt).TotalMinutes, 1),
            accounts = snapshot?.AccountCount ?? 0,
            // Which published version this instance decides from (issue 17): instances behind one balancer should agree.
            snapshotVersion = holder.Version,
            snapshotPublishedAt = holder.PublishedAt,
            snapshotLoadedAt = holder.LoadedAt,
        });
    }

    internal static IResult BadRequest(ILogger logger, string line)
    {
        LogBadRequest(logger, line);
        return Results.Text(line, statusCode: StatusCodes.Status400BadRequest);
    }

    [LoggerMessage(EventId = LogEventIds.WebhookEndpoints + 1, Level = LogLevel.Information, Message = "Order {OrderId} refused at save: {Sentence}")]
    private static partial void LogRefused(ILogger logger, Guid orderId, string sentence);

    [LoggerMessage(EventId = LogEventIds.WebhookEndpoints + 2, Level = LogLevel.Warning, Message = "Webhook request refused as unreadable: {Problem}")]
    private static partial void LogBadRequest(ILogger logger, string problem);

    [LoggerMessage(EventId = LogEventIds.WebhookEndpoints + 3, Level = LogLevel.Warning, Message = "Order {OrderId} changed but not queued (queue full); change tracking will pick it up")]
    private static partial void LogNotQueued(ILogger logger, Guid orderId);
}
