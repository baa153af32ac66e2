using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Xml;
using Connector.Bank;
using Connector.Bank.Bai2;
using Connector.Bank.Camt;
using Connector.Bank.Drop;
using Connector.Benchmarks.Data;
using Connector.Domain.CashApplication;
using Connector.Domain.Ledger;
using Connector.Store;
using Connector.Sync.Bank;
using Connector.Sync.CashApplication;
using Connector.Sync.Ports;
using Connector.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Connector.Benchmarks.Runs;

/// <summary>
/// Issue 18 §4: a day's statement of 100,000 entries against 1,000,000 open invoices, the product's path end to end:
/// parse (camt.053 read and validated against its XSD), the bank intake's commit (entries stored, one transaction), match
/// (the cash cycle's planner: identification, all rules, auto-acceptance, writeback rows) and commit (matches, lines,
/// audit and outbox in one transaction). Each part is printed beside a floor measured in the same run on the same data:
/// reading the XML's nodes without a schema, a dictionary pass finding each entry's first invoice number, and a plain
/// prepared INSERT of as many rows into a SQLite table.
/// </summary>
internal static class BankCashRun
{
    private const string Account = "DE89370400440532013000";

    public static async Task<int> RunAsync(string[] args)
    {
        var customers = EvaluationRun.Arg(args, "--customers", 100_000);
        var invoices = EvaluationRun.Arg(args, "--invoices", 1_000_000);
        var entries = EvaluationRun.Arg(args, "--entries", 100_000);
        Console.WriteLine($"Bank to applied cash: {entries:N0} statement entries against {invoices:N0} open invoices of {customers:N0} customers, {Environment.ProcessorCount} cores, load average {IngestRun.LoadAverage()}");
        var withPayments = SyntheticPayments.WithPayments(SyntheticLedger.Create(customers, invoices, openOrders: 0), entries);
        var erpLedger = new ArLedger(
            withPayments.Accounts.Select(static a => a.Customer),
            withPayments.Accounts.SelectMany(static a => a.Invoices),
            [],
            rates: withPayments.Rates);

        using var work = new TempDirectory("connector-bench-bankcash-");
        var drop = Directory.CreateDirectory(Path.Combine(work.Path, "bank-drop")).FullName;
        var camt = Path.Combine(work.Path, "camt053.xml");
        File.WriteAllText(camt, CamtFile(withPayments), new UTF8Encoding(false));
        Console.WriteLine($"camt.053.001.08 of {entries:N0} entries: {new FileInfo(camt).Length / 1e6:F1} MB");
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);

        // Parse alone, against reading the nodes.
        var parseFloor = Seconds(() => ReadXmlOnly(camt));
        var parse = Seconds(() =>
        {
            using var stream = File.OpenRead(camt);
            var read = CamtReader.Read(stream);
            if (read.Problem is not null)
            {
                throw new InvalidOperationException(read.Problem);
            }
        });

        // BAI2 alone (the `bank` run's file of as many entries, one in four continued on an 88), against reading its lines.
        var bai2 = Path.Combine(work.Path, "bai2.txt");
        File.WriteAllText(bai2, BankRun.Bai2File(entries), new UTF8Encoding(false));
        var bai2Floor = Seconds(() => BankRun.ReadLinesOnly(bai2));
        var bai2Parse = Seconds(() =>
        {
            using var text = new StreamReader(bai2, Encoding.Latin1);
            var read = Bai2Reader.Read(text);
            if (read.Problem is not null)
            {
                throw new InvalidOperationException(read.Problem);
            }
        });

        // The intake (parse + store the entries), as the cycle runs it, into a fresh store.
        await using var store = await ConnectorStoreFactory.OpenAsync(new StoreOptions { DataDirectory = work.Path }, TimeProvider.System, CancellationToken.None);
        File.Copy(camt, Path.Combine(drop, "camt053.xml"));
        var intake = new BankStatementIntake(
            new BankDropSource(new BankOptions { DropFolder = drop, FileSettleSeconds = 0, Accounts = [Account] }, TimeProvider.System),
            TimeProvider.System,
            NullLogger<BankStatementIntake>.Instance);
        var watch = Stopwatch.StartNew();
        var report = await intake.RunAsync(store, CancellationToken.None);
        var intakeSeconds = watch.Elapsed.TotalSeconds;
        var payments = await store.ReadBankPaymentsAsync(CancellationToken.None);
        var ledger = new ArLedger(erpLedger.Accounts.Select(static a => a.Customer), erpLedger.Accounts.SelectMany(static a => a.Invoices), payments, rates: erpLedger.Rates);

        // Match: the cycle's planner against a dictionary pass over the same invoices and texts.
        var policy = new CashApplicationPolicy { AutoAccept = [MatchMethod.Reference, MatchMethod.ExactAmount] };
        var now = new DateTimeOffset(SyntheticLedger.AsOf.ToDateTime(new TimeOnly(18, 0)), TimeSpan.Zero);
        var matchFloor = Seconds(() => FirstNumberPass(ledger));
        CashCyclePlan? plan = null;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var match = Seconds(() => plan = CashCyclePlanner.Plan(ledger, [], policy, now, "USD"), repetitions: 3);
        var matchAllocated = (GC.GetAllocatedBytesForCurrentThread() - allocated) / 4 / (1024.0 * 1024.0);

