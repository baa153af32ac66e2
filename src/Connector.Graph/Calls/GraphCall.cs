using System.Globalization;
using Connector.Sync.Ports;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Polly.Timeout;

namespace Connector.Graph.Calls;

/// <summary>
/// Runs one SDK call and turns whatever failure escapes the retries into one <see cref="TaskBoardException"/> line
/// that names what was being done: "Graph refused to create the task for CASE-C1 in mailbox jane@contoso.com: 400
/// invalidRequest: …". Cancellation by the caller is not a failure and passes through. The configured token is
/// redacted from every message, in case a server or proxy echoes it.
/// </summary>
internal sealed class GraphCall(string? secret, int timeoutSeconds)
{
    /// <summary>Runs <paramref name="call"/>; <paramref name="operation"/> is the phrase after "Graph refused to".</summary>
    public async Task<T> RunAsync<T>(string operation, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call();
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && Describe(exception, operation) is { } failure)
        {
            throw failure;
        }
    }

    public Task RunAsync(string operation, Func<Task> call, CancellationToken cancellationToken) =>
        RunAsync(operation, async () =>
        {
            await call();
            return true;
        }, cancellationToken);

    /// <summary>The exception to throw for <paramref name="exception"/>, or null when it is not a Graph failure.</summary>
    internal TaskBoardException? Describe(Exception exception, string operation)
    {
        switch (exception)
        {
            case AggregateException aggregate:
                return aggregate.InnerExceptions.Select(inner => Describe(inner, operation)).FirstOrDefault(e => e is not null);
            case ODataError error:
                return Answered(operation, error.ResponseStatusCode, error.Error?.Code, error.Error?.Message, exception);
            case ApiException api:
                return Answered(operation, api.ResponseStatusCode, null, null, exception);
            case TimeoutRejectedException or TaskCanceledException:
                return new TaskBoardException(OneLine(string.Create(CultureInfo.InvariantCulture, $"Graph did not answer within {timeoutSeconds} s when asked to {operation}")), null, null, exception);
            case HttpRequestException http:
                return new TaskBoardException(OneLine($"Could not reach Graph to {operation}: {http.Message}"), null, null, exception);
            default:
                return null;
        }
    }

    private TaskBoardException Answered(string operation, int status, string? code, string? message, Exception inner)
    {
        var verb = status is >= 400 and < 500 and not 408 and not 429 ? "refused to" : "failed to";
        var text = string.Create(CultureInfo.InvariantCulture, $"Graph {verb} {operation}: {status}");
        if (!string.IsNullOrWhiteSpace(code))
        {
            text += " " + code;
        }

        if (!string.IsNullOrWhiteSpace(message))
        {
            text += ": " + message;
        }

        return new TaskBoardException(OneLine(text), status == 0 ? null : status, code, inner);
    }

    private string OneLine(string text)
    {
        var line = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return string.IsNullOrEmpty(secret) ? line : line.Replace(secret, "[redacted]", StringComparison.Ordinal);
    }
}
