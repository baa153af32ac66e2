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
        // The invoices with due date, PO and the ERP export they came from; the disputed one under Disputes as well.
        Assert.Contains("Source: ERP CUST_LEDGER_ENTRIES_20261116.csv", text, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^INV-005056 2026-08-24 2026-10-23 1,307\.25 1,307\.25 open \d+$", text);
        Assert.Matches(@"(?m)^INV-005537 2026-10-05 2026-12-04 PO 8322196 2,995\.78 2,995\.78 open, disputed \d*$", text);
        Assert.Matches(@"(?m)^INV-005537 2026-12-04 2,995\.78 2,995\.78$", text);
        Assert.Matches(@"(?m)^PAY-002489 2026-10-01 2,396\.63 2,396\.63 0\.00 ", text);
        Assert.Contains("Source: ERP CASH_RECEIPTS_20261116.csv", text, StringComparison.Ordinal);
        // The promise of 1,307.25 by 2026-10-21, broken, from the ERP's promises export.
        Assert.Matches(@"(?m)^2026-10-15 2026-10-21 1,307\.25 broken 0\.00 2026-10-23$", text);
        Assert.Contains("Source: ERP PAYMENT_PROMISES_20261116.csv", text, StringComparison.Ordinal);
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
        Assert.StartsWith("id,type,document_date,due_date,po_number,amount,open_amount,currency,status,disputed,days_overdue,source\r\n", Text(zip, "02-invoices.csv"), StringComparison.Ordinal);
        Assert.Matches(@"INV-005537,invoice,2026-10-05,2026-12-04,PO 8322196,2995\.78,2995\.78,USD,open,1,\d+,ERP CUST_LEDGER_ENTRIES_20261116\.csv\r\n", Text(zip, "02-invoices.csv"));
        Assert.Equal("invoice_id,due_date,amount,open_amount,currency,source\r\nINV-005537,2026-12-04,2995.78,2995.78,USD,ERP CUST_LEDGER_ENTRIES_20261116.csv\r\n", Text(zip, "08-disputes.csv"));
        using var emails = JsonDocument.Parse(Read(zip, "05-dunning-emails.json"));
        var email = Assert.Single(emails.RootElement.EnumerateArray());
        Assert.Contains("INV-005056", email.GetProperty("htmlBody").GetString(), StringComparison.Ordinal);
        using var manifest = JsonDocument.Parse(Read(zip, "manifest.json"));
        Assert.Equal(head, manifest.RootElement.GetProperty("auditChainHead").GetString());
        Assert.Equal(12, manifest.RootElement.GetProperty("entries").GetArrayLength());
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
