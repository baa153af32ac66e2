using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using Connector.Worker.Tests.Collections;
using Connector.Worker.Tests.Support;
using UglyToad.PdfPig;

namespace Connector.Worker.Tests.Evidence;

/// <summary>
/// An AR manager takes the showcase customer C-1043 (Foxhollow Distribution: a broken promise, a disputed invoice) to a
/// collection agency: two cycles (a reminder with EU late-payment charges goes out in October), a release with a reason,
/// then <c>connector evidence</c>. The PDF is read back as text (PdfPig) and every section is there with what happened;
/// the zip holds the PDF and each section's raw rows; the chain head printed is the one <c>audit verify</c> reports.
/// </summary>
public sealed class EvidenceCommandTests
{
    private const string Customer = "C-1043";

    [Fact]
    public async Task Evidence_ShowcaseCustomerAfterTwoCycles_PdfWithEverySectionZipWithRawSectionsAndTheVerifiedChainHead()
    {
        await using var kit = await CollectionsTestKit.StartAsync(sender: true);
        kit.Workspace.UseSection("Collections", new
        {
            Ladder = new object[]
            {
                new { Level = 1, Name = "Reminder", Days = 1, Email = true, InterestRatePercent = 10.15m, FeeAmount = 40m },
                new { Level = 2, Name = "Call", Days = 15, Task = "Collector" },
                new { Level = 3, Name = "Escalate", Days = 30, Email = true, Task = "Collector" },
                new { Level = 4, Name = "Final notice", Days = 60, Task = "Collector", CreditHold = true },
                new { Level = 5, Name = "Agency", Days = 90, Task = "Manager" },
            },
        });
        foreach (var day in new[] { "2026-10-25", "2026-11-20" })
        {
            var cycle = await kit.Workspace.RunAsync("sync", "--once", "--as-of", day, "--format", "json");
            Assert.True(cycle.ExitCode == 0, $"sync {day}: {cycle.Error}");
        }

        var release = await kit.Workspace.RunAsync("holds", "release", "--customer", Customer, "--reason", "Agency mandate signed; keep shipping the open order", "--force");
        Assert.True(release.ExitCode == 0, release.Error);
        var pdfPath = Path.Combine(kit.Workspace.Root, "packs", "C-1043 evidence.pdf");

        var result = await kit.Workspace.RunAsync("evidence", "--customer", Customer, "--out", pdfPath, "--zip");
        var verify = await kit.Workspace.RunAsync("audit", "verify", "--format", "json");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("", result.Error);
        using var verified = JsonDocument.Parse(verify.Output);
        var head = verified.RootElement.GetProperty("head").GetString()!;
        Assert.Matches("^[0-9a-f]{64}$", head);
        Assert.Contains($"Audit chain head: {head} (", result.Output, StringComparison.Ordinal);

        var pdf = await File.ReadAllBytesAsync(pdfPath);
        var text = string.Join('\n', PdfLines(pdf));
        foreach (var section in new[]
        {
            "Evidence pack", "Statement of account", "Invoices", "Credit notes", "Payments and how they were applied", "Dunning emails sent",
            "Contact attempts", "Promises to pay", "Disputes", "Holds and releases", "Other audit journal events", "Sources",
        })
        {
            Assert.Matches(new Regex("^" + Regex.Escape(section) + "$", RegexOptions.Multiline), text);
        }

        Assert.Contains("Customer Foxhollow Distribution Inc. (C-1043)", text, StringComparison.Ordinal);
        Assert.Matches(new Regex("^Audit chain head \\(SHA-256\\):\n" + head + "$", RegexOptions.Multiline), text);
        // The invoices with due date, PO and the ERP export and line they came from; the disputed one under Disputes as well.
        Assert.Matches(@"(?m)^Source: ERP file archive/CUST_LEDGER_ENTRIES_20261116\.csv \(import \d+ of [0-9-]+ [0-9:]+ UTC\)$", text);
        Assert.Matches(@"(?m)^INV-005056 2026-08-24 2026-10-23 1,307\.25 1,307\.25 open \d+ 7491$", text);
        Assert.Matches(@"(?m)^INV-005537 2026-10-05 2026-12-04 PO 8322196 2,995\.78 2,995\.78 open, disputed (\d+ )?8222$", text);
        Assert.Matches(@"(?m)^INV-005537 2026-12-04 2,995\.78 2,995\.78 8222$", text);
        Assert.Matches(@"(?m)^PAY-002489 2026-10-01 2,396\.63 2,396\.63 0\.00 ", text);
        Assert.Matches(@"(?m)^Source: ERP file archive/CASH_RECEIPTS_20261116\.csv \(import \d+ of [0-9-]+ [0-9:]+ UTC\)$", text);
        // The promise of 1,307.25 by 2026-10-21, broken, from the ERP's promises export (line 14).
        Assert.Matches(@"(?m)^2026-10-15 2026-10-21 1,307\.25 broken 0\.00 2026-10-23 14$", text);
        Assert.Matches(@"(?m)^Source: ERP file archive/PAYMENT_PROMISES_20261116\.csv \(import \d+ of [0-9-]+ [0-9:]+ UTC\)$", text);
        // The October reminder: date, recipients, the whole letter with every open item and its charges.
        Assert.Contains("To ap.foxhollow-distribution@example.com", text, StringComparison.Ordinal);
        Assert.Contains("Subject Payment reminder: 1,307.25 USD overdue — Sample Company", text, StringComparison.Ordinal);
        Assert.Contains("INV-005537 2026-12-04 2,995.78 USD in dispute — not included in the total", text, StringComparison.Ordinal);
        Assert.Contains("late-payment interest at 10.15 % a year", text, StringComparison.Ordinal);
        Assert.Contains("2026-10-25 · email · level 1 · by ar@sample-company.example: Payment reminder", text, StringComparison.Ordinal);
        // Holds and releases with who and why.
        Assert.Matches(@"Event \d+ · [0-9: -]+UTC · credit rules · hold\.placed", text);
        Assert.Matches(@"Event \d+ · [0-9: -]+UTC · cli:\S+ · hold-release\.set", text);
        Assert.Contains("Why: Agency mandate signed; keep shipping the open order", text, StringComparison.Ordinal);

        using var zip = ZipFile.OpenRead(Path.ChangeExtension(pdfPath, ".zip"));
        Assert.Equal(
            [
                "C-1043 evidence.pdf", "01-statement-of-account.json", "02-invoices.csv", "03-credit-notes.csv", "04-payments.csv", "04-cash-applications.csv",
                "05-dunning-emails.json", "06-contact-attempts.csv", "07-promises.csv", "08-disputes.csv", "09-holds-and-releases.csv",
                "10-other-audit-events.csv", "manifest.json",
            ],
            zip.Entries.Select(static e => e.FullName));
        Assert.Equal(pdf, Read(zip, "C-1043 evidence.pdf"));
        Assert.StartsWith("id,type,document_date,due_date,po_number,amount,open_amount,currency,status,disputed,days_overdue,source,source_at\r\n", Text(zip, "02-invoices.csv"), StringComparison.Ordinal);
        Assert.Matches(
            @"INV-005537,invoice,2026-10-05,2026-12-04,PO 8322196,2995\.78,2995\.78,USD,open,1,\d+,ERP file archive/CUST_LEDGER_ENTRIES_20261116\.csv line 8222 \(import \d+ of [0-9-]+ [0-9:]+ UTC\),line 8222\r\n",
            Text(zip, "02-invoices.csv"));
        Assert.Matches(
            @"^invoice_id,due_date,amount,open_amount,currency,source,source_at\r\nINV-005537,2026-12-04,2995\.78,2995\.78,USD,ERP file archive/CUST_LEDGER_ENTRIES_20261116\.csv line 8222 \(import \d+ of [0-9-]+ [0-9:]+ UTC\),line 8222\r\n$",
            Text(zip, "08-disputes.csv"));
        using var emails = JsonDocument.Parse(Read(zip, "05-dunning-emails.json"));
        var email = Assert.Single(emails.RootElement.EnumerateArray());
        Assert.Contains("INV-005056", email.GetProperty("htmlBody").GetString(), StringComparison.Ordinal);
        using var manifest = JsonDocument.Parse(Read(zip, "manifest.json"));
        Assert.Equal(head, manifest.RootElement.GetProperty("auditChainHead").GetString());
        Assert.Equal(12, manifest.RootElement.GetProperty("entries").GetArrayLength());
    }

