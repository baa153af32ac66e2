using Connector.Bank.Tests.Support;
using Connector.Domain.Ledger;
using Connector.Mapping.Canonical;
using Connector.Sync.Ledger;
using Connector.Sync.Ports;

namespace Connector.Bank.Tests.Intake;

public sealed class BankStatementIntakeTests
{
    private const string Our = BankBench.OurIban;

    private static readonly CamtEntry AcmePays = new(
        1250.00m,
        AcctSvcrRef: "BANKREF-0001",
        Transactions: [new CamtTx("ACME-E2E-1", Payer: "ACME Corp", PayerIban: "NL56AGDH9619008421", Ustrd: "inv 1001 / 1002 thx")]);

    [Fact]
    public async Task Run_AGoodStatementAndOneNotValidAgainstItsXsd_BadOneQuarantinedWithItsReasonGoodOneBecomesAPayment()
    {
        await using var bench = await BankBench.CreateAsync();
        bench.Drop("good.xml", CamtBuilder.Statement(Our, AcmePays));
        bench.Drop("bad.xml", CamtBuilder.Statement(Our, AcmePays).Replace("<Cd>BOOK</Cd>", "<Cd>BOOKED</Cd>", StringComparison.Ordinal));

        var report = await bench.RunAsync();

        Assert.Equal(["good.xml"], report.Files);
        var problem = Assert.Single(report.FileProblems);
        Assert.StartsWith("bad.xml: not valid against camt.053.001.08.xsd: line 1, position ", problem, StringComparison.Ordinal);
        var letter = Assert.Single(await bench.Store.ListDeadLettersAsync(new(CanonicalEntity.Payments), CancellationToken.None));
        Assert.Equal("bad.xml", letter.Source);
        Assert.Equal("file", letter.Locator);
        Assert.Contains("'BOOKED'", letter.Reason, StringComparison.Ordinal);
        Assert.StartsWith("archive/bad_", letter.Raw.File, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(bench.DropFolder, letter.Raw.File!)));
        Assert.True(File.Exists(Path.Combine(bench.ArchiveFolder, "good.xml")));
        Assert.Empty(Directory.GetFiles(bench.DropFolder));

