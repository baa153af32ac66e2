using System.Globalization;
using Connector.Sync.Ports;
using Connector.Worker.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using UglyToad.PdfPig;

namespace Connector.Worker.Tests.Statements;

/// <summary>
/// <c>connector statements send</c> on the sample company against the Graph emulator over loopback: the dry run lists
/// what would go and sends nothing, each statement goes once per period with its PDF attached (totals checked against the
/// sample's CSV), and a crash between Graph's answer and the record never sends the same statement twice.
/// </summary>
public sealed class StatementsSendCommandTests
{
    /// <summary>The first of December: the default period is November 2026.</summary>
    private static readonly DateTimeOffset FirstOfDecember = new(2026, 12, 1, 7, 0, 0, TimeSpan.Zero);

    private const string Bluewater = "C-1049";

    [Fact]
    public async Task Send_SampleCompany_DryRunSendsNothingThenEachStatementGoesOnceWithItsPdf()
    {
        await using var graph = await EmulatedGraph.StartAsync();
        using var workspace = await SampleAsync(graph);

        var dry = await StatementsAsync(workspace, "--dry-run");

        Assert.Empty(graph.State.SentMail);
        var sending = dry.Where(static r => r["outcome"] == "would send").ToList();
        Assert.InRange(sending.Count, 150, 240);
        var bluewater = Assert.Single(sending, static r => r["customer"] == Bluewater);
        Assert.Equal(("ap.bluewater-foods@example.com", "ar-team@sample-company.example; sales.bluewater@sample-company.example"), (bluewater["to"], bluewater["cc"]));
        var (_, closing) = HandComputedBalances(Bluewater, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30));
        Assert.Equal(closing.ToString("F2", CultureInfo.InvariantCulture), bluewater["closing_balance"]);

        var one = await RunAsync(workspace, "statements", "send", "--customer", Bluewater);