        // Commit: the matches, lines, audit and outbox in one transaction, against a plain insert of as many rows.
        var rows = plan!.Commit.NewMatches.Count + plan.Commit.NewMatches.Sum(static m => m.Lines.Count) + plan.Commit.Audit.Count + plan.Commit.Outbox.Count;
        var commitFloor = await PlainInsertAsync(Path.Combine(work.Path, "floor.db"), rows);
        watch.Restart();
        var added = await store.CommitCashAsync(plan.Commit, CancellationToken.None);
        var commit = watch.Elapsed.TotalSeconds;
        var postgres = args.Contains("--postgres") ? await PostgresCommitAsync(plan.Commit, rows) : null;

        Console.WriteLine($"  bank intake: {report.Summary}");
        Console.WriteLine($"  matched: {plan.Report.Matched:N0} payments, {plan.Report.AutoAccepted:N0} accepted automatically, {plan.Report.Queued:N0} queued; {added:N0} stored, {rows:N0} rows");
        Console.WriteLine($"parse (camt + XSD)        {parse,7:F2} s   floor {parseFloor,6:F2} s (XmlReader, nodes only)  = {parse / parseFloor:F1}×   {entries / parse,10:N0} entries/s");
        Console.WriteLine($"parse (BAI2 + totals)     {bai2Parse,7:F2} s   floor {bai2Floor,6:F2} s (ReadLine only)  = {bai2Parse / bai2Floor:F1}×   {entries / bai2Parse,10:N0} entries/s");
        Console.WriteLine($"intake (parse + store)    {intakeSeconds,7:F2} s   of which storing ≈ {intakeSeconds - parse:F2} s");
        Console.WriteLine($"match (plan, all rules)   {match,7:F2} s   floor {matchFloor,6:F2} s (dictionary pass, first number per text)  = {match / matchFloor:F1}×   allocates {matchAllocated:F0} MB a run");
        Console.WriteLine($"commit (cash, one tx)     {commit,7:F2} s   floor {commitFloor,6:F2} s (plain INSERT of {rows:N0} rows)  = {commit / commitFloor:F1}×");
        if (postgres is { } pg)
        {
            Console.WriteLine($"commit on PostgreSQL      {pg.Commit,7:F2} s   floor {pg.Floor,6:F2} s (binary COPY of {rows:N0} rows)  = {pg.Commit / pg.Floor:F1}×");
        }

