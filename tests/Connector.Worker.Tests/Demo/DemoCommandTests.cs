using System.Globalization;
using Connector.Worker.Tests.Support;

namespace Connector.Worker.Tests.Demo;

public class DemoCommandTests
{
    [Fact]
    public async Task Run_OnCanonicalFolder_EvaluatesItWithoutPushingAnywhere()
    {
        var result = await InProcess.RunAsync("demo", "--samples", Fixtures.Good);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("as of 2026-06-30, company currency USD", result.Output, StringComparison.Ordinal);
        Assert.Contains("evaluated, not pushed anywhere", result.Output, StringComparison.Ordinal);
        Assert.Contains("17,720.75", result.Output, StringComparison.Ordinal);
        Assert.Contains("Beta GmbH, Berlin", result.Output, StringComparison.Ordinal);
        Assert.Contains("Collections: ", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Dataverse emulator", result.Output, StringComparison.Ordinal);
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
    public async Task Run_WithoutSamplesOption_FindsTheRepositorySamplesAndShowsWhatEachUserSees()
    {
        var result = await InProcess.RunAsync("demo");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("as of 2026-11-16, company currency USD", result.Output, StringComparison.Ordinal);
        foreach (var title in new[]
        {
            "The ERP export (erp/) read through mappings/ into a SQLite ledger",
            "Pushed to the Dataverse emulator at",
            "Accounts on credit hold in Dynamics",
            "Sales orders entered in Dynamics",
            "Each collector's \"AR Collections\" list in Outlook",
            "Credit holds (67 of 240 customers)", // 81 on the ERP's figures; the cash the cycle applied (ERP payments and the bank statement) lifts 14
            "Aging and allowance as of 2026-11-16",
            "Metrics 2026-08-19 … 2026-11-16 (90 days)",
            "Cash application (connector cash apply)",
        })
        {
            Assert.Contains(title, result.Output, StringComparison.Ordinal);
        }

        Assert.Contains("4,424,766.17", result.Output, StringComparison.Ordinal); // the ERP's 5,596,840.87 less the cash applied (ERP payments and the bank statement), awaiting the ERP
        Assert.Contains("Allowance: Dr Bad-debt expense / Cr Allowance for doubtful accounts 331,788.04 USD", result.Output, StringComparison.Ordinal);
        Assert.Contains("Alice Morgan (", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"Sync run \d{8}-\d{6}-[0-9a-f]{4}: one cycle, as 'connector sync --once' runs it", result.Output);

        // The trend page the demo wrote: the day of its cycles and the month-ends rebuilt from the sample ledger's history.
        var trend = System.Text.RegularExpressions.Regex.Match(result.Output, @"Trend:\s+(\S+\.html)\s+\((\d+)\s+days,\s+(\d+)\s+of\s+them\s+month-ends\s+rebuilt"); // the console wraps long lines
        Assert.True(trend.Success, result.Output);
        Assert.Equal(int.Parse(trend.Groups[2].Value, CultureInfo.InvariantCulture) - 1, int.Parse(trend.Groups[3].Value, CultureInfo.InvariantCulture));
        Assert.Contains("<svg", File.ReadAllText(trend.Groups[1].Value), StringComparison.Ordinal);

        // The evidence pack the demo built for the showcase customer C-1043: the PDF carries the chain head the demo printed.
        var evidence = System.Text.RegularExpressions.Regex.Match(result.Output, @"Evidence pack:\s+(\S+\.pdf)\s+and\s+its\s+raw\s+sections\s+beside\s+it\s+\(\.zip\)\s+for\s+[^(]+\(C-1043\),\s+built\s+from\s+audit\s+chain\s+head\s+(\S+)\.");
        Assert.True(evidence.Success, result.Output);
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(evidence.Groups[1].Value);
        var text = string.Concat(pdf.GetPages().Select(static p => p.Text));
        Assert.Contains("C-1043", text, StringComparison.Ordinal);
        Assert.Contains(evidence.Groups[2].Value, text.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.ChangeExtension(evidence.Groups[1].Value, ".zip")));
    }

    [Fact]
    public async Task Run_WithoutSamplesOption_PushesTheSampleCompanyIntoTheDataverseEmulator()
    {
        var result = await InProcess.RunAsync("demo");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n');
        Assert.Contains(lines, l => l.Contains("│ account ", StringComparison.Ordinal) && l.Contains("│   240 │       0 │", StringComparison.Ordinal) && l.TrimEnd().EndsWith("240 │", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("│ arc_openitem ", StringComparison.Ordinal) && l.TrimEnd().EndsWith("848 │", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("│ arc_payment ", StringComparison.Ordinal) && l.TrimEnd().EndsWith("2,996 │", StringComparison.Ordinal)); // the ERP's 2,983 and the statement's 13
        Assert.Contains("Cedar Printing Inc. is on credit hold — 2 invoices more than 60 days overdue (21,247.63 USD). Contact Emma Walsh (Collections) to", result.Output, StringComparison.Ordinal);
        Assert.Contains("Dataverse now shows 68 of 240 accounts on credit hold (68 holds audited)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AccountWithoutCreditLimit_ShowsNoLimitNotZero()
    {
        var result = await InProcess.RunAsync("demo");

        // Cedar Printing has no credit limit in the ERP: "0.00" would say it has no credit at all.
        var cedar = result.OutputLines.Where(l => l.Contains("│ C-1112 Cedar Printing Inc.", StringComparison.Ordinal)).ToList();
        Assert.Contains(cedar, l => l.Contains("│     no limit │", StringComparison.Ordinal));
        Assert.DoesNotContain(cedar, l => l.Contains("│         0.00 │", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_OnA120ColumnTerminal_NoLineIsWiderAndNoTableIsShownTwice()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await ConnectorApp.RunAsync(["demo"], output, error, tableWidth: 120);

        Assert.True(exitCode == 0, error.ToString());
        var lines = output.ToString().Split('\n');
        Assert.All(lines, l => Assert.True(l.Length <= 120, $"{l.Length} characters: {l}"));

        // Each table's header row appears once: no view of the company is printed twice.
        var headers = lines.Where((l, i) => i > 0 && l.StartsWith('│') && lines[i - 1].StartsWith('╭')).Select(static l => string.Join('|', l.Split('│').Select(static c => c.Trim()))).ToList();
        Assert.True(headers.Count >= 9, $"{headers.Count} tables");
        Assert.Equal(headers.Count, headers.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Help_SaysWhatTheDemoDoes()
    {
        var result = await InProcess.RunAsync("demo", "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var step in new[] { "ingest its ERP export", "Dataverse emulator", "one sync cycle", "Graph emulator", "ERP writeback" })
        {
            Assert.Contains(step, result.Output.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }
}
