using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Xml;
using Connector.Bank.Bai2;
using Connector.Bank.Camt;
using Connector.Testing;

namespace Connector.Benchmarks.Runs;

/// <summary>
/// Issue 18 §4, statements in: the parse rate (entries per second) of a camt.053.001.08 and of a BAI2 file of 100,000
/// entries each, beside a baseline measured on the same file in the same run — an <see cref="XmlReader"/> that only reads
/// every node (no schema), and reading the BAI2 file's lines — so the figure says what validation and extraction cost on
/// top of touching the bytes at all. Best of 5 after a warm-up.
/// </summary>
internal static class BankRun
{
    public static int Run(string[] args)
    {
        var entries = EvaluationRun.Arg(args, "--entries", 100_000);
        Console.WriteLine($"Bank statements: {entries:N0} entries a file, {Environment.ProcessorCount} cores, load average {IngestRun.LoadAverage()}");
        using var work = new TempDirectory("connector-bench-bank-");
        var camt = Path.Combine(work.Path, "camt053.xml");
        var bai2 = Path.Combine(work.Path, "bai2.txt");
        File.WriteAllText(camt, CamtFile(entries), new UTF8Encoding(false));
        File.WriteAllText(bai2, Bai2File(entries), new UTF8Encoding(false));
        Console.WriteLine($"camt.053.001.08 {new FileInfo(camt).Length / 1e6:F1} MB, BAI2 {new FileInfo(bai2).Length / 1e6:F1} MB");

        var camtRead = 0;
        var bai2Read = 0;
        var camtBase = Best(() => ReadXmlOnly(camt));
        var camtParse = Best(() =>
        {
            using var stream = File.OpenRead(camt);
            var read = CamtReader.Read(stream);
            camtRead = read.Problem is null ? read.Entries.Count : throw new InvalidOperationException(read.Problem);
        });
        var bai2Base = Best(() => ReadLinesOnly(bai2));
        var bai2Parse = Best(() =>
        {
            using var text = new StreamReader(bai2, Encoding.Latin1);
            var read = Bai2Reader.Read(text);
            bai2Read = read.Problem is null ? read.Entries.Count : throw new InvalidOperationException(read.Problem);
        });

        Console.WriteLine($"camt.053 parse + XSD   {camtRead / camtParse,12:N0} entries/s  ({camtParse:F3} s for {camtRead:N0})");
        Console.WriteLine($"  baseline XmlReader   {entries / camtBase,12:N0} entries/s  ({camtBase:F3} s, nodes only, no schema): parse = {camtParse / camtBase:F1}× the baseline's time");
        Console.WriteLine($"BAI2 parse + totals    {bai2Read / bai2Parse,12:N0} entries/s  ({bai2Parse:F3} s for {bai2Read:N0})");
        Console.WriteLine($"  baseline lines       {entries / bai2Base,12:N0} entries/s  ({bai2Base:F3} s, ReadLine only): parse = {bai2Parse / bai2Base:F1}× the baseline's time");
        return camtRead == entries && bai2Read == entries ? 0 : 1;
    }

    private static double Best(Action run)
    {
        run();
        var times = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            run();
            times.Add(watch.Elapsed.TotalSeconds);
        }

        return times.Min();
    }

    private static void ReadXmlOnly(string path)
    {
        using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = true });
        while (reader.Read())
        {
        }
    }

    internal static void ReadLinesOnly(string path)
    {
        using var text = new StreamReader(path, Encoding.Latin1);
        while (text.ReadLine() is not null)
        {
        }
    }

    /// <summary>One statement of <paramref name="entries"/> credits, each with a payer, an IBAN, a reference and messy remittance.</summary>
    private static string CamtFile(int entries)
    {
        var x = new StringBuilder(entries * 900);
        x.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\"><BkToCstmrStmt>");
        x.Append("<GrpHdr><MsgId>BENCH-1</MsgId><CreDtTm>2026-11-16T18:00:00</CreDtTm></GrpHdr><Stmt><Id>BENCH-1</Id>");
        x.Append("<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>");
        x.Append("<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">0</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-16</Dt></Dt></Bal>\n");
        for (var i = 0; i < entries; i++)
        {
            var amount = 100 + (i % 9973) + ((i % 100) / 100m);
            x.Append(CultureInfo.InvariantCulture, $"<Ntry><Amt Ccy=\"EUR\">{amount:0.00}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>");
            x.Append(CultureInfo.InvariantCulture, $"<BookgDt><Dt>2026-11-16</Dt></BookgDt><ValDt><Dt>2026-11-16</Dt></ValDt><AcctSvcrRef>REF{i:D10}</AcctSvcrRef>");
            x.Append("<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd><NtryDtls><TxDtls>");
            x.Append(CultureInfo.InvariantCulture, $"<Refs><EndToEndId>E2E-{i:D10}</EndToEndId></Refs><Amt Ccy=\"EUR\">{amount:0.00}</Amt><CdtDbtInd>CRDT</CdtDbtInd>");
            x.Append(CultureInfo.InvariantCulture, $"<RltdPties><Dbtr><Pty><Nm>CUSTOMER {i % 50_000} GMBH</Nm></Pty></Dbtr><DbtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></DbtrAcct></RltdPties>");
            x.Append(CultureInfo.InvariantCulture, $"<RmtInf><Ustrd>Rechnung inv {i * 7 % 1_000_000} und {i * 13 % 1_000_000} danke</Ustrd><Strd><RfrdDocInf><Nb>INV-{i:D7}</Nb></RfrdDocInf></Strd></RmtInf>");
            x.Append("</TxDtls></NtryDtls></Ntry>\n");
        }

        x.Append("</Stmt></BkToCstmrStmt></Document>\n");
        return x.ToString();
    }

    /// <summary>One account of <paramref name="entries"/> details (one in four continued on an 88), trailers with their totals.</summary>
    internal static string Bai2File(int entries)
    {
        var x = new StringBuilder(entries * 90);
        x.Append("01,BANK,BENCH,261116,1830,1,,,2/\n02,BENCH,BANK,1,261116,2400,USD,2/\n03,4001234567,USD,010,0,,/\n");
        long total = 0;
        var records = 1;
        for (var i = 0; i < entries; i++)
        {
            var cents = 10_000 + (i % 997_300);
            total += cents;
            records++;
            x.Append(CultureInfo.InvariantCulture, $"16,195,{cents},Z,B{i:D12},E2E{i:D9},CUSTOMER {i % 50_000} INC INV-{i:D7}");
            if (i % 4 == 0)
            {
                records++;
                x.Append(CultureInfo.InvariantCulture, $"\n88,AND INV-{(i + 1):D7} SHORT PAID FREIGHT");
            }

            x.Append("/\n");
        }

        records++;
        x.Append(CultureInfo.InvariantCulture, $"49,{total},{records}/\n98,{total},1,{records + 2}/\n99,{total},1,{records + 4}/\n");
        return x.ToString();
    }
}