        var payment = Assert.Single(await bench.Store.ReadBankPaymentsAsync(CancellationToken.None));
        Assert.StartsWith("BNK-", payment.Id, StringComparison.Ordinal);
        Assert.Equal(1250.00m, payment.Amount);
        Assert.Equal("EUR", payment.Currency);
        Assert.Equal(new DateOnly(2026, 11, 16), payment.Date);
        Assert.Equal(PaymentSource.BankStatement, payment.Source);
        Assert.Equal("BANKREF-0001", payment.BankReference);
        Assert.Equal("ACME-E2E-1", payment.EndToEndId);
        Assert.Equal("ACME Corp", payment.PayerName);
        Assert.Equal("NL56AGDH9619008421", payment.PayerAccount);
        Assert.Equal("inv 1001 / 1002 thx", payment.Reference);
        Assert.Null(payment.CustomerId);
    }

    [Fact]
    public async Task Run_NotificationThenTheStatementReportingTheSameEntry_OnePaymentNeverTwo()
    {
        await using var bench = await BankBench.CreateAsync();
        bench.Drop("notification.xml", CamtBuilder.Notification(Our, AcmePays with { Status = "PDNG" }));
        var first = await bench.RunAsync();
        bench.Drop("statement.xml", CamtBuilder.Statement(Our, AcmePays));

        var second = await bench.RunAsync();

        Assert.Equal(1, first.NewPayments);
        Assert.Equal(0, second.NewPayments);
        Assert.Equal(1, second.SeenAgain);
        var entry = Assert.Single(await bench.Store.ReadBankEntriesAsync(CancellationToken.None));
        Assert.Equal("camt.053.001.08", entry.Message);
        Assert.Equal("BOOK", entry.Entry.Status);
        Assert.Single(await bench.Store.ReadBankPaymentsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Run_EntryWithoutBankReferenceReportedTwice_SameEndToEndIdAmountAndDateIsOnePayment()
    {
        await using var bench = await BankBench.CreateAsync();
        var noReference = AcmePays with { AcctSvcrRef = null };
        bench.Drop("notification.xml", CamtBuilder.Notification(Our, noReference));
        await bench.RunAsync();
        bench.Drop("statement.xml", CamtBuilder.Statement(Our, noReference, new CamtEntry(99.00m, Transactions: [new CamtTx("OTHER-E2E")])));

        var report = await bench.RunAsync();

        Assert.Equal(1, report.SeenAgain);
        Assert.Equal(1, report.NewPayments);
        Assert.Equal(2, (await bench.Store.ReadBankPaymentsAsync(CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Run_ReversalOfAnEarlierCredit_ReversesItsPaymentAndAuditsIt()
    {
        await using var bench = await BankBench.CreateAsync();
        bench.Drop("monday.xml", CamtBuilder.Statement(Our, AcmePays, new CamtEntry(80.00m, AcctSvcrRef: "BANKREF-0002", Transactions: [new CamtTx("BETA-E2E")])));
        await bench.RunAsync();
        var paymentId = (await bench.Store.ReadBankPaymentsAsync(CancellationToken.None)).Single(p => p.Amount == 1250.00m).Id;
        bench.Drop("tuesday.xml", CamtBuilder.Statement(
            Our,
            new CamtEntry(1250.00m, Credit: false, Reversal: true, AcctSvcrRef: "BANKREF-0107", Transactions: [new CamtTx("ACME-E2E-1", Ustrd: "RETURN AC04 ACCOUNT CLOSED")])));

        var report = await bench.RunAsync();

        Assert.Equal(1, report.Reversed);
        Assert.Empty(report.Warnings);
        var left = Assert.Single(await bench.Store.ReadBankPaymentsAsync(CancellationToken.None));
        Assert.Equal(80.00m, left.Amount);
        var audit = Assert.Single(await bench.Store.ReadAuditAsync($"payment:{paymentId}", 10, CancellationToken.None));
        Assert.Equal("bank.payment_reversed", audit.Event.Action);
        Assert.Equal("received 1250.00 EUR on 2026-11-16 (monday.xml Stmt 1 Ntry 1)", audit.Event.Before);
        Assert.Equal("reversed", audit.Event.After);
        Assert.Equal("reversed by tuesday.xml Stmt 1 Ntry 1 (type PMNT/RCDT/ESCT): RETURN AC04 ACCOUNT CLOSED", audit.Event.Reason);
    }

    [Fact]
    public async Task Run_ReversalWithNoCreditItNames_StoredAndWarnedNothingReversed()
    {
        await using var bench = await BankBench.CreateAsync();
        bench.Drop("monday.xml", CamtBuilder.Statement(Our, AcmePays));
        await bench.RunAsync();
        bench.Drop("tuesday.xml", CamtBuilder.Statement(Our, new CamtEntry(1250.00m, Credit: false, Reversal: true, AcctSvcrRef: "BANKREF-0108", Transactions: [new CamtTx("SOMEONE-ELSE")])));

        var report = await bench.RunAsync();

        Assert.Equal(0, report.Reversed);
        Assert.Equal(
            ["tuesday.xml Stmt 1 Ntry 1: a reversal of 1250.00 EUR on DE89370400440532013000 matches no payment read before (no credit with its reference); check it by hand"],
            report.Warnings);
        Assert.Single(await bench.Store.ReadBankPaymentsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Run_FileStillBeingWritten_LeftWhereItIsNotArchivedReadOnceAtRest()
    {
        await using var bench = await BankBench.CreateAsync();
        bench.Drop("statement.xml", CamtBuilder.Statement(Our, AcmePays));
        bench.SetClock(File.GetLastWriteTimeUtc(Path.Combine(bench.DropFolder, "statement.xml")).AddSeconds(3));

        var fresh = await bench.RunAsync();

        Assert.Equal(
            ["statement.xml: left for the next run: written 3 s ago, within Bank:FileSettleSeconds (10 s); the bank may still be writing it"],
            fresh.Skipped);
        Assert.True(File.Exists(Path.Combine(bench.DropFolder, "statement.xml")));
        Assert.False(Directory.Exists(bench.ArchiveFolder));
        Assert.Empty(await bench.Store.ReadBankPaymentsAsync(CancellationToken.None));

        bench.Time.Advance(TimeSpan.FromSeconds(30));
        var atRest = await bench.RunAsync();

        Assert.Equal(["statement.xml"], atRest.Files);
        Assert.Single(await bench.Store.ReadBankPaymentsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Run_DebitsAndOtherAccountsEntries_IgnoredOnlyOurCreditsArePayments()
    {
        await using var bench = await BankBench.CreateAsync();
        bench.Drop("ours.xml", CamtBuilder.Statement(Our, AcmePays, new CamtEntry(300.00m, Credit: false, AcctSvcrRef: "RENT-11")));
        bench.Drop("theirs.xml", CamtBuilder.Statement("NL26VAYB8060476890", new CamtEntry(5000.00m, AcctSvcrRef: "ELSEWHERE-1")));

        var report = await bench.RunAsync();

        Assert.Equal(3, report.Read);
        Assert.Equal(2, report.Ignored);
        Assert.Equal(1250.00m, Assert.Single(await bench.Store.ReadBankPaymentsAsync(CancellationToken.None)).Amount);
    }

    [Fact]
    public async Task Run_SameStatementDroppedTwiceUnderAnotherName_ReadOnce()
    {
        await using var bench = await BankBench.CreateAsync();
        bench.Drop("statement.xml", CamtBuilder.Statement(Our, AcmePays));
        await bench.RunAsync();
        bench.Drop("statement-copy.xml", CamtBuilder.Statement(Our, AcmePays));

        var again = await bench.RunAsync();

        Assert.Equal(["statement-copy.xml"], again.AlreadyRead);
        Assert.Equal(0, again.SeenAgain);
        Assert.Single(await bench.Store.ReadBankPaymentsAsync(CancellationToken.None));
        Assert.True(File.Exists(Path.Combine(bench.ArchiveFolder, "statement-copy.xml")));
    }

    [Fact]
    public async Task Run_Bai2WhoseControlTotalDoesNotAddUp_FileQuarantinedWithTheTrailerGoodFileProceeds()
    {
        await using var bench = await BankBench.CreateAsync();
        const string Good = """
            01,BANK,COMPANY,261116,0800,1,80,1,2/
            02,COMPANY,BANK,1,261116,,USD,2/
            03,4001234567,USD,010,+100000,,/
            16,195,12500,Z,WIRE-771,PO 4471,ACME CORP INV-1001/
            49,112500,3/
            98,112500,1,5/
            99,112500,1,7/
            """;
        bench.Drop("good.bai", Good);
        bench.Drop("short.bai", Good.Replace("16,195,12500,", "16,195,12000,", StringComparison.Ordinal));

        var report = await bench.RunAsync();

        Assert.Equal(["good.bai"], report.Files);
        Assert.Equal(
            ["short.bai: line 5: the trailer (49) of account 4001234567 (03 on line 3) has control total 112500 but its records add up to 112000: a record is missing or altered (kept as archive/short_" + ShortHash(bench) + ".bai; once the bank sends it corrected, drop the new file in the folder)"],
            report.FileProblems);
        var payment = Assert.Single(await bench.Store.ReadBankPaymentsAsync(CancellationToken.None));
        Assert.Equal(125.00m, payment.Amount);
        Assert.Equal("USD", payment.Currency);
        Assert.Equal("WIRE-771", payment.BankReference);
        Assert.Equal("ACME CORP INV-1001", payment.Reference);
    }

    [Fact]
    public async Task LoadLedger_BankPaymentsStored_LedgerHoldsThemAsUnappliedCashFromTheBank()
    {
        await using var bench = await BankBench.CreateAsync();
        bench.Drop("statement.xml", CamtBuilder.Statement(Our, AcmePays));
        await bench.RunAsync();

        var ledger = await LedgerLoader.LoadAsync(bench.Store, CancellationToken.None);

        var payment = Assert.Single(ledger.UnassignedPayments);
        Assert.Equal(PaymentSource.BankStatement, payment.Source);
        Assert.Equal(1250.00m, payment.UnappliedAmount);
    }

    private static string ShortHash(BankBench bench) =>
        Path.GetFileNameWithoutExtension(Directory.GetFiles(bench.ArchiveFolder, "short_*").Single())["short_".Length..];
}