        var total = intakeSeconds + match + commit;
        TimedRun.Goal("parse + store + match + commit", total, 5, "s");
        Console.WriteLine($"  load average after: {IngestRun.LoadAverage()}");
        return added == plan.Report.Matched ? 0 : 1;
    }

    /// <summary>Best of <paramref name="repetitions"/> after a warm-up.</summary>
    private static double Seconds(Action run, int repetitions = 3)
    {
        run();
        var best = double.MaxValue;
        for (var i = 0; i < repetitions; i++)
        {
            var watch = Stopwatch.StartNew();
            run();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }

        return best;
    }

    private static void ReadXmlOnly(string path)
    {
        using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = true });
        while (reader.Read())
        {
        }
    }

    /// <summary>The least a matcher does: index the invoices by number, find each text's first number.</summary>
    internal static int FirstNumberPass(ArLedger ledger)
    {
        var byNumber = new Dictionary<string, Invoice>(StringComparer.Ordinal);
        foreach (var account in ledger.Accounts)
        {
            foreach (var invoice in account.OpenItems)
            {
                byNumber[invoice.Id] = invoice;
            }
        }

        var found = 0;
        foreach (var payment in ledger.AllPayments)
        {
            var text = payment.Reference ?? "";
            var start = text.IndexOf("INV-", StringComparison.Ordinal);
            if (start >= 0)
            {
                var end = start + 4;
                while (end < text.Length && char.IsAsciiDigit(text[end]))
                {
                    end++;
                }

                found += byNumber.ContainsKey(text[start..end]) ? 1 : 0;
            }
        }

        return found;
    }

    private static async Task<double> PlainInsertAsync(string path, int rows)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT, c TEXT, d TEXT)";
            await create.ExecuteNonQueryAsync();
        }

        var watch = Stopwatch.StartNew();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO t (a, b, c, d) VALUES ($a, $b, $c, $d)";
        var a = insert.Parameters.Add("$a", SqliteType.Text);
        var b = insert.Parameters.Add("$b", SqliteType.Text);
        var c = insert.Parameters.Add("$c", SqliteType.Text);
        var d = insert.Parameters.Add("$d", SqliteType.Text);
        for (var i = 0; i < rows; i++)
        {
            a.Value = "BNK-" + i.ToString("D12", CultureInfo.InvariantCulture);
            b.Value = "INV-" + i.ToString("D7", CultureInfo.InvariantCulture);
            c.Value = "1234.56";
            d.Value = "The remittance names the invoice, exactly the payment; 1,234.56 USD settles it.";
            await insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>The same commit into a fresh PostgreSQL store, beside a binary COPY of as many rows into a plain table.</summary>
    private static async Task<(double Commit, double Floor)?> PostgresCommitAsync(CashCommit commit, int rows)
    {
        var cluster = new PostgresCluster();
        await cluster.InitializeAsync();
        try
        {
            var connection = await cluster.CreateDatabaseAsync("bankcash_bench");
            await using var store = await ConnectorStoreFactory.OpenAsync(
                new StoreOptions { Provider = StoreOptions.PostgreSql, ConnectionString = connection }, TimeProvider.System, CancellationToken.None);
            await using var plain = new Npgsql.NpgsqlConnection(connection);
            await plain.OpenAsync();
            await using (var create = new Npgsql.NpgsqlCommand("CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, a text, b text, c text, d text)", plain))
            {
                await create.ExecuteNonQueryAsync();
            }

            var watch = Stopwatch.StartNew();
            await using (var transaction = await plain.BeginTransactionAsync())
            {
                await using (var writer = await plain.BeginBinaryImportAsync("COPY t (a, b, c, d) FROM STDIN (FORMAT BINARY)"))
                {
                    for (var i = 0; i < rows; i++)
                    {
                        await writer.StartRowAsync();
                        await writer.WriteAsync("BNK-" + i.ToString("D12", CultureInfo.InvariantCulture), NpgsqlTypes.NpgsqlDbType.Text);
                        await writer.WriteAsync("INV-" + i.ToString("D7", CultureInfo.InvariantCulture), NpgsqlTypes.NpgsqlDbType.Text);
                        await writer.WriteAsync("1234.56", NpgsqlTypes.NpgsqlDbType.Text);
                        await writer.WriteAsync("The remittance names the invoice, exactly the payment; 1,234.56 USD settles it.", NpgsqlTypes.NpgsqlDbType.Text);
                    }

                    await writer.CompleteAsync();
                }

                await transaction.CommitAsync();
            }

            var floor = watch.Elapsed.TotalSeconds;
            watch.Restart();
            await store.CommitCashAsync(commit, CancellationToken.None);
            return (watch.Elapsed.TotalSeconds, floor);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    /// <summary>The payments as one camt.053.001.08 statement: payer name, account, the payment's remittance as typed.</summary>
    private static string CamtFile(ArLedger ledger)
    {
        var x = new StringBuilder(ledger.AllPayments.Count() * 900);
        x.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\"><BkToCstmrStmt>");
        x.Append("<GrpHdr><MsgId>BENCH-1</MsgId><CreDtTm>2026-11-16T18:00:00</CreDtTm></GrpHdr><Stmt><Id>BENCH-1</Id>");
        x.Append(CultureInfo.InvariantCulture, $"<Acct><Id><IBAN>{Account}</IBAN></Id><Ccy>USD</Ccy></Acct>");
        x.Append("<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"USD\">0</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-16</Dt></Dt></Bal>\n");
        var i = 0;
        foreach (var payment in ledger.AllPayments)
        {
            var payer = payment.CustomerId is { } id && ledger.Find(id) is { } account ? account.Customer.Name : "ONLINE BANKING";
            x.Append(CultureInfo.InvariantCulture, $"<Ntry><Amt Ccy=\"{payment.Currency}\">{payment.Amount:0.00}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>");
            x.Append(CultureInfo.InvariantCulture, $"<BookgDt><Dt>{payment.Date:yyyy-MM-dd}</Dt></BookgDt><ValDt><Dt>{payment.Date:yyyy-MM-dd}</Dt></ValDt><AcctSvcrRef>REF{i:D10}</AcctSvcrRef>");
            x.Append("<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd><NtryDtls><TxDtls>");
            x.Append(CultureInfo.InvariantCulture, $"<Refs><EndToEndId>E2E-{i:D10}</EndToEndId></Refs><Amt Ccy=\"{payment.Currency}\">{payment.Amount:0.00}</Amt><CdtDbtInd>CRDT</CdtDbtInd>");
            x.Append("<RltdPties><Dbtr><Pty><Nm>").Append(System.Security.SecurityElement.Escape(payer)).Append("</Nm></Pty></Dbtr>");
            x.Append(CultureInfo.InvariantCulture, $"<DbtrAcct><Id><IBAN>DE02{i % 90_000 + 10_000:D5}0440532013000</IBAN></Id></DbtrAcct></RltdPties>");
            if (!string.IsNullOrEmpty(payment.Reference))
            {
                x.Append("<RmtInf><Ustrd>").Append(System.Security.SecurityElement.Escape(payment.Reference)).Append("</Ustrd></RmtInf>");
            }

            x.Append("</TxDtls></NtryDtls></Ntry>\n");
            i++;
        }

        x.Append("</Stmt></BkToCstmrStmt></Document>\n");
        return x.ToString();
    }
}