    [Fact]
    public async Task Evidence_InvoiceChangedByALaterExport_NamesTheLaterFileAndLineTheUnchangedOneKeepsItsFirst()
    {
        await using var kit = await CollectionsTestKit.StartAsync();
        Assert.Equal(0, (await kit.Workspace.RunAsync("ingest")).ExitCode);
        var header = File.ReadLines(Path.Combine(Workspace.SampleExport, CollectionsTestKit.Ledger)).First();
        // The next day's export: INV-005537 as before (line 2), INV-005056 part paid (line 3).
        kit.Workspace.Drop(
            "CUST_LEDGER_ENTRIES_20261117.csv",
            string.Join(
                '\n',
                header,
                "108221;05.10.2026;05.10.2026;Invoice;INV-005537;C-1043;Foxhollow Distribution Inc.;Invoice INV-005537;PO 8322196;;2.995,78;2.995,78;04.12.2026;Yes;;PRICE;05.10.2026 14:43:55",
                "107490;24.08.2026;24.08.2026;Invoice;INV-005056;C-1043;Foxhollow Distribution Inc.;Invoice INV-005056;;;1.307,25;1.000,00;23.10.2026;Yes;;;17.11.2026 09:12:00") + "\n");
        Assert.Equal(0, (await kit.Workspace.RunAsync("ingest")).ExitCode);
        var pdfPath = Path.Combine(kit.Workspace.Root, "C-1043.pdf");

        var result = await kit.Workspace.RunAsync("evidence", "--customer", Customer, "--out", pdfPath, "--zip");

        Assert.True(result.ExitCode == 0, result.Error);
        var lines = PdfLines(await File.ReadAllBytesAsync(pdfPath)).ToList();
        Assert.Equal(("archive/CUST_LEDGER_ENTRIES_20261117.csv", "3"), SourceOf(lines, "INV-005056 2026-08-24 2026-10-23 1,307.25 1,000.00 open"));
        Assert.Equal(("archive/CUST_LEDGER_ENTRIES_20261116.csv", "8222"), SourceOf(lines, "INV-005537 2026-10-05 2026-12-04 PO 8322196"));
        using var zip = ZipFile.OpenRead(Path.ChangeExtension(pdfPath, ".zip"));
        Assert.Matches(@"\r\nINV-005056,invoice,[^\r]*,ERP file archive/CUST_LEDGER_ENTRIES_20261117\.csv line 3 \(import \d+ of [^)]*\),line 3\r\n", Text(zip, "02-invoices.csv"));
    }

