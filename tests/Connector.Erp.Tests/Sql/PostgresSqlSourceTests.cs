using System.Data.Common;
using System.Globalization;
using Connector.Erp.Sql;
using Connector.Mapping.Sources;
using Connector.Testing;
using Npgsql;

namespace Connector.Erp.Tests.Sql;

[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>;

/// <summary>The SQL source against a throwaway PostgreSQL cluster.</summary>
[Collection("postgres")]
public sealed class PostgresSqlSourceTests(PostgresCluster cluster) : SqlSourceContract
{
    protected override DbProviderFactory Factory => NpgsqlFactory.Instance;

    protected override Task<string> CreateDatabaseAsync() => cluster.CreateDatabaseAsync("erp_tests");

    // A timestamp comes back as a DateTime and is written ISO 8601 (and fed back as the next @watermark untyped).
    protected override string Timestamp(string literal) => literal.Replace(' ', 'T');

    // numeric(12,2) keeps its scale.
    protected override string AmountText(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    // The test cluster trusts local connections, so any password is accepted and must still never be shown.
    protected override string WithPassword(string connectionString) => connectionString + ";Password=" + Secret;

    [Fact]
    public async Task OpenAsync_PostgresTypes_FormattedInvariant()
    {
        var connectionString = await CreateDatabaseAsync();
        var source = new SqlSource(Factory, connectionString, 30);
        var query = "SELECT 1234.50::numeric(12,2) AS a, 0.1::float8 AS b, DATE '2026-02-28' AS c, TIMESTAMP '2026-03-01 10:30:15.5' AS d, " +
            "TIMESTAMP '2026-03-01 00:00:00' AS e, true AS f, NULL::text AS g, 42::bigint AS h";
        var unit = Assert.Single(await source.DiscoverAsync("customers", new SourceSpec(null, new SqlSourceSpec { Query = query }), CancellationToken.None));

        using var reader = await unit.OpenAsync(null, CancellationToken.None);

        Assert.Equal(["1234.50", "0.1", "2026-02-28", "2026-03-01T10:30:15.5", "2026-03-01", "true", "", "42"], Assert.Single(reader.Rows).Values);
    }
}
