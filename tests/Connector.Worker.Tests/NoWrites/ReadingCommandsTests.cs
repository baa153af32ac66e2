using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests.NoWrites;

/// <summary>
/// Commands that only read — a mapping preview, the reports on a canonical folder — leave no trace: no store appears
/// where there was none (an admin trying the connector on a laptop finds no <c>data/connector.db</c> afterwards).
/// </summary>
public sealed class ReadingCommandsTests
{
    [Fact]
    public async Task Preview_WithoutAStore_ShowsEveryRowNewAndCreatesNoDatabase()
    {
        using var workspace = new Workspace();
        var export = Path.Combine(Workspace.SampleExport, "CUST_LEDGER_ENTRIES_20261116.csv");

        var result = await workspace.RunAsync("mappings", "preview", "--entity", "invoices", "--input", export, "--rows", "3");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("new", result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(workspace.Root, "data")), "the preview created the store");
    }

    [Theory]
    [InlineData("report", "aging")]
    [InlineData("report", "allowance")]
    [InlineData("report", "metrics")]
    [InlineData("holds", "evaluate")]
    [InlineData("collections", "plan")]
    [InlineData("cash", "apply")]
    public async Task Report_FromCanonicalFolder_CreatesNoDatabase(string group, string command)
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync(group, command, "--from", Fixtures.Good, "--as-of", "2026-06-30", "--format", "csv");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.False(Directory.Exists(Path.Combine(workspace.Root, "data")), $"'{group} {command} --from' created the store");
    }

    [Fact]
    public async Task CreditCheck_FromCanonicalFolder_CreatesNoDatabase()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync("credit", "check", "--from", Fixtures.Good, "--customer", "C1", "--amount", "10", "--as-of", "2026-06-30");

        Assert.True(result.ExitCode is 0 or 3, result.Error);
        Assert.False(Directory.Exists(Path.Combine(workspace.Root, "data")));
    }

    [Fact]
    public async Task Report_WithoutFromBeforeAnyIngest_SaysToIngestFirstAndCreatesNoDatabase()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync("holds", "evaluate");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("has no customers yet: run 'connector ingest' first", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(workspace.Root, "data")));
    }
}
