using Connector.Sync.Ports;

namespace Connector.Sync.Audit;

/// <summary>The first event where the chain does not hold, and what does not match there.</summary>
public sealed record AuditChainBreak(long EventId, string Problem);

/// <summary>What <c>audit verify</c> found: how many events, the hash of the last one, the first broken link if any.</summary>
public sealed record AuditChainVerification(long Events, string? Head, AuditChainBreak? Break)
{
    public bool Intact => Break is null;
}

/// <summary>Walks the journal in id order and checks each event's previous hash and its own hash (decision 95).</summary>
public static class AuditChain
{
    public static async Task<AuditChainVerification> VerifyAsync(IAsyncEnumerable<ChainedAuditEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        byte[] previous = AuditHash.Genesis.ToArray();
        long? previousId = null;
        long count = 0;
        await foreach (var stored in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            count++;
            var before = previousId is null ? "the start of the journal" : $"event {previousId}";
            if (stored.Hash is null || stored.PrevHash is null)
            {
                return Broken(count, previous, stored.Id, "has no hash (written outside the connector)");
            }

            if (!stored.PrevHash.AsSpan().SequenceEqual(previous))
            {
                return Broken(count, previous, stored.Id, $"previous hash does not match {before} (an event was deleted, inserted or moved before it)");
            }

            var expected = AuditHash.Compute(previous, stored.Id, stored.Event);
            if (!stored.Hash.AsSpan().SequenceEqual(expected))
            {
                return Broken(count, previous, stored.Id, "content does not match its hash (the event was edited)");
            }

            previous = stored.Hash;
            previousId = stored.Id;
        }

        return new AuditChainVerification(count, count == 0 ? null : AuditHash.ToHex(previous), null);
    }

    private static AuditChainVerification Broken(long count, byte[] lastGood, long id, string problem) =>
        new(count - 1, count == 1 ? null : AuditHash.ToHex(lastGood), new AuditChainBreak(id, problem));
}
