namespace Connector.Webhooks.Health;

/// <summary>
/// Whether this instance is leaving: set when the host begins to stop, so <c>/health/ready</c> answers 503 while the
/// webhooks still answer for <see cref="Hosting.WebhookOptions.DrainSeconds"/> — long enough for a load balancer to stop
/// sending — before Kestrel stops and finishes the requests in flight.
/// </summary>
public sealed class WebhookDrain
{
    private int draining;

    public bool IsDraining => Volatile.Read(ref draining) == 1;

    /// <summary>Marks the instance as leaving; <c>true</c> the first time.</summary>
    public bool Begin() => Interlocked.Exchange(ref draining, 1) == 0;
}
