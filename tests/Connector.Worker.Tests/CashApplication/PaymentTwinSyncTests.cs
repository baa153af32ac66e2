using System.Text;
using Connector.Worker.Tests.Support;
using Connector.Worker.Tests.Sync;

namespace Connector.Worker.Tests.CashApplication;

/// <summary>
/// The bank reports a payment first, the connector applies it and the hold lifts; the ERP's next export then books the
/// same money as its own payment. Real <c>connector sync --once</c> runs of the sample company against the Dataverse
/// emulator, with the ERP writeback folder: the money counts once everywhere.
/// </summary>
public sealed class PaymentTwinSyncTests
{
    private const string BankReference = "B990000000000001";

    [Fact]
    public async Task Sync_TheErpBooksTheBankPaymentTheConnectorApplied_ExposureUnchangedOnePaymentInDynamicsNoSecondWriteback()
    {
        await using var dataverse = await EmulatedDataverse.StartAsync();
        using var workspace = SyncTestKit.SampleWorkspace(dataverse);
        var bankFolder = Directory.CreateDirectory(Path.Combine(workspace.Root, "bank-drop")).FullName;
        workspace.UseSection("Bank", new { DropFolder = bankFolder, FileSettleSeconds = 0, Accounts = new[] { "4001234567" } });
        workspace.UseSection("CashApplication", new { AutoAccept = new[] { "Reference", "ExactAmount" } });

        // On the ERP's figures alone Kestrel Printing is held: INV-004068 (10,370.89) is 155 days past due.
        SyncTestKit.Pushed(await SyncTestKit.SyncAsync(workspace));
        Assert.Equal(true, Account(dataverse)["creditonhold"]);

        // The bank reports the customer's transfer: applied at once, the hold lifts before the ERP knows.
        File.WriteAllText(Path.Combine(bankFolder, "camt053_20261117.xml"), Statement(), new UTF8Encoding(false));
        SyncTestKit.Pushed(await SyncTestKit.SyncAsync(workspace));
        var applied = Account(dataverse);
        Assert.Equal(false, applied["creditonhold"]);
        var bankPayment = Assert.Single(Payments(dataverse), p => (string?)p["arc_bankreference"] == BankReference);
        Assert.Single(WritebackRows(workspace));

        // The ERP's next export books the same money as its own payment (not applied yet), the bank reference in its reference.
        var receipts = File.ReadAllText(Path.Combine(Workspace.SampleExport, "CASH_RECEIPTS_20261116.csv"), Encoding.UTF8).TrimEnd('\n');
        workspace.Drop("CASH_RECEIPTS_20261118.csv", receipts + "\n503001;18.11.2026;PAY-009001;C-1151;Kestrel Printing Corp.;WWB-USD;;(10.370,89);0,00;"
            + $"{BankReference};BANK TRANSFER {BankReference};18.11.2026 09:00:00\n");
        var third = await SyncTestKit.SyncAsync(workspace);
        SyncTestKit.Pushed(third);

        Assert.Contains(SyncTestKit.Notes(third), n => n.StartsWith($"Twins: 1 bank entries recognised as the ERP's own record of the same money ({BankReference} = PAY-009001 (reference))", StringComparison.Ordinal));
        var after = Account(dataverse);
        Assert.Equal((applied["arc_exposure"], applied["arc_arbalance"], false), (after["arc_exposure"], after["arc_arbalance"], after["creditonhold"]));
        Assert.Equal([bankPayment["arc_paymentnumber"]], Payments(dataverse).Where(p => (string?)p["arc_bankreference"] == BankReference || (string?)p["arc_paymentnumber"] == "PAY-009001").Select(p => p["arc_paymentnumber"]));
        Assert.Equal(SyncTestKit.SamplePayments + 1, dataverse.Environment.Count("arc_payment"));
        var rows = WritebackRows(workspace);
        Assert.Single(rows);
        Assert.DoesNotContain(rows, r => r.Contains("PAY-009001", StringComparison.Ordinal));
    }

    private static IReadOnlyDictionary<string, object?> Account(EmulatedDataverse dataverse) => dataverse.Row("account", "accountnumber", "C-1151");

    private static List<IReadOnlyDictionary<string, object?>> Payments(EmulatedDataverse dataverse) => [.. dataverse.Environment.Records("arc_payment")];

    /// <summary>Every cash application row the ERP got that pays INV-004068 or names the bank's reference.</summary>
    private static List<string> WritebackRows(Workspace workspace) =>
        [.. Directory.GetFiles(Path.Combine(workspace.DropFolder, "writeback"), "cash-applications-*.csv")
            .SelectMany(File.ReadAllLines)
            .Where(static r => r.Contains("INV-004068", StringComparison.Ordinal) || r.Contains(BankReference, StringComparison.Ordinal))];

    /// <summary>A camt.053.001.08 of the USD account with the customer's transfer (the shape the sample generator writes).</summary>
    private static string Statement() =>
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
        <BkToCstmrStmt>
          <GrpHdr><MsgId>STMT-20261117-TWIN</MsgId><CreDtTm>2026-11-17T18:30:00</CreDtTm></GrpHdr>
          <Stmt>
            <Id>20261117-1</Id><CreDtTm>2026-11-17T18:30:00</CreDtTm>
            <Acct><Id><Othr><Id>4001234567</Id></Othr></Id><Ccy>USD</Ccy><Ownr><Nm>Sample Manufacturing Corp.</Nm></Ownr></Acct>
            <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="USD">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-17</Dt></Dt></Bal>
            <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="USD">10370.89</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-17</Dt></Dt></Bal>
            <Ntry>
              <Amt Ccy="USD">10370.89</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
              <BookgDt><Dt>2026-11-17</Dt></BookgDt><ValDt><Dt>2026-11-17</Dt></ValDt><AcctSvcrRef>B990000000000001</AcctSvcrRef>
              <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
              <NtryDtls>
                <TxDtls><Refs><EndToEndId>E2E-KESTREL-1117</EndToEndId></Refs><Amt Ccy="USD">10370.89</Amt><CdtDbtInd>CRDT</CdtDbtInd><RltdPties><Dbtr><Pty><Nm>KESTREL PRINTING CORP.</Nm></Pty></Dbtr></RltdPties><RmtInf><Ustrd>INV-004068</Ustrd></RmtInf></TxDtls>
              </NtryDtls>
            </Ntry>
          </Stmt>
        </BkToCstmrStmt>
        </Document>
        """;
}
