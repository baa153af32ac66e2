using Connector.Bank.Bai2;
using Connector.Bank.Tests.Support;

namespace Connector.Bank.Tests.Bai2;

public sealed class Bai2ReaderTests
{
    private const string OneCredit = """
        01,BANK,COMPANY,261116,0800,1,80,1,2/
        02,COMPANY,BANK,1,261116,,USD,2/
        03,4001234567,USD,010,+100000,,,015,+112500,,/
        16,195,12500,V,261116,,WIRE-771,PO 4471,ACME CORP INV-1001
        88,AND INV-1002 THANK YOU/
        49,225000,4/
        98,225000,1,6/
        99,225000,1,8/
        """;

    [Fact]
    public void Read_PublicSample1_EveryDetailWithItsTypeCodeAndTotalsChecked()
    {
        using var text = new StreamReader(BankFixtures.PathOf("bai2-sample1.txt"));

        var read = Bai2Reader.Read(text);

        Assert.Null(read.Problem);
        Assert.Equal(17, read.Entries.Count);
        Assert.Equal(5, read.Entries.Count(static e => e.IsCredit));
        var first = read.Entries[0];
        Assert.Equal("10200123456", first.Account);
        Assert.Equal("CAD", first.Currency);
        Assert.Equal(25.00m, first.Amount);
        Assert.Equal("409", first.TypeCode);
        Assert.False(first.IsCredit);
        Assert.Equal("RETURNED CHEQUE", first.Remittance);
        Assert.Equal(new DateOnly(2006, 3, 17), first.BookingDate);
        Assert.Equal(new DateOnly(2006, 3, 16), first.ValueDate);
        var transfer = read.Entries[3];
        Assert.True(transfer.IsCredit);
        Assert.Equal(2035.00m, transfer.Amount);
        Assert.Equal("TFR 1020 0345678", transfer.Remittance);
    }

    [Fact]
    public void Read_PublicSample3SeveralRecordsALineAndWrappedRecords_RecordsJoinedAndTotalsAddUp()
    {
        using var text = new StreamReader(BankFixtures.PathOf("bai2-sample3.txt"));

        var read = Bai2Reader.Read(text);

        Assert.Null(read.Problem);
        var paypal = read.Entries[0];
        Assert.Equal("TRANSFER   PAYPAL             PPD", paypal.Remittance);
        Assert.Equal(25.00m, paypal.Amount);
        Assert.Equal("USD", paypal.Currency);
        Assert.Equal(5.00m, read.Entries[1].Amount);

        // "16,142,2500,Z,,,111111 ACH_SETL 1111111111" wrapped onto the next line without an 88.
        Assert.Contains(read.Entries, static e => e.TypeCode == "142" && e.Remittance is { } r && r.Contains("ACH_SETL           1111111111111111111111111", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_CreditWithContinuation_PaymentWithReferencesAndWholeText()
    {
        var read = Bai2Reader.Read(new StringReader(OneCredit));

        Assert.Null(read.Problem);
        var entry = Assert.Single(read.Entries);
        Assert.Equal("line 4", entry.Locator);
        Assert.Equal("4001234567", entry.Account);
        Assert.Equal(125.00m, entry.Amount);
        Assert.True(entry.IsCredit);
        Assert.Equal("WIRE-771", entry.BankReference);
        Assert.Equal("PO 4471", entry.EndToEndId);
        Assert.Equal("ACME CORP INV-1001 AND INV-1002 THANK YOU", entry.Remittance);
    }

    [Fact]
    public void Read_AccountControlTotalDoesNotAddUp_RefusedNamingTheTrailer()
    {
        var read = Bai2Reader.Read(new StringReader(OneCredit.Replace("16,195,12500,", "16,195,12400,", StringComparison.Ordinal)));

        Assert.Empty(read.Entries);
        Assert.Equal(
            "line 6: the trailer (49) of account 4001234567 (03 on line 3) has control total 225000 but its records add up to 224900: a record is missing or altered",
            read.Problem);
    }

    [Fact]
    public void Read_FileRecordCountDoesNotAddUp_Refused()
    {
        var read = Bai2Reader.Read(new StringReader(OneCredit.Replace("99,225000,1,8/", "99,225000,1,9/", StringComparison.Ordinal)));

        Assert.Equal("line 8: the trailer (99) of the file counts 9 record(s) but 8 were read", read.Problem);
    }

    [Fact]
    public void Read_FileCutShort_RefusedAsIncomplete()
    {
        var read = Bai2Reader.Read(new StringReader(OneCredit[..OneCredit.IndexOf("49,", StringComparison.Ordinal)]));

        Assert.Equal("the file ends without its trailer (99) and account 4001234567 without its trailer (49): was it cut short?", read.Problem);
    }

    [Theory]
    [InlineData("555", true)]
    [InlineData("557", true)]
    [InlineData("475", false)]
    public void Read_DebitTypeCodes_ReturnsAndReversalsRecognised(string code, bool reversal)
    {
        var text = OneCredit.Replace("16,195,12500,V,261116,,WIRE-771", $"16,{code},12500,V,261116,,WIRE-771", StringComparison.Ordinal);

        var entry = Assert.Single(Bai2Reader.Read(new StringReader(text)).Entries);

        Assert.False(entry.IsCredit);
        Assert.Equal(reversal, entry.IsReversal);
    }
}