        Assert.True(one.ExitCode == 0, one.Error);
        var mail = Assert.Single(graph.State.SentMail);
        Assert.Equal((EmulatedGraph.SenderMailbox, "Statement of account November 2026 – Sample Company"), (mail.From, mail.Subject));
        Assert.Equal(["ap.bluewater-foods@example.com"], mail.To);
        Assert.Equal(["ar-team@sample-company.example", "sales.bluewater@sample-company.example"], mail.Cc);
        var pdf = Assert.Single(mail.Attachments);
        Assert.Equal(("statement-C-1049-2026-11.pdf", "application/pdf"), (pdf.Name, pdf.ContentType));
        var text = PdfText(pdf.Content);
        var (opening, closingAgain) = HandComputedBalances(Bluewater, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30));
        Assert.Contains("Customer Bluewater Foods", text, StringComparison.Ordinal);
        Assert.Contains($"Opening balance 2026-11-01 {opening.ToString("N2", CultureInfo.InvariantCulture)}", text, StringComparison.Ordinal);
        Assert.Contains($"Closing balance 2026-11-30 {closingAgain.ToString("N2", CultureInfo.InvariantCulture)}", text, StringComparison.Ordinal);
        Assert.Contains("https://pay.sample-company.example/C-1049?case=SOA-C-1049-2026-11", text, StringComparison.Ordinal);

        var all = await RunAsync(workspace, "statements", "send", "--format", "csv");
        var again = await RunAsync(workspace, "statements", "send", "--format", "csv");

        Assert.True(all.ExitCode == 0, all.Error);
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Equal(sending.Count, graph.State.SentMail.Count);
        Assert.Equal(
            sending.Select(static r => r["to"]).Order(StringComparer.Ordinal),
            graph.State.SentMail.Select(static m => string.Join("; ", m.To)).Order(StringComparer.Ordinal));
        Assert.All(graph.State.SentMail, static m => Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(Assert.Single(m.Attachments).Content, 0, 5), StringComparison.Ordinal));
        var secondRun = Csv.Records(Csv.Sections(again.Output)[0]);
        Assert.DoesNotContain(secondRun, static r => r["outcome"] == "sent");
        Assert.Equal(sending.Count, secondRun.Count(static r => r["outcome"] == "sent before"));
        await using var store = await EmulatedDataverse.OpenStoreAsync(workspace);
        Assert.Equal(sending.Count, (await store.ReadStatementSendsAsync("2026-11", CancellationToken.None)).Count(static r => r.State == StatementSendState.Sent));
        Assert.Contains(await store.ReadAuditAsync("customer:" + Bluewater, 10, CancellationToken.None), static e => e.Event.Action == "statement.sent");
    }

    [Fact]
    public async Task Send_CrashAfterGraphAcceptedIt_NotSentAgainUntilAPersonResends()
    {
        await using var graph = await EmulatedGraph.StartAsync();
        using var workspace = await SampleAsync(graph);

        var crashed = await InProcess.RunAsync(
            services => { Clock(services); CrashAfterSend(services); },
            "statements", "send", "--customer", Bluewater, "--config", workspace.ConfigFile);
        var next = await RunAsync(workspace, "statements", "send", "--customer", Bluewater, "--format", "csv");

        Assert.NotEqual(0, crashed.ExitCode);
        Assert.Single(graph.State.SentMail);
        Assert.Equal(1, next.ExitCode);
        var row = Assert.Single(Csv.Records(Csv.Sections(next.Output)[0]));
        Assert.Equal("uncertain", row["outcome"]);
        Assert.StartsWith("may have been sent 2026-12-01", row["reason"], StringComparison.Ordinal);
        Assert.Contains("connector statements send --customer C-1049 --resend", row["reason"], StringComparison.Ordinal);
        Assert.Single(graph.State.SentMail);

        var resend = await RunAsync(workspace, "statements", "send", "--customer", Bluewater, "--resend");

        Assert.True(resend.ExitCode == 0, resend.Error);
        Assert.Equal(2, graph.State.SentMail.Count);
    }

    [Fact]
    public async Task Send_WithoutSenderMailbox_ExitsOneNamingTheSettingAndSendsNothing()
    {
        await using var graph = await EmulatedGraph.StartAsync();
        using var workspace = await SampleAsync(graph, sender: false);

        var result = await RunAsync(workspace, "statements", "send");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["statements send: no statement can be sent: Dunning:SenderMailbox is not set (the shared mailbox statements are sent from)"], result.ErrorLines);
        Assert.Empty(graph.State.SentMail);
    }

    [Fact]
    public async Task Send_UnknownCustomer_ExitsOneNamingIt()
    {
        await using var graph = await EmulatedGraph.StartAsync();
        using var workspace = await SampleAsync(graph);

        var result = await RunAsync(workspace, "statements", "send", "--customer", "C-9999", "--dry-run");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["statements send: customer 'C-9999' is not in the ledger (240 customers)"], result.ErrorLines);
    }

    /// <summary>The sample export ingested; Graph with the sender mailbox, copies to the AR team and, for Bluewater, its account manager.</summary>
    private static async Task<Workspace> SampleAsync(EmulatedGraph graph, bool sender = true)
    {
        var workspace = new Workspace();
        workspace.DropSampleExport();
        Assert.Equal(0, (await workspace.RunAsync("ingest")).ExitCode);
        workspace.UseGraph(graph.ApiUrl, sender ? EmulatedGraph.SenderMailbox : null, new Dictionary<string, object>
        {
            ["Dunning"] = new Dictionary<string, object>
            {
                ["TemplatesDirectory"] = Path.Combine(Workspace.RepositoryRoot, "templates", "dunning"),
                ["CompanyName"] = "Sample Company",
                ["PayLinkPattern"] = "https://pay.sample-company.example/{customerId}?case={caseId}&amount={amount}&currency={currency}",
                ["Cc"] = new[] { "ar-team@sample-company.example" },
                ["CustomerCc"] = new Dictionary<string, string[]> { [Bluewater] = ["sales.bluewater@sample-company.example"] },
            },
        });
        return workspace;
    }

    private static void Clock(IServiceCollection services) =>
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(FirstOfDecember) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) });

    private static Task<CliResult> RunAsync(Workspace workspace, params string[] args) =>
        InProcess.RunAsync(Clock, [.. args, "--config", workspace.ConfigFile]);

    private static async Task<List<Dictionary<string, string>>> StatementsAsync(Workspace workspace, params string[] options)
    {
        var result = await RunAsync(workspace, ["statements", "send", .. options, "--format", "csv"]);
        Assert.True(result.ExitCode == 0, result.Error);
        return Csv.Records(Csv.Sections(result.Output)[0]);
    }

    /// <summary>The process dying after Graph accepted the mail and before the store recorded it.</summary>
    private static void CrashAfterSend(IServiceCollection services)
    {
        var real = services.Last(static d => d.ServiceType == typeof(IMailSender));
        services.AddSingleton<IMailSender>(provider => new CrashingMailSender(
            real.ImplementationFactory is { } factory ? (IMailSender)factory(provider) : (IMailSender)ActivatorUtilities.CreateInstance(provider, real.ImplementationType!)));
    }

    private sealed class CrashingMailSender(IMailSender inner) : IMailSender
    {
        public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
        {
            await inner.SendAsync(mail, cancellationToken);
            throw new SimulatedCrashException();
        }
    }

    private sealed class SimulatedCrashException : Exception;

    /// <summary>The customer's balance at the start and end of a period from the sample's canonical CSV: documents by date (a written-off one only with what was paid of it) less payments by date.</summary>
    private static (decimal Opening, decimal Closing) HandComputedBalances(string customer, DateOnly start, DateOnly end)
    {
        decimal opening = 0m, closing = 0m;
        foreach (var f in File.ReadAllLines(Path.Combine(Samples.Folder, "invoices.csv")).Skip(1).Select(static l => l.Split(',')))
        {
            // id,customer_id,type,document_date,due_date,amount,open_amount,currency,po_number,disputed,status
            if (f[1] != customer)
            {
                continue;
            }

            var amount = decimal.Parse(f[5], CultureInfo.InvariantCulture) - (f[10] == "written_off" ? decimal.Parse(f[6], CultureInfo.InvariantCulture) : 0m);
            var date = DateOnly.ParseExact(f[3], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            opening += date < start ? amount : 0m;
            closing += date <= end ? amount : 0m;
        }

        foreach (var f in File.ReadAllLines(Path.Combine(Samples.Folder, "payments.csv")).Skip(1).Select(static l => l.Split(',')))
        {
            // id,customer_id,date,amount,currency,reference,applied_amount
            if (f[1] != customer)
            {
                continue;
            }

            var amount = decimal.Parse(f[3], CultureInfo.InvariantCulture);
            var date = DateOnly.ParseExact(f[2], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            opening -= date < start ? amount : 0m;
            closing -= date <= end ? amount : 0m;
        }

        return (opening, closing);
    }

    private static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().SelectMany(static p => p.GetWords()
            .GroupBy(static w => Math.Round(w.BoundingBox.Bottom, 0))
            .OrderByDescending(static g => g.Key)
            .Select(static g => string.Join(" ", g.OrderBy(static w => w.BoundingBox.Left).Select(static w => w.Text)))));
    }
}
