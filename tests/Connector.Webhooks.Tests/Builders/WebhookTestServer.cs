using System.Collections.Concurrent;
using System.Text;
using Connector.Domain.Credit;
using Connector.Domain.Policies;
using Connector.Sync.Clock;
using Connector.Sync.Credit;
using Connector.Sync.Ports;
using Connector.Webhooks.Decision;
using Connector.Webhooks.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Webhooks.Tests.Builders;

/// <summary>The webhook endpoints on real Kestrel (127.0.0.1, port 0) with a fake clock, an audit and an order queue to assert on.</summary>
internal sealed class WebhookTestServer : IAsyncDisposable, IWebhookAudit, IOrderChangeSink
{
    public const string Key = "test-key-0123456789-abcdefghijklmnop";
    public const string HeaderName = "x-arc-key";
    public static readonly Guid ConnectorUser = Guid.Parse("99999999-0000-0000-0000-000000000009");

    private WebhookServer? server;

    private WebhookTestServer(FakeTimeProvider time, CreditSnapshotHolder snapshots)
    {
        Time = time;
        Snapshots = snapshots;
        Client = new HttpClient();
    }

    public FakeTimeProvider Time { get; }
    public CreditSnapshotHolder Snapshots { get; }
    public HttpClient Client { get; }
    public ConcurrentQueue<AuditEvent> Audits { get; } = new();
    public ConcurrentQueue<OrderChange> Changes { get; } = new();

    /// <summary>A server whose snapshot (unless <paramref name="publish"/> is false) was evaluated 15 minutes ago.</summary>
    /// <param name="logs">Where the server's log goes (its own lines and Kestrel's); nowhere when <c>null</c>.</param>
    /// <param name="snapshot">The evaluation to publish; <c>null</c>: <see cref="Portfolio.Snapshot"/>.</param>
    public static async Task<WebhookTestServer> StartAsync(CreditPolicy? policy = null, bool publish = true, CapturedLogs? logs = null, Func<CreditPolicy, CreditSnapshot>? snapshot = null)
    {
        policy ??= new CreditPolicy();
        var time = new FakeTimeProvider(Portfolio.EvaluatedAt.AddMinutes(15));
        var holder = new CreditSnapshotHolder();
        if (publish)
        {
            holder.Publish(snapshot is null ? Portfolio.Snapshot(policy) : snapshot(policy));
        }

        var test = new WebhookTestServer(time, holder);
        var options = new WebhookOptions { Urls = "http://127.0.0.1:0", HeaderName = HeaderName, Key = Key, ConnectorUserId = ConnectorUser };
        test.server = await WebhookServer.StartAsync(
            options, new WebhookServices(holder, policy, test, test, new CompanyClock(time, new CompanyPolicy()), logs?.Factory() ?? NullLoggerFactory.Instance), CancellationToken.None);
        test.Client.BaseAddress = test.server.BaseAddress;
        return test;
    }

    public static CreditPolicy Reject(CheckFailurePolicy stale = CheckFailurePolicy.FailOpen, CheckFailurePolicy unknown = CheckFailurePolicy.FailOpen) =>
        new() { OrderEnforcement = OrderEnforcement.Reject, StaleSnapshotPolicy = stale, UnknownCustomerPolicy = unknown };

    public Task<HttpResponseMessage> PostAsync(string path, string body, string? key = Key, bool truncated = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add(HeaderName, key);
        }

        if (truncated)
        {
            request.Headers.Add("x-ms-dynamics-msg-size-exceeded", "true");
        }

        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> CheckAsync(Payload payload) => PostAsync("dataverse/orders/check", payload.Json());

    public void Record(AuditEvent auditEvent) => Audits.Enqueue(auditEvent);

    public bool TryOffer(OrderChange change)
    {
        Changes.Enqueue(change);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
