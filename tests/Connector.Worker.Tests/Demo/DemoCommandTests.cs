using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests.Demo;

public class DemoCommandTests
{
    [Fact]
    public async Task Run_OnSamplesFolder_PrintsLedgerAndAgingSummary()
    {
        var result = await InProcess.RunAsync("demo", "--samples", Fixtures.Good);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("as of 2026-06-30, company currency USD", result.Output, StringComparison.Ordinal);
        Assert.Contains("Sample company", result.Output, StringComparison.Ordinal);
        Assert.Contains("17,720.75", result.Output, StringComparison.Ordinal);
        Assert.Contains("Beta GmbH, Berlin", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SamplesWithBadData_ExitsOne()
    {
        using var folder = Fixtures.GoodWith("duplicate-id");

        var result = await InProcess.RunAsync("demo", "--samples", folder.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["invoices.csv:3: column 'id': duplicate id 'I-1' (first on line 2)"], result.ErrorLines);
    }
    [Fact]
    public async Task Run_WithoutSamplesOption_FindsTheRepositorySamplesAndPrintsEverySection()
    {
        var result = await InProcess.RunAsync("demo");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("as of 2026-11-16, company currency USD", result.Output, StringComparison.Ordinal);
        foreach (var title in new[]
        {
            "Sample company",
            "Aging as of 2026-11-16",
            "Largest overdue balances",
            "Allowance (aging method), USD",
            "Metrics 2026-08-19 … 2026-11-16 (90 days)",
            "Collections: ",
        })
        {
            Assert.Contains(title, result.Output, StringComparison.Ordinal);
        }

        Assert.Contains("5,596,840.87", result.Output, StringComparison.Ordinal);
        Assert.Contains("Allowance: Dr Bad-debt expense / Cr Allowance for doubtful accounts 395,539.14 USD", result.Output, StringComparison.Ordinal);
        Assert.Contains("Alice Morgan (", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithoutSamplesOption_PushesTheSampleCompanyIntoTheDataverseEmulator()
    {
        var result = await InProcess.RunAsync("demo");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Pushed to the Dataverse emulator at", result.Output, StringComparison.Ordinal);
        var lines = result.Output.Split('\n');
        Assert.Contains(lines, l => l.Contains("│ account ", StringComparison.Ordinal) && l.Contains("│   240 │       0 │", StringComparison.Ordinal) && l.TrimEnd().EndsWith("240 │", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("│ arc_openitem ", StringComparison.Ordinal) && l.TrimEnd().EndsWith("848 │", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("│ arc_payment ", StringComparison.Ordinal) && l.TrimEnd().EndsWith("2,983 │", StringComparison.Ordinal));
        Assert.Contains("Cedar Printing Inc. is on credit hold — 2 invoices more than 60 days overdue (21,247.63 USD). Contact Emma Walsh (Collections) to request a release.", result.Output, StringComparison.Ordinal);
        Assert.Contains("Dataverse now shows 81 of 240 accounts on credit hold (81 holds audited)", result.Output, StringComparison.Ordinal);
    }
}
