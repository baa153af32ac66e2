using Connector.Bank.Camt;
using Connector.Bank.Tests.Support;

namespace Connector.Bank.Tests.Camt;

public sealed class CamtReaderTests
{
    private const string Account = "DE89370400440532013000";

    [Fact]
    public void Read_Camt053Version2Sample_CreditWithPayerAccountAndCreditorReference()
    {
        var read = CamtReader.Read(File.OpenRead(BankFixtures.PathOf("camt053.v2.minimal.xml")));

        Assert.Null(read.Problem);
        Assert.Equal("camt.053.001.02", read.Message);
        var entry = Assert.Single(read.Entries);
        Assert.Equal("Stmt 1 Ntry 1", entry.Locator);
        Assert.Equal("NL26VAYB8060476890", entry.Account);
        Assert.Equal(8.85m, entry.Amount);
        Assert.Equal("EUR", entry.Currency);
        Assert.True(entry.IsCredit);
        Assert.False(entry.IsReversal);
        Assert.Equal("BOOK", entry.Status);
        Assert.Equal(new DateOnly(2014, 12, 31), entry.BookingDate);
        Assert.Equal(new DateOnly(2015, 1, 2), entry.ValueDate);
        Assert.Equal("NAME NAME", entry.PayerName);
        Assert.Equal("NL56AGDH9619008421", entry.PayerAccount);
        Assert.Equal("4654654654654654", entry.Remittance);
        Assert.Equal("544", entry.TypeCode);
    }

    [Fact]
    public void Read_Camt053Version8Sample_EntryOfAnOthrAccountWithItsReferences()
    {
        var read = CamtReader.Read(File.OpenRead(BankFixtures.PathOf("camt053.v8.xml")));

        Assert.Null(read.Problem);
        Assert.Equal("camt.053.001.08", read.Message);
        var entry = Assert.Single(read.Entries);
        Assert.Equal("NL26VAYB8060476890", entry.Account);
        Assert.Equal(8.85m, entry.Amount);
        Assert.Equal("EUR", entry.Currency);
        Assert.Equal(new DateOnly(2014, 12, 31), entry.BookingDate);
        Assert.Equal("AAAASESS-FP-CN_98765/01", entry.BankReference);
        Assert.Equal("MUELL/FINP/RA12345", entry.EndToEndId);
        Assert.Equal("NAME NAME", entry.PayerName);
        Assert.Equal("PMNT/RCDT/BOOK", entry.TypeCode);
    }

    [Fact]
    public void Read_Camt054Version8Sample_IsValidAndRead()
    {
        var read = CamtReader.Read(File.OpenRead(BankFixtures.PathOf("camt054.v8.xml")));

        Assert.Null(read.Problem);
        Assert.Equal("camt.054.001.08", read.Message);
        Assert.NotEmpty(read.Entries);
        Assert.All(read.Entries, e => Assert.StartsWith("Ntfctn 1 Ntry ", e.Locator, StringComparison.Ordinal));
    }

    [Fact]
    public void Read_Camt054BatchWithoutTransactionAmounts_OneMovementWithEveryRemittance()
    {
        var read = CamtReader.Read(File.OpenRead(BankFixtures.PathOf("camt054.v2.xml")));

        Assert.Null(read.Problem);
        Assert.Empty(read.Problems);
        var entry = Assert.Single(read.Entries);
        Assert.False(entry.IsCredit);
        Assert.Equal(200000m, entry.Amount);
        Assert.Equal("MUELL/FINP/RA12345", entry.EndToEndId);
        Assert.Contains("Unstructured Remittance Information V1", entry.Remittance, StringComparison.Ordinal);
        Assert.Contains("ISR ref number V2", entry.Remittance, StringComparison.Ordinal);
        Assert.Contains("Ref number V3 block 2", entry.Remittance, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BatchEntryWithTransactionAmounts_OneMovementPerTransaction()
    {
        var xml = CamtBuilder.Statement(
            Account,
            new CamtEntry(
                1500m,
                AcctSvcrRef: "BATCH-77",
                AdditionalInfo: "SAMMLER 2 POSTEN",
                Transactions:
                [
                    new CamtTx("E2E-A", 1000m, "Acme GmbH", "NL56AGDH9619008421", Ustrd: "Rechnung INV-1001"),
                    new CamtTx("E2E-B", 500m, "Beta AG", DocumentNumber: "INV-1002", CreditorReference: "RF18539007547034"),
                ]));

        var read = CamtReader.Read(BankFixtures.Stream(xml));

        Assert.Null(read.Problem);
        Assert.Collection(
            read.Entries,
            a =>
            {
                Assert.Equal("Stmt 1 Ntry 1 TxDtls 1", a.Locator);
                Assert.Equal(1000m, a.Amount);
                Assert.Equal("BATCH-77/E2E-A", a.BankReference);
                Assert.Equal("E2E-A", a.EndToEndId);
                Assert.Equal("Acme GmbH", a.PayerName);
                Assert.Equal("NL56AGDH9619008421", a.PayerAccount);
                Assert.Equal("Rechnung INV-1001 SAMMLER 2 POSTEN", a.Remittance);
            },
            b =>
            {
                Assert.Equal(500m, b.Amount);
                Assert.Equal("Beta AG", b.PayerName);
                Assert.Equal("INV-1002 RF18539007547034 SAMMLER 2 POSTEN", b.Remittance);
            });
    }

    [Fact]
    public void Read_NotValidAgainstTheXsd_RefusedWithLinePositionAndWhat()
    {
        var xml = BankFixtures.Text("camt053.v2.minimal.xml").Replace("<CdtDbtInd>CRDT</CdtDbtInd>\n                <RvslInd>", "<CdtDbtInd>CREDIT</CdtDbtInd>\n                <RvslInd>", StringComparison.Ordinal);

        var read = CamtReader.Read(BankFixtures.Stream(xml));

        Assert.Empty(read.Entries);
        Assert.StartsWith("not valid against camt.053.001.02.xsd: line 92, position ", read.Problem, StringComparison.Ordinal);
        Assert.Contains("'CREDIT'", read.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AnotherMessage_RefusedNamingItsNamespace()
    {
        var read = CamtReader.Read(BankFixtures.Stream("""<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn/></Document>"""));

        Assert.Equal(
            "not a camt.053 or camt.054 message of version .001.02 or .001.08 (its root is <Document> in namespace 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09')",
            read.Problem);
    }

    [Fact]
    public void Read_CutShortXml_RefusedAsNotWellFormed()
    {
        var xml = BankFixtures.Text("camt053.v2.minimal.xml");

        var read = CamtReader.Read(BankFixtures.Stream(xml[..(xml.Length / 2)]));

        Assert.StartsWith("not well-formed XML: line ", read.Problem, StringComparison.Ordinal);
    }
}
