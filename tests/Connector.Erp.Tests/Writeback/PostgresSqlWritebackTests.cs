using System.Data.Common;
using Connector.Testing;
using Npgsql;

namespace Connector.Erp.Tests.Writeback;

/// <summary>The staging-table writeback against a throwaway PostgreSQL cluster (typed parameters in INSERT … SELECT).</summary>
[Collection("postgres")]
public sealed class PostgresSqlWritebackTests(PostgresCluster cluster) : SqlWritebackContract
{
    protected override string Provider => "postgresql";

    protected override DbProviderFactory Factory => NpgsqlFactory.Instance;

    protected override Task<string> CreateDatabaseAsync() => cluster.CreateDatabaseAsync("erp_writeback_tests");

    // The test cluster trusts local connections, so any password is accepted and must still never be shown.
    protected override string WithPassword(string connectionString) => connectionString + ";Password=" + Secret;
}
