using System.Diagnostics;
using System.Globalization;
using System.Net;
using Xunit.Abstractions;

namespace Connector.Worker.Tests.Running;

/// <summary>
/// A client acting as a load balancer in front of the instances' order webhooks: order checks sent round-robin, one
/// after another; on a connection failure or a timeout the same request goes to the next instance, and the instance
/// that failed is skipped for <see cref="FailTimeout"/> (passive health checks, as nginx's <c>max_fails=1 fail_timeout=10s</c>).
/// </summary>
internal sealed class RoundRobinBalancer(IReadOnlyList<Uri> instances, IReadOnlyList<string> orders)
{
    private static readonly TimeSpan FailTimeout = TimeSpan.FromSeconds(10);

    private readonly List<Answer> answers = [];

    private int sent;

    /// <summary>One order check as the caller saw it; <see cref="Status"/> null: every instance failed it.</summary>
    public sealed record Answer(int Order, DateTimeOffset SentAt, DateTimeOffset AnsweredAt, TimeSpan Latency, int Retries, HttpStatusCode? Status, string Sentence);

    /// <summary>Read once <see cref="RunAsync"/> has ended.</summary>
    public IReadOnlyList<Answer> Answers => answers;

    /// <summary>Order checks answered or failed so far.</summary>
    public int Sent => Volatile.Read(ref sent);

    /// <summary>Sends order checks until <paramref name="stop"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        // Generous: a live instance on a loaded machine answers well within this; only a dead one times out.
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var downUntil = new DateTimeOffset[instances.Count];
        var next = 0;
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var order = i % orders.Count;
            var sentAt = TimeProvider.System.GetUtcNow();
            var watch = Stopwatch.StartNew();
            var retries = 0;
            (HttpStatusCode Status, string Sentence)? answer = null;
            for (var attempt = 0; attempt < instances.Count && answer is null; attempt++)
            {
                // The next instance not marked down; all down: the next one anyway.
                var now = TimeProvider.System.GetUtcNow();
                var pick = Enumerable.Range(0, instances.Count).Select(k => (next + k) % instances.Count).FirstOrDefault(k => downUntil[k] <= now, next % instances.Count);
                next = (pick + 1) % instances.Count;
                try
                {
                    answer = await RunSharedSnapshotTests.CheckAsync(client, instances[pick], orders[order]);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    retries++;
                    downUntil[pick] = TimeProvider.System.GetUtcNow() + FailTimeout;
                }
            }

            answers.Add(new Answer(order, sentAt, TimeProvider.System.GetUtcNow(), watch.Elapsed, retries, answer?.Status, answer?.Sentence ?? ""));
            Interlocked.Increment(ref sent);
            await Task.Delay(20, CancellationToken.None);
        }
    }

    /// <summary>Requests sent, failed for the caller, retried, and the latency p50/p99/max of those sent between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public void Report(ITestOutputHelper output, string window, DateTimeOffset from, DateTimeOffset to)
    {
        var inWindow = answers.Where(a => a.SentAt >= from && a.SentAt <= to).ToList();
        var latencies = inWindow.Select(static a => a.Latency.TotalMilliseconds).Order().ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"webhooks {window} ({(to - from).TotalSeconds:0.0} s): {inWindow.Count} order checks sent, {inWindow.Count(static a => a.Status is null)} failed for the caller, "
            + $"{inWindow.Count(static a => a.Retries > 0)} needed a retry on another instance ({inWindow.Sum(static a => a.Retries)} retries); "
            + $"latency p50 {Percentile(latencies, 0.50):0.0} ms, p99 {Percentile(latencies, 0.99):0.0} ms, max {(latencies.Count == 0 ? 0 : latencies[^1]):0.0} ms"));
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
