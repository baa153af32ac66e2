using Connector.Sync.Ports;

namespace Connector.Store.Tests.Relational;

/// <summary>The statements sent (migration 0014): one record per customer and period, claimed before the send, confirmed after.</summary>
public abstract partial class StoreContractTests
{
    private static StatementSendRecord Claim(string customer, string period) =>
        new(customer, period, StatementSendState.Sending, "ap@c.example; cc ar@us.example", "Statement of account October 2026 – Us", Start, null);

    private static AuditEvent StatementAudit(string action, string customer) =>
        new(Start, "connector", action, "customer:" + customer, null, "statement 2026-10", null);

    [Fact]
    public async Task TryClaimStatementSendAsync_SecondClaimOfTheSamePeriod_RefusedAndTheFirstKept()
    {
        Assert.True(await Store.TryClaimStatementSendAsync(Claim("C-1", "2026-10"), CancellationToken.None));

        Assert.False(await Store.TryClaimStatementSendAsync(Claim("C-1", "2026-10") with { Recipients = "other@c.example" }, CancellationToken.None));
        Assert.True(await Store.TryClaimStatementSendAsync(Claim("C-1", "2026-11"), CancellationToken.None));
        Assert.True(await Store.TryClaimStatementSendAsync(Claim("C-2", "2026-10"), CancellationToken.None));

        var october = await Store.ReadStatementSendsAsync("2026-10", CancellationToken.None);
        Assert.Equal(["C-1", "C-2"], october.Select(static r => r.CustomerId));
        Assert.Equal((StatementSendState.Sending, "ap@c.example; cc ar@us.example", (DateTimeOffset?)null), (october[0].State, october[0].Recipients, october[0].SentAt));
        Assert.Equal(Start, october[0].StartedAt);
        Assert.Equal(3, (await Store.ReadStatementSendsAsync(null, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task RecordStatementSentAsync_ClaimedSend_MarkedSentWithItsAudit()
    {
        await Store.TryClaimStatementSendAsync(Claim("C-1", "2026-10"), CancellationToken.None);
        var sentAt = Start.AddMinutes(1);

        await Store.RecordStatementSentAsync("C-1", "2026-10", sentAt, StatementAudit("statement.sent", "C-1"), CancellationToken.None);

        var record = Assert.Single(await Store.ReadStatementSendsAsync("2026-10", CancellationToken.None));
        Assert.Equal((StatementSendState.Sent, (DateTimeOffset?)sentAt), (record.State, record.SentAt));
        Assert.False(await Store.TryClaimStatementSendAsync(Claim("C-1", "2026-10"), CancellationToken.None));
        var audit = Assert.Single(await Store.ReadAuditAsync("customer:C-1", 10, CancellationToken.None));
        Assert.Equal("statement.sent", audit.Event.Action);
    }

    [Fact]
    public async Task ReleaseStatementSendAsync_ClaimedSend_CanBeClaimedAgain()
    {
        await Store.TryClaimStatementSendAsync(Claim("C-1", "2026-10"), CancellationToken.None);

        await Store.ReleaseStatementSendAsync("C-1", "2026-10", StatementAudit("statement.failed", "C-1"), CancellationToken.None);

        Assert.Empty(await Store.ReadStatementSendsAsync("2026-10", CancellationToken.None));
        Assert.True(await Store.TryClaimStatementSendAsync(Claim("C-1", "2026-10"), CancellationToken.None));
        Assert.Equal("statement.failed", Assert.Single(await Store.ReadAuditAsync("customer:C-1", 10, CancellationToken.None)).Event.Action);
    }
}
