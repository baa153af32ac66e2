using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Connector.Emulators.Dataverse.Records;

namespace Connector.Emulators.Dataverse.Webhooks;

/// <summary>
/// Calls webhook steps as Dataverse does (reference §8.3, fidelity facts 19): only the status code counts, the body is
/// ignored; a call gets 60 s and one retry, only after a 502, 503 or 504 (never after a 500, another status or a
/// timeout); a synchronous step's failure fails the operation with a generic endpoint error; asynchronous steps run
/// after the write commits, from a queue, and never fail it.
/// Synchronous calls are made while the environment's gate is held (the emulator serialises writes), so an endpoint
/// must not call back into the emulator synchronously; asynchronous ones are made outside it.
/// </summary>
internal sealed class WebhookPipeline : IAsyncDisposable
{
    private readonly DataverseEnvironment environment;
    private readonly WebhookOptions options;
    private readonly HttpClient http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    private readonly Channel<QueuedDelivery> queue = Channel.CreateUnbounded<QueuedDelivery>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock sync = new();
    private readonly List<WebhookDelivery> deliveries = [];
    private readonly List<TaskCompletionSource> idleWaiters = [];
    private int pending;
    private Task? worker;

    public WebhookPipeline(DataverseEnvironment environment, WebhookOptions options)
    {
        this.environment = environment;
        this.options = options;
    }

    /// <summary>Every invocation so far, in the order they finished.</summary>
    public IReadOnlyList<WebhookDelivery> Deliveries
    {
        get
        {
            lock (sync)
            {
                return deliveries.ToList();
            }
        }
    }

