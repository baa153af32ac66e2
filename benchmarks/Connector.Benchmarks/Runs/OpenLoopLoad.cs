using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace Connector.Benchmarks.Runs;

/// <summary>
/// One request: latency from its scheduled time and from when it actually left, its status (0: no answer) and body, and
/// the instance (index into the load's addresses) that answered it.
/// </summary>
internal readonly record struct LoadSample(double FromScheduleMs, double FromSendMs, int Status, string? Body, string? Error, int Instance = 0);

/// <summary>
/// An open-loop load generator: request <c>i</c> is due at <c>start + i / rate</c> whether or not earlier ones have
/// answered (Dataverse's users do not wait for each other), and its latency is counted from that due time, so a
/// stall in the server shows in every request it delays instead of holding the generator back (no coordinated
/// omission). Late wake-ups of the generator count against the server too: the figures are an upper bound. With
/// several addresses (instances behind a load balancer) request <c>i</c> goes to address <c>i mod n</c>: round robin,
/// as nginx's default <c>upstream</c> balancing does.
/// </summary>
internal sealed class OpenLoopLoad(HttpClient client, IReadOnlyList<Uri> urls, string headerName, string key)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private long next = -1;

    public OpenLoopLoad(HttpClient client, Uri url, string headerName, string key)
        : this(client, [url], headerName, key)
    {
    }

    /// <summary>How many addresses the requests are spread over.</summary>
    public int Instances => urls.Count;

    /// <summary>Sends every body at <paramref name="rate"/> per second, in order, and waits for every answer.</summary>
    public async Task<LoadResult> RunAsync(IReadOnlyList<byte[]> bodies, double rate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bodies);
        var interval = Stopwatch.Frequency / rate;
        var tasks = new Task<LoadSample>[bodies.Count];
        var yielding = 0L;
        var start = Stopwatch.GetTimestamp();

        // A thread of its own that sleeps: under load a timer-driven Task.Delay wakes ~3.5 ms late at the median on this
        // VM, Thread.Sleep ~0.1 ms. The requests' own work runs on the thread pool once they are sent.
        var lastSent = await Task.Factory.StartNew(
            () =>
            {
                for (var i = 0; i < tasks.Length; i++)
                {
                    var due = start + (long)(i * interval);
                    yielding += WaitUntil(due);
                    tasks[i] = SendAsync(bodies[i], i % urls.Count, due, cancellationToken);
                }

                return Stopwatch.GetTimestamp();
            },
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        var samples = await Task.WhenAll(tasks);
        return new LoadResult(samples, Stopwatch.GetElapsedTime(start, lastSent), Stopwatch.GetElapsedTime(start), Stopwatch.GetElapsedTime(0, yielding));
    }

    /// <summary>Sends one body now (to the next address in turn) and reads the whole answer.</summary>
    public Task<LoadSample> SendAsync(byte[] body, CancellationToken cancellationToken) =>
        SendAsync(body, (int)(Interlocked.Increment(ref next) % urls.Count), Stopwatch.GetTimestamp(), cancellationToken);

    /// <summary>
    /// Sleeps whole milliseconds, then yields the core for the rest (never early, never a pure spin); returns the
    /// ticks spent yielding, an upper bound of the CPU the wait took.
    /// </summary>
    private static long WaitUntil(long due)
    {
        var yieldingSince = 0L;
        while (Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due) is var left && left > TimeSpan.Zero)
        {
            if (left.TotalMilliseconds >= 1)
            {
#pragma warning disable RS0030 // The load generator paces a dedicated thread to the millisecond; an async delay would add a thread-pool hop of jitter to every scheduled send.
                Thread.Sleep((int)left.TotalMilliseconds);
#pragma warning restore RS0030
            }
            else
            {
                yieldingSince = yieldingSince == 0 ? Stopwatch.GetTimestamp() : yieldingSince;
                Thread.Yield();
            }
        }

        return yieldingSince == 0 ? 0 : Stopwatch.GetTimestamp() - yieldingSince;
    }

    private async Task<LoadSample> SendAsync(byte[] body, int instance, long scheduled, CancellationToken cancellationToken)
    {
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, urls[instance]) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = Json;
            request.Headers.Add(headerName, key);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var done = Stopwatch.GetTimestamp();
            return new LoadSample(Milliseconds(scheduled, done), Milliseconds(sent, done), (int)response.StatusCode, text, null, instance);
        }
        catch (HttpRequestException ex)
        {
            return Failed(scheduled, sent, ex.Message, instance);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(scheduled, sent, $"no answer within {client.Timeout.TotalSeconds:F0} s ({ex.GetType().Name})", instance);
        }
    }

    private static LoadSample Failed(long scheduled, long sent, string error, int instance)
    {
        var done = Stopwatch.GetTimestamp();
        return new LoadSample(Milliseconds(scheduled, done), Milliseconds(sent, done), 0, null, error, instance);
    }

    private static double Milliseconds(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
}

