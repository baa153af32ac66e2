using System.Data.Common;
using Connector.Testing;
using Microsoft.Data.Sqlite;

namespace Connector.Erp.Tests.Writeback;

/// <summary>The staging-table writeback against real SQLite database files.</summary>
public sealed class SqliteSqlWritebackTests : SqlWritebackContract, IDisposable
{
    private readonly TempDirectory directory = new("connector-erp-writeback-");
    private int databases;

    protected override string Provider => "sqlite";

    protected override DbProviderFactory Factory => SqliteFactory.Instance;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        directory.Dispose();
    }

    protected override Task<string> CreateDatabaseAsync() =>
        Task.FromResult(new SqliteConnectionStringBuilder { DataSource = directory.File($"erp{++databases}.db") }.ConnectionString);

    // Plain SQLite refuses any password when opening, which would fail before the table error this test is about.
    protected override string WithPassword(string connectionString) => connectionString;
}
