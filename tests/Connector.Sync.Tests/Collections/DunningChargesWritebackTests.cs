using Connector.Domain.Collections;
using Connector.Domain.Currencies;
using Connector.Domain.Ledger;
using Connector.Erp.Writeback;
using Connector.Store;
using Connector.Sync.Collections;
using Connector.Sync.Ports;
using Connector.Sync.Writeback;
using Connector.Testing;
using Microsoft.Extensions.Time.Testing;
using static Connector.Sync.Tests.Collections.CollectionSamples;

namespace Connector.Sync.Tests.Collections;

/// <summary>
/// A level-3 letter with EU charges, queued, sent and written back to a CSV ERP through the real SQLite store: the email
/// is kept whole, and its proposed charges reach the ERP once, however often the cycle runs again.
/// </summary>
public sealed class DunningChargesWritebackTests : IAsyncLifetime
{
    private readonly TempDirectory directory = new("connector-dunning-charges-");
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero));
    private IConnectorStore store = null!;

    private string Erp => Path.Combine(directory.Path, "erp");

    public async Task InitializeAsync() =>
        store = await ConnectorStoreFactory.OpenAsync(new StoreOptions { DataDirectory = Path.Combine(directory.Path, "store") }, time, CancellationToken.None);

    public async Task DisposeAsync()
    {
        await store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        directory.Dispose();
    }

    [Fact]
    public async Task SendAndWriteBack_RunAgainAndAgain_EmailKeptOnceAndEachChargeRowWrittenOnce()
    {
        var intent = Letter();
        var mail = new RecordingMail();

        await CycleAsync(intent, mail);
        await CycleAsync(intent, mail); // the next cycle composes the same letter again
        time.Advance(TimeSpan.FromDays(1));
        await CycleAsync(intent, mail);

        Assert.Single(mail.Sent);
        var kept = Assert.Single(await store.ReadSentMailAsync("C1042", CancellationToken.None));
        Assert.Equal(("CASE-C1042|L3|2026-11-23", 3, new DateOnly(2026, 11, 23)), (kept.Key, kept.Level, kept.On));
        Assert.Equal(["ap@contoso.example"], kept.To);
        Assert.Equal((intent.Mail.Subject, intent.Mail.HtmlBody), (kept.Subject, kept.HtmlBody));
        var file = Assert.Single(Directory.GetFiles(Erp, "dunning-charges-*.csv"));
        Assert.Equal(
            "charge_key,customer_id,case_id,level,invoice_id,currency,open_amount,due_date,days_overdue,interest_rate_percent,interest_amount,fee_amount,letter_date\r\n"
                + "CASE-C1042|L3|2026-11-23|INV-20391,C1042,CASE-C1042,3,INV-20391,USD,8000.00,2026-10-24,30,10.15,66.74,40.00,2026-11-23\r\n"
                + "CASE-C1042|L3|2026-11-23|INV-20455,C1042,CASE-C1042,3,INV-20455,USD,4400.00,2026-11-05,18,10.15,22.02,40.00,2026-11-23\r\n",
            await File.ReadAllTextAsync(file));
    }

    /// <summary>What a cycle does with the letter: queue it with the plan, send what is pending, write back what is pending.</summary>
    private async Task CycleAsync(MailIntent intent, RecordingMail mail)
    {
        await store.CommitCollectionsAsync(new CollectionsCommit { Outbox = [intent.ToOutbox()] }, CancellationToken.None);
        await new DunningSender(mail, store, time).RunAsync(CancellationToken.None);
        await new ErpWritebackWriter(store, store, new CsvWriteback(Erp)).RunAsync(CancellationToken.None);
    }

    private static MailIntent Letter()
    {
        var customer = Contoso();
        var policy = new CollectionsPolicy { Ladder = CollectionsPolicy.DefaultLadder() };
        policy.Ladder[3].InterestRatePercent = 10.15m;
        policy.Ladder[3].FeeAmount = 40m;
        Invoice[] open = [Invoice("INV-20391", 8_000m, 30), Invoice("INV-20455", 4_400m, 18), Invoice("CN-77", -500m, -5) with { Type = DocumentType.CreditMemo }];
        var c = Case(customer, open, policy: policy);
        var decision = DunningMailPlanner.Plan([c], new Dictionary<string, Customer> { [customer.Id] = customer }, [], policy, AsOf)[0];
        var letter = DunningLetter.For(c, new ArLedger([customer], open).Accounts[0], new CurrencyConverter("USD", []).At(AsOf), policy, decision.EmailDate);
        var options = new DunningMailOptions { SenderMailbox = "ar@fabrikam.example", CompanyName = "Fabrikam Inc.", PayLinkPattern = "https://pay.example.com/{customerId}" };
        return new MailIntent
        {
            Mail = DunningMailComposer.Compose(decision, c, customer, DunningTemplates.Load(DunningTemplatesTests.Shipped), options, null, null, letter),
            CustomerId = c.CustomerId,
            CaseId = c.CaseId,
            Level = c.Level,
            On = AsOf,
            Key = decision.Key,
            Charges = CollectionsSync.ChargeRows(decision, c, letter.Charges),
        };
    }

    private sealed class RecordingMail : IMailSender
    {
        public List<OutgoingMail> Sent { get; } = [];

        public Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
        {
            Sent.Add(mail);
            return Task.CompletedTask;
        }
    }
}
