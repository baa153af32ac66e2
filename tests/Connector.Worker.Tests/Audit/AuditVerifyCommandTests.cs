using Connector.Store;
using Connector.Sync.Ports;
using Connector.Worker.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Connector.Worker.Tests.Audit;

/// <summary>An auditor's story: the journal verifies, someone edits a row behind the connector's back, verify says where.</summary>
public sealed class AuditVerifyCommandTests
{
    [Fact]
    public async Task AuditVerify_IntactJournal_PrintsCountAndHeadAndExitsZero()
    {
        using var workspace = new Workspace();
        await AppendAsync(workspace, 3);

        var table = await workspace.RunAsync("audit", "verify");
        var json = await workspace.RunAsync("audit", "verify", "--format", "json");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains("intact", table.Output, StringComparison.Ordinal);
        Assert.Matches("\"events\": ?3", json.Output);
        Assert.Matches("\"head\": ?\"[0-9a-f]{64}\"", json.Output);
        Assert.Equal("", json.Error);
    }

    [Fact]
    public async Task AuditVerify_RowEditedThroughSql_OneLineNamingTheEventAndExitsOne()
    {
        using var workspace = new Workspace();
        var ids = await AppendAsync(workspace, 3);
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(workspace.Root, "data", "connector.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var edit = connection.CreateCommand();
            edit.CommandText = $"UPDATE audit_event SET actor = 'cli:someone-else' WHERE id = {ids[1]}";
            Assert.Equal(1, await edit.ExecuteNonQueryAsync());
        }

        var result = await workspace.RunAsync("audit", "verify");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Equal($"audit verify: chain broken at event {ids[1]}: content does not match its hash (the event was edited) (1 events before it verified)", result.Error.TrimEnd());
    }

    private static async Task<List<long>> AppendAsync(Workspace workspace, int count)
    {
        await using var store = await ConnectorStoreFactory.OpenAsync(new StoreOptions { DataDirectory = Path.Combine(workspace.Root, "data") }, TimeProvider.System, CancellationToken.None);
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await store.AppendAsync(new AuditEvent(TimeProvider.System.GetUtcNow(), "cli:jdoe", "hold.release", $"customer:C-{i}", "held", "released", "promise kept"), CancellationToken.None));
        }

        return ids;
    }
}