    /// <summary>The file (from the "Source: ERP file …" heading above it) and the line (its row's last cell) of the first row starting with <paramref name="row"/>.</summary>
    private static (string File, string Line) SourceOf(List<string> lines, string row)
    {
        var at = lines.FindIndex(l => l.StartsWith(row, StringComparison.Ordinal));
        Assert.True(at >= 0, $"no row starting '{row}' in the PDF");
        var heading = lines.Take(at).Last(static l => l.StartsWith("Source: ", StringComparison.Ordinal));
        var file = Regex.Match(heading, @"^Source: ERP file (\S+) \(import \d+ of ").Groups[1].Value;
        return (file, lines[at].Split(' ')[^1]);
    }

    [Fact]
    public async Task Evidence_UnknownCustomer_OneLineExitOneNothingWritten()
    {
        await using var kit = await CollectionsTestKit.StartAsync();
        Assert.Equal(0, (await kit.Workspace.RunAsync("ingest")).ExitCode);
        var pdfPath = Path.Combine(kit.Workspace.Root, "nobody.pdf");

        var result = await kit.Workspace.RunAsync("evidence", "--customer", "C-9999", "--out", pdfPath);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["evidence: customer C-9999 is not in the ledger"], result.ErrorLines);
        Assert.False(File.Exists(pdfPath));
    }

    [Theory]
    [InlineData("connector: evidence: say whose pack: --customer ID", "evidence", "--out", "x.pdf")]
    [InlineData("connector: evidence: --out must name a .pdf file (was 'x.zip')", "evidence", "--customer", "C-1043", "--out", "x.zip")]
    public async Task Evidence_MissingOrWrongOption_OneLineExitTwo(string expected, params string[] args)
    {
        var result = await InProcess.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(expected, result.ErrorLines[0]);
    }

    private static IEnumerable<string> PdfLines(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        foreach (var page in document.GetPages())
        {
            foreach (var line in page.GetWords()
                .GroupBy(static w => Math.Round(w.BoundingBox.Bottom, 0))
                .OrderByDescending(static g => g.Key)
                .Select(static g => string.Join(" ", g.OrderBy(static w => w.BoundingBox.Left).Select(static w => w.Text))))
            {
                yield return line;
            }
        }
    }

    private static byte[] Read(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string Text(ZipArchive zip, string name) => System.Text.Encoding.UTF8.GetString(Read(zip, name));
}
