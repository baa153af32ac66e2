using Connector.Bank.Tests.Support;
using Connector.Testing;

namespace Connector.Bank.Tests.Intake;

[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>;

/// <summary>The bank entries on a real PostgreSQL server (migration 0008 in its own dialect).</summary>
[Collection("postgres")]
public sealed class PostgresBankStatementTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Run_NotificationThenStatementThenReversalOnPostgres_OnePaymentThenNone()
    {
        await using var bench = await BankBench.CreateAsync(await cluster.CreateDatabaseAsync("bank"));
        var credit = new CamtEntry(640.10m, AcctSvcrRef: "PG-REF-1", Transactions: [new CamtTx("PG-E2E", Payer: "Gamma LLC", Ustrd: "INV-2044")]);
        bench.Drop("a-notification.xml", CamtBuilder.Notification(BankBench.OurIban, credit));
        await bench.RunAsync();
        bench.Drop("b-statement.xml", CamtBuilder.Statement(BankBench.OurIban, credit));
        var confirmed = await bench.RunAsync();
        Assert.Equal(1, confirmed.SeenAgain);
        Assert.Equal(640.10m, Assert.Single(await bench.Store.ReadBankPaymentsAsync(CancellationToken.None)).Amount);

        bench.Drop("c-return.xml", CamtBuilder.Statement(BankBench.OurIban, new CamtEntry(640.10m, Credit: false, Reversal: true, AcctSvcrRef: "PG-REF-9", Transactions: [new CamtTx("PG-E2E")])));
        var reversed = await bench.RunAsync();

        Assert.Equal(1, reversed.Reversed);
        Assert.Empty(await bench.Store.ReadBankPaymentsAsync(CancellationToken.None));
    }
}
