using System.Data.Common;
using System.Globalization;
using Connector.Erp.Sql;
using Connector.Mapping.Sources;
using Connector.Testing;
using Microsoft.Data.Sqlite;

namespace Connector.Erp.Tests.Sql;

/// <summary>The SQL source against real SQLite database files.</summary>
public sealed class SqliteSqlSourceTests : SqlSourceContract, IDisposable
{
    private readonly TempDirectory directory = new("connector-erp-sqlite-");
    private int databases;

    protected override DbProviderFactory Factory => SqliteFactory.Instance;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        directory.Dispose();
    }

    protected override Task<string> CreateDatabaseAsync() =>
        Task.FromResult(new SqliteConnectionStringBuilder { DataSource = directory.File($"erp{++databases}.db") }.ConnectionString);

    // SQLite keeps timestamps as the text they were written with.
    protected override string Timestamp(string literal) => literal;

    // DECIMAL has numeric affinity in SQLite: 1234.50 is stored as the real 1234.5.
    protected override string AmountText(decimal amount) => amount.ToString(CultureInfo.InvariantCulture);

    // Plain SQLite refuses any password when opening (OpenAsync_BadPasswordOpen covers that path), so the bad-query test runs without one.
    protected override string WithPassword(string connectionString) => connectionString;

    [Fact]
    public async Task OpenAsync_StorageClasses_FormattedInvariant()
    {
        var connectionString = await CreateDatabaseAsync();
        await ExecuteAsync(connectionString, "CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)");
        await ExecuteAsync(connectionString, "INSERT INTO t VALUES (42, 0.1, 'Müller', x'0A0B', NULL)");
        var source = new SqlSource(Factory, connectionString, 30);
        var unit = Assert.Single(await source.DiscoverAsync("customers", new SourceSpec(null, new SqlSourceSpec { Query = "SELECT * FROM t" }), CancellationToken.None));

        using var reader = await unit.OpenAsync(null, CancellationToken.None);

        Assert.Equal(["42", "0.1", "Müller", "0a0b", ""], Assert.Single(reader.Rows).Values);
        Assert.Equal("", reader.CompletedCheckpoint);
    }

    [Fact]
    public async Task OpenAsync_BadPasswordOpen_ErpSourceExceptionWithoutPassword()
    {
        var source = new SqlSource(Factory, await CreateDatabaseAsync() + ";Password=" + Secret, 30);
        var unit = Assert.Single(await source.DiscoverAsync("invoices", Spec(), CancellationToken.None));

        var error = await Assert.ThrowsAsync<ErpSourceException>(() => unit.OpenAsync(null, CancellationToken.None));

        Assert.StartsWith("SQL source for invoices failed: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
    }
}