    /// <summary>Completes once no asynchronous delivery is queued or in flight.</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        lock (sync)
        {
            if (pending == 0)
            {
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            idleWaiters.Add(waiter);
            return waiter.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>The enabled webhook steps that apply to this operation (filtering attributes checked for Update).</summary>
    public List<RegisteredStep> StepsFor(TableState table, string message, IEnumerable<string> columnsSet)
    {
        var steps = RegisteredStep.Find(environment, table.LogicalName, message);
        return steps.Count == 0 ? steps : steps.Where(s => s.Applies(columnsSet)).ToList();
    }

    /// <summary>Runs one synchronous step; throws the generic endpoint error when it does not answer 2xx in time.</summary>
    public void CallSynchronous(StepInvocation invocation)
    {
        var (body, truncated) = ExecutionContextWriter.Write(environment, invocation, options.MaxPayloadBytes);
        var attempts = 0;
        int? status;
        do
        {
            attempts++;
            status = Send(invocation, body, truncated);
        }
        while (attempts == 1 && IsRetried(status));

        var succeeded = status is >= 200 and < 300;
        Record(invocation, attempts, succeeded, status);
        if (!succeeded)
        {
            throw new DataverseFaultException(400, ErrorCodes.WebhookEndpointFailed,
                $"Endpoint unavailable: the webhook step '{invocation.Step.Name}' for {invocation.Step.Message} of {invocation.Table.LogicalName} did not succeed. The endpoint may be misconfigured or unavailable.");
        }
    }

    /// <summary>
    /// Queues an asynchronous step. The body is built now, from the committed state; when the write is part of a unit
    /// that later rolls back (<paramref name="journal"/>), the delivery is dropped, as Dataverse queues nothing for a
    /// rolled-back transaction. The queue re-checks under the gate, so it never sends before the unit is decided.
    /// </summary>
    public void Enqueue(StepInvocation invocation, UndoJournal? journal)
    {
        var (body, truncated) = ExecutionContextWriter.Write(environment, invocation, options.MaxPayloadBytes);
        var item = new QueuedDelivery(invocation, body, truncated);
        journal?.Record(() => item.Cancelled = true);
        lock (sync)
        {
            pending++;
            worker ??= Task.Run(WorkAsync);
        }

        queue.Writer.TryWrite(item);
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        Task? worker;
        lock (sync)
        {
            worker = this.worker;
        }

        if (worker is not null)
        {
            await worker;
        }

        http.Dispose();
    }

    private async Task WorkAsync()
    {
        await foreach (var item in queue.Reader.ReadAllAsync())
        {
            bool cancelled;
            lock (environment.Gate)
            {
                cancelled = item.Cancelled;
            }

            if (!cancelled)
            {
                var attempts = 0;
                int? status;
                do
                {
                    if (attempts > 0)
                    {
                        await Task.Delay(options.AsyncRetryDelay, Clock);
                    }

                    attempts++;
                    status = await SendAsync(item.Invocation, item.Body, item.Truncated);
                }
                while (attempts == 1 && IsRetried(status));

                Record(item.Invocation, attempts, status is >= 200 and < 300, status);
            }

            lock (sync)
            {
                if (--pending == 0)
                {
                    foreach (var waiter in idleWaiters)
                    {
                        waiter.TrySetResult();
                    }

                    idleWaiters.Clear();
                }
            }
        }
    }

    private TimeProvider Clock => options.TimeProvider ?? TimeProvider.System;

    /// <summary>"Retried one time if the endpoint returns 502, 503 or 504" — and after nothing else.</summary>
    private static bool IsRetried(int? status) => status is 502 or 503 or 504;

    private int? Send(StepInvocation invocation, string body, bool truncated)
    {
        using var request = Request(invocation, body, truncated);
        using var timeout = new CancellationTokenSource(options.Timeout, Clock);
        try
        {
            using var response = http.Send(request, timeout.Token);
            return (int)response.StatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or IOException)
        {
            return null;
        }
    }

    private async Task<int?> SendAsync(StepInvocation invocation, string body, bool truncated)
    {
        using var request = Request(invocation, body, truncated);
        using var timeout = new CancellationTokenSource(options.Timeout, Clock);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            return (int)response.StatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or IOException)
        {
            return null;
        }
    }

    /// <summary>The POST Dataverse sends: the context as JSON, its lower-case x-ms-dynamics headers (§8.4) and the registered auth.</summary>
    private HttpRequestMessage Request(StepInvocation invocation, string body, bool truncated)
    {
        var auth = invocation.Step.Auth;
        var url = invocation.Step.Url.ToString();
        if (auth.AuthType is WebhookAuth.WebhookKeyType or WebhookAuth.HttpQueryStringType && auth.Pairs.Count > 0)
        {
            var query = string.Join("&", auth.Pairs.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
            url += (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("x-request-id", invocation.RequestId.ToString("D"));
        request.Headers.TryAddWithoutValidation("x-ms-dynamics-organization", options.OrganizationName);
        request.Headers.TryAddWithoutValidation("x-ms-dynamics-entity-name", invocation.Table.LogicalName);
        request.Headers.TryAddWithoutValidation("x-ms-dynamics-request-name", invocation.Step.Message);
        request.Headers.TryAddWithoutValidation("x-ms-correlation-request-id", invocation.CorrelationId.ToString("D"));
        if (truncated)
        {
            request.Headers.TryAddWithoutValidation("x-ms-dynamics-msg-size-exceeded", "true");
        }

        if (auth.AuthType == WebhookAuth.HttpHeaderType)
        {
            foreach (var (name, value) in auth.Pairs)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }

    private void Record(StepInvocation invocation, int attempts, bool succeeded, int? status)
    {
        var step = invocation.Step;
        lock (sync)
        {
            deliveries.Add(new WebhookDelivery(step.Id, step.Message, invocation.Table.LogicalName, invocation.RecordId, step.Stage, step.Mode, attempts, succeeded, status));
        }
    }

    private sealed class QueuedDelivery(StepInvocation invocation, string body, bool truncated)
    {
        public StepInvocation Invocation { get; } = invocation;

        public string Body { get; } = body;

        public bool Truncated { get; } = truncated;

        /// <summary>Set (under the gate) when the unit the write belonged to rolled back.</summary>
        public bool Cancelled { get; set; }
    }
}