/// <summary>The samples of one open-loop run, with the time the last request left and the last answer came.</summary>
/// <param name="yielding">How long the generator yielded the core waiting for due times (at most the CPU it spent doing so).</param>
internal sealed class LoadResult(IReadOnlyList<LoadSample> samples, TimeSpan sending, TimeSpan total, TimeSpan yielding)
{
    private readonly double[] fromSchedule = [.. samples.Select(s => s.FromScheduleMs).Order()];
    private readonly double[] fromSend = [.. samples.Select(s => s.FromSendMs).Order()];

    public IReadOnlyList<LoadSample> Samples => samples;

    /// <summary>From the first due time to the last answer.</summary>
    public TimeSpan Elapsed => total;

    /// <summary>Time the generator spent yielding the core before due times (at most the CPU that took).</summary>
    public TimeSpan Yielding => yielding;

    /// <summary>Requests per second actually sent: the intervals between the first due time and the last request leaving.</summary>
    public double SentRate => samples.Count <= 1 || sending <= TimeSpan.Zero ? 0 : (samples.Count - 1) / sending.TotalSeconds;

    /// <summary>Answers per second over the whole run (first due time to the last answer).</summary>
    public double AnsweredRate => samples.Count / total.TotalSeconds;

    /// <summary>Answers that are neither 200 (allowed) nor 403 (refused), and requests that got no answer.</summary>
    public int Errors => samples.Count(s => s.Status is not (200 or 403));

    /// <summary>The latency from the scheduled time at quantile <paramref name="q"/> (nearest rank).</summary>
    public double Percentile(double q) => Rank(fromSchedule, q);

    public double Max => fromSchedule.Length == 0 ? 0 : fromSchedule[^1];

    public string Describe()
    {
        var statuses = samples.GroupBy(s => s.Status).OrderBy(g => g.Key)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{(g.Key == 0 ? "no answer" : g.Key.ToString(CultureInfo.InvariantCulture))} × {g.Count():N0}"));
        var errors = samples.Where(s => s.Error is not null).GroupBy(s => s.Error).Select(g => $"{g.Count():N0} × {g.Key}").Take(3).ToList();
        return string.Create(CultureInfo.InvariantCulture, $"""
              {samples.Count:N0} requests; sent at {SentRate:F1}/s, answered at {AnsweredRate:F1}/s (last answer {total.TotalSeconds:F2} s after the first was due)
              latency from the scheduled time: p50 {Percentile(0.50):F2} ms, p90 {Percentile(0.90):F2} ms, p99 {Percentile(0.99):F2} ms, p99.9 {Percentile(0.999):F2} ms, max {Max:F2} ms, mean {fromSchedule.DefaultIfEmpty().Average():F2} ms
              latency from the actual send (the generator's own lateness left out): p50 {Rank(fromSend, 0.50):F2} ms, p99 {Rank(fromSend, 0.99):F2} ms, max {(fromSend.Length == 0 ? 0 : fromSend[^1]):F2} ms
              status codes: {string.Join(", ", statuses)}; errors (not 200/403, or no answer): {Errors:N0}{(errors.Count == 0 ? string.Empty : " — " + string.Join("; ", errors))}{ByInstance()}
            """);
    }

    /// <summary>With more than one instance: each one's share, p50, p99 and max from the scheduled time.</summary>
    private string ByInstance()
    {
        var instances = samples.GroupBy(static s => s.Instance).OrderBy(static g => g.Key).ToList();
        if (instances.Count < 2)
        {
            return string.Empty;
        }

        var parts = instances.Select(g =>
        {
            double[] sorted = [.. g.Select(static s => s.FromScheduleMs).Order()];
            return string.Create(CultureInfo.InvariantCulture, $"#{g.Key + 1}: {g.Count():N0} requests, p50 {Rank(sorted, 0.50):F2} ms, p99 {Rank(sorted, 0.99):F2} ms, max {sorted[^1]:F2} ms");
        });
        return Environment.NewLine + "  by instance (round robin): " + string.Join("; ", parts);
    }

    private static double Rank(double[] sorted, double q) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
}
