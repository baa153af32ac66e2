using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Connector.Sync.Audit;
using Connector.Sync.Ports;

namespace Connector.Sync.Tests.Audit;

/// <summary>The documented hash encoding (decision 95) and the walk that names the first broken link.</summary>
public sealed class AuditChainTests
{
    private static readonly AuditEvent Release = new(new DateTimeOffset(2026, 11, 16, 9, 30, 0, TimeSpan.FromHours(1)).AddTicks(7), "cli:jdoe", "hold.release", "customer:C-1001", "held", null, "promise: 1 200,00 € by 2026-11-30");

    [Fact]
    public void Compute_OneEvent_IsSha256OfTheDocumentedEncoding()
    {
        var previous = Enumerable.Range(1, 32).Select(static b => (byte)b).ToArray();
        var expected = new List<byte>(previous);
        expected.AddRange(BigEndian(42L));
        // 2026-11-16 08:30:00 UTC in whole microseconds since 1970 (the 7 ticks, 0.7 µs, are dropped).
        expected.AddRange(BigEndian(1_794_817_800_000_000L));
        foreach (var field in (string?[])["cli:jdoe", "hold.release", "customer:C-1001", "held", null, "promise: 1 200,00 € by 2026-11-30"])
        {
            var bytes = field is null ? null : Encoding.UTF8.GetBytes(field);
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, bytes?.Length ?? -1);
            expected.AddRange(length);
            expected.AddRange(bytes ?? []);
        }

        Assert.Equal(SHA256.HashData(expected.ToArray()), AuditHash.Compute(previous, 42, Release));
    }

    [Fact]
    public void Compute_EmptyTextAgainstMissingText_DifferentHashes()
    {
        Assert.NotEqual(AuditHash.Compute(AuditHash.Genesis, 1, Release with { After = "" }), AuditHash.Compute(AuditHash.Genesis, 1, Release));
    }

    [Fact]
    public async Task VerifyAsync_IntactChain_CountsEveryEventAndNamesTheHead()
    {
        var chain = Chain(3);

        var verification = await AuditChain.VerifyAsync(Async(chain), CancellationToken.None);

        Assert.Equal(new AuditChainVerification(3, AuditHash.ToHex(chain[2].Hash), null), verification);
    }

    [Fact]
    public async Task VerifyAsync_EmptyJournal_IntactWithoutHead()
    {
        var verification = await AuditChain.VerifyAsync(Async([]), CancellationToken.None);

        Assert.Equal(new AuditChainVerification(0, null, null), verification);
    }

    [Fact]
    public async Task VerifyAsync_TwoEventsSwapped_FirstBrokenLinkIsTheFirstMovedEvent()
    {
        var chain = Chain(4);
        (chain[1], chain[2]) = (chain[2], chain[1]);

        var verification = await AuditChain.VerifyAsync(Async(chain), CancellationToken.None);

        Assert.Equal(3, verification.Break?.EventId);
        Assert.Equal("previous hash does not match event 1 (an event was deleted, inserted or moved before it)", verification.Break!.Problem);
        Assert.Equal(1, verification.Events);
    }

    private static List<ChainedAuditEvent> Chain(int count)
    {
        var chain = new List<ChainedAuditEvent>();
        var previous = AuditHash.Genesis.ToArray();
        for (var id = 1; id <= count; id++)
        {
            var auditEvent = Release with { Reason = $"event {id}" };
            var hash = AuditHash.Compute(previous, id, auditEvent);
            chain.Add(new ChainedAuditEvent(id, auditEvent, previous, hash));
            previous = hash;
        }

        return chain;
    }

    private static byte[] BigEndian(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return bytes;
    }

    private static async IAsyncEnumerable<ChainedAuditEvent> Async(IEnumerable<ChainedAuditEvent> events)
    {
        foreach (var stored in events)
        {
            yield return stored;
        }

        await Task.CompletedTask;
    }
}
