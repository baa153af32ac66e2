using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests.Bank;

public sealed class BankStatementIngestTests
{
    [Fact]
    public async Task Ingest_SampleStatementsInTheBankFolder_ReadAfterTheErpAndCashApplySeesTheBankPayments()
    {
        using var workspace = new Workspace();
        workspace.DropSampleExport();
        var bankFolder = Path.Combine(workspace.Root, "bank-drop");
        Directory.CreateDirectory(bankFolder);
        foreach (var file in Directory.GetFiles(Path.Combine(Samples.Folder, "bank")))
        {
            File.Copy(file, Path.Combine(bankFolder, Path.GetFileName(file)));
        }

        workspace.UseSection("Bank", new { DropFolder = bankFolder, FileSettleSeconds = 0, Accounts = new[] { "4001234567", "DE89 3704 0044 0532 0130 00" } });

        var ingest = await workspace.RunAsync("ingest");
        var cash = await workspace.RunAsync("cash", "apply", "--as-of", Samples.AsOf, "--format", "csv");

        Assert.Equal(0, ingest.ExitCode);
        Assert.Contains("bank statements: 2 file(s) read", ingest.Output, StringComparison.Ordinal);
        Assert.Contains("1 reversed", ingest.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(bankFolder));
        Assert.Equal(0, cash.ExitCode);
        Assert.Contains(cash.OutputLines, static line => line.StartsWith("BNK-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ingest_BankFolderWithoutAccounts_OneLineNamingTheSettingExitOne()
    {
        using var workspace = new Workspace();
        workspace.UseSection("Bank", new { DropFolder = Path.Combine(workspace.Root, "bank-drop") });

        var result = await workspace.RunAsync("ingest");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(
            "Bank:Accounts must list the company's own accounts (IBANs or account numbers) when Bank:DropFolder is set: only credits to them become payments (was []).",
            result.Error,
            StringComparison.Ordinal);
    }
}
