using Connector.Store.Relational;
using Connector.Sync.Audit;
using Connector.Sync.Ports;

namespace Connector.Store.Tests.Relational;

/// <summary>The audit journal as a hash chain (decision 95): intact chains verify, edits, deletions and insertions are named.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task ReadAuditChainAsync_ThreeAppends_VerifiesWithTheLastEventsHashAsHead()
    {
        await AppendEventsAsync(Store, 3);

        var chain = await ChainAsync(Store);
        var verification = await AuditChain.VerifyAsync(ToAsync(chain), CancellationToken.None);

        Assert.True(verification.Intact, verification.Break?.Problem);
        Assert.Equal(3, verification.Events);
        Assert.Equal(new byte[AuditHash.Length], chain[0].PrevHash);
        Assert.Equal(chain[0].Hash, chain[1].PrevHash);
        Assert.Equal(AuditHash.ToHex(AuditHash.Compute(chain[1].Hash, chain[2].Id, chain[2].Event)), verification.Head);
    }

    [Fact]
    public async Task ReadAuditChainAsync_ReasonEditedThroughRawSql_FirstBrokenLinkIsTheEditedEvent()
    {
        var ids = await AppendEventsAsync(Store, 4);

        await ScalarAsync(ConnectionString, $"UPDATE audit_event SET reason = 'released because the CFO said so' WHERE id = {ids[1]}");
        var verification = await VerifyAsync(Store);

        Assert.Equal(ids[1], verification.Break?.EventId);
        Assert.Contains("edited", verification.Break!.Problem, StringComparison.Ordinal);
        Assert.Equal(1, verification.Events);
    }

    [Fact]
    public async Task ReadAuditChainAsync_EventDeletedThroughRawSql_FirstBrokenLinkIsTheEventAfterIt()
    {
        var ids = await AppendEventsAsync(Store, 4);

        await ScalarAsync(ConnectionString, $"DELETE FROM audit_event WHERE id = {ids[1]}");
        var verification = await VerifyAsync(Store);

        Assert.Equal(ids[2], verification.Break?.EventId);
        Assert.Contains($"does not match event {ids[0]}", verification.Break!.Problem, StringComparison.Ordinal);
        Assert.Contains("deleted", verification.Break.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAuditChainAsync_EventCopiedWithItsHashesToTheEnd_FirstBrokenLinkIsTheInsertedEvent()
    {
        var ids = await AppendEventsAsync(Store, 3);

        await ScalarAsync(ConnectionString,
            "INSERT INTO audit_event (at, actor, action, subject, before, after, reason, prev_hash, hash) " +
            $"SELECT at, actor, action, subject, before, after, reason, prev_hash, hash FROM audit_event WHERE id = {ids[1]}");
        var chain = await ChainAsync(Store);
        var verification = await VerifyAsync(Store);

        Assert.Equal(4, chain.Count);
        Assert.Equal(chain[3].Id, verification.Break?.EventId);
        Assert.Contains("inserted", verification.Break!.Problem, StringComparison.Ordinal);
        Assert.Equal(3, verification.Events);
    }

    [Fact]
    public async Task ReadAuditChainAsync_EventInsertedWithoutHashes_NamedAsWrittenOutsideTheConnector()
    {
        await AppendEventsAsync(Store, 2);

        await ScalarAsync(ConnectionString, "INSERT INTO audit_event (at, actor, action, subject, reason) VALUES ('2025-03-14 10:00:00+00:00', 'cli:mallory', 'hold.release', 'customer:C-9', 'forged')");
        var verification = await VerifyAsync(Store);

        Assert.Contains("has no hash", verification.Break?.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppendAsync_TwoStoresAppendingAtOnce_OneValidChain()
    {
        await using var second = OpenStore(ConnectionString, Time);

        await Task.WhenAll(
            Task.Run(() => AppendEventsAsync(Store, 15, "cli:first")),
            Task.Run(() => AppendEventsAsync(second, 15, "cli:second")));
        var verification = await VerifyAsync(Store);

        Assert.True(verification.Intact, verification.Break?.Problem);
        Assert.Equal(30, verification.Events);
    }

    [Fact]
    public async Task MigrateAsync_EventsWrittenBeforeTheChain_ChainedInIdOrderAndVerify()
    {
        var fresh = await CreateDatabaseAsync();
        await using (var old = (RelationalConnectorStore)OpenStore(fresh, Time))
        {
            await old.MigrateToAsync(7, CancellationToken.None);
        }

        foreach (var reason in (string[])["first", "second"])
        {
            await ScalarAsync(fresh, $"INSERT INTO audit_event (at, actor, action, subject, reason) VALUES ('2025-03-14 10:00:00+00:00', 'cli:jdoe', 'hold.release', 'customer:C-1', '{reason}')");
        }

        await using var upgraded = OpenStore(fresh, Time);
        await upgraded.MigrateAsync(CancellationToken.None);
        await upgraded.AppendAsync(new AuditEvent(Time.GetUtcNow(), "cli:jdoe", "hold.set", "customer:C-1", null, "held", "third"), CancellationToken.None);
        var chain = await ChainAsync(upgraded);
        var verification = await VerifyAsync(upgraded);

        Assert.True(verification.Intact, verification.Break?.Problem);
        Assert.Equal(["first", "second", "third"], chain.Select(e => e.Event.Reason));
        Assert.Equal(3, verification.Events);
    }

    private async Task<List<long>> AppendEventsAsync(IConnectorStore store, int count, string actor = "cli:jdoe")
    {
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            // Sub-microsecond ticks and an optional field missing: both must survive the round trip into the hash.
            var at = Time.GetUtcNow().AddTicks(1234567 + i);
            ids.Add(await store.AppendAsync(new AuditEvent(at, actor, "hold.release", $"customer:C-{i}", i % 2 == 0 ? null : "held", "released", $"promise {i}: 1 200,00 € — ok"), CancellationToken.None));
        }

        return ids;
    }

    private static async Task<List<ChainedAuditEvent>> ChainAsync(IConnectorStore store)
    {
        var chain = new List<ChainedAuditEvent>();
        await foreach (var stored in store.ReadAuditChainAsync(CancellationToken.None))
        {
            chain.Add(stored);
        }

        return chain;
    }

    private static Task<AuditChainVerification> VerifyAsync(IConnectorStore store) => AuditChain.VerifyAsync(store.ReadAuditChainAsync(CancellationToken.None), CancellationToken.None);

    private static async IAsyncEnumerable<ChainedAuditEvent> ToAsync(IEnumerable<ChainedAuditEvent> events)
    {
        foreach (var stored in events)
        {
            yield return stored;
        }

        await Task.CompletedTask;
    }
}
