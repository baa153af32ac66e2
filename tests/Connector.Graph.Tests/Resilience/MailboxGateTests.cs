using Connector.Graph.Resilience;
using Connector.Graph.Tests.Support;
using Connector.Sync.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Connector.Graph.Tests.Resilience;

/// <summary>
/// Outlook throttles a mailbox, not a request (issue 15, "Outlook throttling is per mailbox"): after a 429 every request
/// to that mailbox waits out the <c>Retry-After</c>, other mailboxes go on, and the gate's counters say so. The emulator
/// and the client share one fake clock, so the wait is the test's to end.
/// </summary>
public sealed class MailboxGateTests
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2.5);

    [Fact]
    public async Task Request_AfterA429ForItsMailbox_IsNotSentBeforeRetryAfterWhileOtherMailboxesGoOn()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));
        await using var host = await GraphTestHost.StartAsync(o => o.Users.Add("bob"), new Dictionary<string, string?> { ["MaxRetries"] = "0" }, clock);
        host.Emulator.ThrottleMailbox("alice", RetryAfter);
        var throttled = await Assert.ThrowsAsync<TaskBoardException>(() => host.Board.EnsureListAsync("alice", "AR Collections", CancellationToken.None));
        var sentToAlice = host.State.RequestsFor("alice");

        var next = host.Board.EnsureListAsync("alice", "AR Collections", CancellationToken.None);
        var otherMailbox = await host.Board.EnsureListAsync("bob", "AR Collections", CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(300)); // real time: room for a request that wrongly goes at once

        Assert.Equal((429, "ApplicationThrottled"), (throttled.Status, throttled.Code));
        Assert.False(string.IsNullOrEmpty(otherMailbox));
        Assert.False(next.IsCompleted, next.Exception?.InnerException?.Message ?? "the request to the paused mailbox was answered");
        Assert.Equal(sentToAlice, host.State.RequestsFor("alice"));
        var gate = host.Services.GetRequiredService<MailboxGate>();
        Assert.Equal(new MailboxGateCounters(1, 1, 1, RetryAfter, clock.GetUtcNow() + RetryAfter), gate.Counters("alice"));
        Assert.Equal(new MailboxGateCounters(2, 0, 0, TimeSpan.Zero, null), gate.Counters("bob"));

        clock.Advance(RetryAfter);
        var list = await next;

        Assert.False(string.IsNullOrEmpty(list));
        Assert.True(host.State.RequestsFor("alice") > sentToAlice);
        Assert.Equal((1L, 1L, RetryAfter, (DateTimeOffset?)null), (gate.Counters("alice").Throttled, gate.Counters("alice").Held, gate.Counters("alice").PausedFor, gate.Counters("alice").PausedUntil));
    }

    [Fact]
    public async Task Throttled_SecondPauseOverlappingTheFirst_CountsTheTimePausedOnce()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));
        var gate = new MailboxGate(4, clock);

        gate.Throttled("alice@contoso.example", TimeSpan.FromSeconds(2));
        clock.Advance(TimeSpan.FromSeconds(1));
        gate.Throttled("ALICE@contoso.example", TimeSpan.FromSeconds(2));
        gate.Throttled("alice@contoso.example", TimeSpan.FromSeconds(0.5));

        var counters = gate.Counters("alice@contoso.example");
        Assert.Equal((3L, TimeSpan.FromSeconds(3), clock.GetUtcNow() + TimeSpan.FromSeconds(2)), (counters.Throttled, counters.PausedFor, counters.PausedUntil));
    }
}
