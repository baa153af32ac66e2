// Writes the sample company's bank statements: what its banks report for the days the ERP export covers, so the cash
// application can start from the bank, as an AR team's day does.
//
//   dotnet run samples/generator/export-bank.cs -- --in samples --out samples/bank
//
// Two accounts: the USD operating account 4001234567 (a US bank: BAI2, and camt.053 with the account under Othr/Id) and
// the EUR account DE89370400440532013000 (camt.053 only). What they report:
// - every unapplied payment of payments.csv (the cash the ERP holds unapplied), as the bank saw it: the payer's name as
//   banks print it, the remittance as the payer typed it (payments.csv's reference), some with structured references;
// - payments the ERP has not booked yet: open invoices paid by bank, with messy remittance (lower case, no dash, a typo,
//   only a creditor reference, only the payer's name, one batch of two transfers);
// - one of those returned a day later (a reversal); debits (fees, payroll, rent) the connector ignores; one entry on an
//   account that is not the company's (a statement the bank sent for the payroll account).
// The same entry has the same bank reference in the camt.053 and the BAI2, so reading both gives one payment each.
// truth/bank-statement.csv names what each entry is. demo/camt053_<day>.xml is the statement `connector demo` drops: the
// money the ERP has not booked plus six of the ERP's unapplied payments as the bank saw them (the twins the connector
// recognises as one payment each).
//
// Deterministic: every choice comes from a fixed hash of the record's id, never from the clock or a random generator.
using System.Globalization;
using System.Text;
using System.Text.Json;

var inDir = "samples";
var outDir = "samples/bank";
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--in": inDir = args[i + 1]; break;
        case "--out": outDir = args[i + 1]; break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}; usage: export-bank.cs --in DIR --out DIR");
            return 2;
    }
}

using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(inDir, "manifest.json")));
var asOf = DateOnly.ParseExact(manifest.RootElement.GetProperty("asOf").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
var stamp = asOf.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
var customers = Csv.Read(Path.Combine(inDir, "customers.csv")).ToDictionary(c => c["id"], StringComparer.Ordinal);
var invoices = Csv.Read(Path.Combine(inDir, "invoices.csv"));
var payments = Csv.Read(Path.Combine(inDir, "payments.csv"));

const string UsdAccount = "4001234567";
const string EurAccount = "DE89370400440532013000";
const string PayrollAccount = "4009876543";

var entries = new List<Entry>();

// 1. The cash the ERP holds unapplied, as the bank reported it.
foreach (var p in payments.Where(p => Dec(p["applied_amount"]) < Dec(p["amount"])))
{
    // A payment the ERP could not attribute has no customer: the bank still printed some payer.
    var customer = customers.GetValueOrDefault(p["customer_id"]);
    var h = Hash.Of(p["id"]);
    var reference = p["reference"];
    entries.Add(new Entry(
        BankRef(p["id"]), p["currency"] == "EUR" ? EurAccount : UsdAccount, Dec(p["amount"]), p["currency"], Date(p["date"]),
        Credit: true, Reversal: false, TypeCode: p["currency"] == "EUR" ? "PMNT/RCDT/ESCT" : (h % 3 == 0 ? "PMNT/RCDT/DMCT" : "PMNT/RCDT/ACDT"),
        Bai2Code: h % 3 == 0 ? "195" : "142",
        EndToEndId: h % 4 == 0 ? "NOTPROVIDED" : $"E2E{h % 1_000_000_000:D9}",
        Payer: customer is null ? $"ONLINE BANKING {h % 100000:D5}" : BankName(customer["name"], h), PayerAccount: customer is null ? null : PayerAccount(customer, h),
        Ustrd: string.IsNullOrWhiteSpace(reference) ? null : reference,
        Documents: [], CreditorRef: null, Truth: $"erp_unapplied,{p["id"]}"));
}

// 2. Open invoices paid by bank that the ERP has not booked yet (the newest open invoices of customers without unapplied cash).
var withUnapplied = payments.Where(p => Dec(p["applied_amount"]) < Dec(p["amount"])).Select(p => p["customer_id"]).ToHashSet(StringComparer.Ordinal);
var paidByBank = invoices
    .Where(i => i["type"] == "invoice" && i["status"] == "open" && Dec(i["open_amount"]) == Dec(i["amount"]) && i["disputed"] == "false" && !withUnapplied.Contains(i["customer_id"]))
    .OrderBy(i => Hash.Of(i["id"]))
    .Take(14)
    .OrderBy(i => i["id"], StringComparer.Ordinal)
    .ToList();
string[] kinds = ["exact", "lowercase", "no_dash", "typo", "creditor_reference", "payer_only", "document_number", "words"];
for (var k = 0; k < paidByBank.Count - 2; k++)
{
    var invoice = paidByBank[k];
    var customer = customers[invoice["customer_id"]];
    var h = Hash.Of(invoice["id"]);
    var number = invoice["id"];
    var kind = kinds[k % kinds.Length];
    var (ustrd, documents, creditorRef) = kind switch
    {
        "exact" => (number, Array.Empty<string>(), (string?)null),
        "lowercase" => ($"payment {number.ToLowerInvariant()}", [], null),
        "no_dash" => ($"INV{number[4..]} {customer["name"].ToUpperInvariant()}", [], null),
        "typo" => ($"Inv {number[..^2]}{number[^1]}{number[^2]}", [], null),
        "creditor_reference" => ((string?)null, [], CreditorReference(number)),
        "payer_only" => (null, [], null),
        "document_number" => (null, [number], null),
        _ => ($"thank you for your business - invoice no. {int.Parse(number[4..], CultureInfo.InvariantCulture)}", [], null),
    };
    var date = asOf.AddDays(-(int)(h % 4));
    entries.Add(new Entry(
        BankRef(number), invoice["currency"] == "EUR" ? EurAccount : UsdAccount, Dec(invoice["amount"]), invoice["currency"], date,
        Credit: true, Reversal: false, TypeCode: "PMNT/RCDT/ESCT", Bai2Code: "195",
        EndToEndId: $"E2E{h % 1_000_000_000:D9}", Payer: BankName(customer["name"], h), PayerAccount: PayerAccount(customer, h),
        Ustrd: ustrd, Documents: documents, CreditorRef: creditorRef, Truth: $"new_payment,{number},{kind}"));
}

// One batch: a payer's bank transferring two invoices in one booking (two TxDtls; BAI2 lists them as two 16 records).
var (batchA, batchB) = (paidByBank[^2], paidByBank[^1]);
foreach (var (invoice, part) in new[] { (batchA, 1), (batchB, 2) })
{
    var customer = customers[invoice["customer_id"]];
    entries.Add(new Entry(
        $"{BankRef("BATCH-" + batchA["id"])}/{part}", invoice["currency"] == "EUR" ? EurAccount : UsdAccount, Dec(invoice["amount"]), invoice["currency"], asOf,
        Credit: true, Reversal: false, TypeCode: "PMNT/RCDT/ESCT", Bai2Code: "195", EndToEndId: $"BATCH{part}-{Hash.Of(invoice["id"]) % 100000:D5}",
        Payer: BankName(customer["name"], 1), PayerAccount: PayerAccount(customer, 1), Ustrd: $"SAMMELUEBERWEISUNG {invoice["id"]}", Documents: [], CreditorRef: null,
        Truth: $"new_payment,{invoice["id"]},batch", Batch: BankRef("BATCH-" + batchA["id"])));
}

// 3. The "typo" payment comes back the next day: the payer's bank returned it (account closed).
var returned = entries.First(e => e.Truth.EndsWith(",typo", StringComparison.Ordinal));
entries.Add(returned with
{
    BankReference = BankRef("RETURN-" + returned.BankReference), Credit = false, Reversal = true, Date = returned.Date.AddDays(1) > asOf ? asOf : returned.Date.AddDays(1),
    TypeCode = "PMNT/RRCT/RRTN", Bai2Code = "555", Ustrd = $"RETURN AC04 CLOSED ACCOUNT {returned.EndToEndId}", Documents = [], CreditorRef = null, Truth = $"reversal,{returned.BankReference}",
});

// 4. What a receivables team does not care about: the bank's fees, payroll, rent; and the payroll account's own statement.
for (var d = 0; d < 3; d++)
{
    var date = asOf.AddDays(-7 * d);
    entries.Add(new Entry(BankRef($"FEE-{d}"), UsdAccount, 45.00m + d, "USD", date, Credit: false, Reversal: false, TypeCode: "ACMT/MDOP/CHRG", Bai2Code: "698",
        EndToEndId: null, Payer: null, PayerAccount: null, Ustrd: "ACCOUNT MAINTENANCE FEE", Documents: [], CreditorRef: null, Truth: "debit,fee"));
}

entries.Add(new Entry(BankRef("RENT"), EurAccount, 12500.00m, "EUR", asOf.AddDays(-10), Credit: false, Reversal: false, TypeCode: "PMNT/ICDT/ESCT", Bai2Code: "495",
    EndToEndId: "RENT-2026-11", Payer: null, PayerAccount: null, Ustrd: "Miete November Lager Hamburg", Documents: [], CreditorRef: null, Truth: "debit,rent"));
entries.Add(new Entry(BankRef("PAYROLL-IN"), PayrollAccount, 250000.00m, "USD", asOf.AddDays(-1), Credit: true, Reversal: false, TypeCode: "PMNT/RCDT/BOOK", Bai2Code: "275",
    EndToEndId: null, Payer: "LIGHTHOUSE HOLDINGS", PayerAccount: null, Ustrd: "PAYROLL FUNDING NOV-2", Documents: [], CreditorRef: null, Truth: "other_account,payroll"));

entries = [.. entries.OrderBy(e => e.Date).ThenBy(e => e.BankReference, StringComparer.Ordinal)];
Directory.CreateDirectory(outDir);
File.WriteAllText(Path.Combine(outDir, $"camt053_{stamp}.xml"), Camt.Statement(entries, asOf, [EurAccount, UsdAccount, PayrollAccount]), new UTF8Encoding(false));
File.WriteAllText(Path.Combine(outDir, $"bai2_{stamp}.txt"), Bai2.File(entries.Where(e => e.Currency == "USD").ToList(), asOf, [UsdAccount, PayrollAccount]), new UTF8Encoding(false));

// The demo's statement (what `connector demo` drops into its bank folder): the money the ERP has not booked, the reversal,
// debits and the payroll account, and six payments the ERP's export books too — its twins (decision 120): four whose
// remittance the ERP kept as its reference, two without any reference whose payer the bank names as the customer is named.
var twinIds = payments
    .Where(p => Dec(p["applied_amount"]) < Dec(p["amount"]) && customers.TryGetValue(p["customer_id"], out var c) && c["name"].Length <= 35)
    .OrderBy(p => Hash.Of("twin:" + p["id"]))
    .GroupBy(p => p["reference"].Length > 0)
    .SelectMany(g => g.Take(g.Key ? 4 : 2))
    .Select(p => $"erp_unapplied,{p["id"]}")
    .ToHashSet(StringComparer.Ordinal);
var demo = entries.Where(e => !e.Truth.StartsWith("erp_unapplied,", StringComparison.Ordinal) || twinIds.Contains(e.Truth)).ToList();
Directory.CreateDirectory(Path.Combine(outDir, "demo"));
File.WriteAllText(Path.Combine(outDir, "demo", $"camt053_{stamp}.xml"), Camt.Statement(demo, asOf, [EurAccount, UsdAccount, PayrollAccount], "DEMO"), new UTF8Encoding(false));

var truth = new StringBuilder("bank_reference,account,amount,currency,kind,what,detail\n");
foreach (var e in entries)
{
    truth.Append(CultureInfo.InvariantCulture, $"{e.BankReference},{e.Account},{e.Amount:0.00},{e.Currency},{e.Truth}{(e.Truth.Count(c => c == ',') == 1 ? "," : "")}\n");
}

Directory.CreateDirectory(Path.Combine(inDir, "truth"));
File.WriteAllText(Path.Combine(inDir, "truth", "bank-statement.csv"), truth.ToString(), new UTF8Encoding(false));
Console.WriteLine($"{entries.Count} entries: {entries.Count(e => e.Truth.StartsWith("erp_unapplied", StringComparison.Ordinal))} of the ERP's unapplied cash, " +
    $"{entries.Count(e => e.Truth.StartsWith("new_payment", StringComparison.Ordinal))} new payments, 1 reversal, {entries.Count(e => !e.Credit && !e.Reversal)} debits, 1 on another account; "
    + $"the demo's statement {demo.Count} entries, {twinIds.Count} of them the ERP's unapplied cash");
return 0;

static decimal Dec(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

static DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

// The bank's own reference: 16 characters derived from what the entry is, the same in both formats.
static string BankRef(string what) => $"B{Hash.Of("ref:" + what) % 10_000_000_000_000_000UL:D15}"[..16];

// Banks print payer names upper case, cut at 35 characters, sometimes without the legal form.
static string BankName(string name, ulong h) => (h % 5) switch
{
    0 => name,
    1 => name.ToUpperInvariant(),
    2 => name.ToUpperInvariant().Replace(" INC.", "", StringComparison.Ordinal).Replace(" LLC", "", StringComparison.Ordinal).Replace(" CORP.", "", StringComparison.Ordinal),
    _ => name.ToUpperInvariant()[..Math.Min(name.Length, 35)],
};

// A payer's account: the same for the same customer (what the matching learns); EUR payers have IBANs.
static string? PayerAccount(IReadOnlyDictionary<string, string> customer, ulong h)
{
    if (h % 7 == 0)
    {
        return null;
    }

    var n = Hash.Of("acct:" + customer["id"]);
    return customer["currency"] == "EUR" ? Iban.Make("DE", $"{n % 100_000_000:D8}{(n / 100_000_000) % 10_000_000_000:D10}") : $"{(n % 9_000_000_000) + 1_000_000_000}";
}

// ISO 11649 creditor reference (RF + check digits + the invoice number without its dash).
static string CreditorReference(string invoice)
{
    var body = invoice.Replace("-", "", StringComparison.Ordinal);
    return "RF" + Iban.CheckDigits(body, "RF") + body;
}

internal sealed record Entry(
    string BankReference, string Account, decimal Amount, string Currency, DateOnly Date, bool Credit, bool Reversal, string TypeCode, string Bai2Code,
    string? EndToEndId, string? Payer, string? PayerAccount, string? Ustrd, string[] Documents, string? CreditorRef, string Truth, string? Batch = null);

/// <summary>camt.053.001.08, valid against the official XSD: one statement per account, entries in booking order.</summary>
internal static class Camt
{
    public static string Statement(List<Entry> entries, DateOnly asOf, string[] accounts, string message = "001")
    {
        var x = new StringBuilder();
        var day = asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        x.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">\n<BkToCstmrStmt>\n");
        x.Append(CultureInfo.InvariantCulture, $"  <GrpHdr><MsgId>STMT-{asOf:yyyyMMdd}-{message}</MsgId><CreDtTm>{day}T18:30:00</CreDtTm></GrpHdr>\n");
        var n = 0;
        foreach (var account in accounts)
        {
            var mine = entries.Where(e => e.Account == account).ToList();
            if (mine.Count == 0)
            {
                continue;
            }

            n++;
            var currency = mine[0].Currency;
            var id = account.Length > 10 ? $"<IBAN>{account}</IBAN>" : $"<Othr><Id>{account}</Id></Othr>";
            x.Append(CultureInfo.InvariantCulture, $"  <Stmt>\n    <Id>{asOf:yyyyMMdd}-{n}</Id><CreDtTm>{day}T18:30:00</CreDtTm>\n");
            x.Append(CultureInfo.InvariantCulture, $"    <FrToDt><FrDtTm>{asOf.AddDays(-14):yyyy-MM-dd}T00:00:00</FrDtTm><ToDtTm>{day}T23:59:59</ToDtTm></FrToDt>\n");
            x.Append(CultureInfo.InvariantCulture, $"    <Acct><Id>{id}</Id><Ccy>{currency}</Ccy><Ownr><Nm>Sample Manufacturing Corp.</Nm></Ownr></Acct>\n");
            var closing = mine.Sum(e => e.Credit ? e.Amount : -e.Amount);
            Balance(x, "OPBD", 0m, currency, asOf.AddDays(-14));
            Balance(x, "CLBD", closing, currency, asOf);
            foreach (var batch in mine.GroupBy(e => e.Batch ?? e.BankReference))
            {
                var list = batch.ToList();
                var e = list[0];
                var amount = list.Sum(t => t.Amount);
                x.Append(CultureInfo.InvariantCulture, $"    <Ntry>\n      <Amt Ccy=\"{e.Currency}\">{amount:0.00}</Amt><CdtDbtInd>{(e.Credit ? "CRDT" : "DBIT")}</CdtDbtInd>");
                if (e.Reversal)
                {
                    x.Append("<RvslInd>true</RvslInd>");
                }

                x.Append(CultureInfo.InvariantCulture, $"<Sts><Cd>BOOK</Cd></Sts>\n      <BookgDt><Dt>{e.Date:yyyy-MM-dd}</Dt></BookgDt><ValDt><Dt>{e.Date:yyyy-MM-dd}</Dt></ValDt>");
                x.Append(CultureInfo.InvariantCulture, $"<AcctSvcrRef>{e.Batch ?? e.BankReference}</AcctSvcrRef>\n");
                var code = e.TypeCode.Split('/');
                x.Append(CultureInfo.InvariantCulture, $"      <BkTxCd><Domn><Cd>{code[0]}</Cd><Fmly><Cd>{code[1]}</Cd><SubFmlyCd>{code[2]}</SubFmlyCd></Fmly></Domn></BkTxCd>\n");
                x.Append("      <NtryDtls>\n");
                foreach (var t in list)
                {
                    x.Append("        <TxDtls>");
                    var refs = (list.Count > 1 ? $"<AcctSvcrRef>{t.BankReference}</AcctSvcrRef>" : "") + (t.EndToEndId is { } e2e ? $"<EndToEndId>{e2e}</EndToEndId>" : "");
                    if (refs.Length > 0)
                    {
                        x.Append(CultureInfo.InvariantCulture, $"<Refs>{refs}</Refs>");
                    }

                    x.Append(CultureInfo.InvariantCulture, $"<Amt Ccy=\"{t.Currency}\">{t.Amount:0.00}</Amt><CdtDbtInd>{(t.Credit ? "CRDT" : "DBIT")}</CdtDbtInd>");
                    if (t.Payer is not null || t.PayerAccount is not null)
                    {
                        x.Append("<RltdPties>");
                        if (t.Payer is { } payer)
                        {
                            x.Append(CultureInfo.InvariantCulture, $"<Dbtr><Pty><Nm>{Xml(payer)}</Nm></Pty></Dbtr>");
                        }

                        if (t.PayerAccount is { } from)
                        {
                            x.Append(CultureInfo.InvariantCulture, $"<DbtrAcct><Id>{(from.Length > 10 ? $"<IBAN>{from}</IBAN>" : $"<Othr><Id>{from}</Id></Othr>")}</Id></DbtrAcct>");
                        }

                        x.Append("</RltdPties>");
                    }

                    if (t.Ustrd is not null || t.Documents.Length > 0 || t.CreditorRef is not null)
                    {
                        x.Append("<RmtInf>");
                        if (t.Ustrd is { } text)
                        {
                            x.Append(CultureInfo.InvariantCulture, $"<Ustrd>{Xml(text.Length > 140 ? text[..140] : text)}</Ustrd>");
                        }

                        if (t.Documents.Length > 0 || t.CreditorRef is not null)
                        {
                            x.Append("<Strd>");
                            foreach (var document in t.Documents)
                            {
                                x.Append(CultureInfo.InvariantCulture, $"<RfrdDocInf><Tp><CdOrPrtry><Cd>CINV</Cd></CdOrPrtry></Tp><Nb>{document}</Nb></RfrdDocInf>");
                            }

                            if (t.CreditorRef is { } reference)
                            {
                                x.Append(CultureInfo.InvariantCulture, $"<CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>{reference}</Ref></CdtrRefInf>");
                            }

                            x.Append("</Strd>");
                        }

                        x.Append("</RmtInf>");
                    }

                    x.Append("</TxDtls>\n");
                }

                x.Append("      </NtryDtls>\n");
                if (list.Count > 1)
                {
                    x.Append(CultureInfo.InvariantCulture, $"      <AddtlNtryInf>SAMMLER {list.Count} POSTEN</AddtlNtryInf>\n");
                }

                x.Append("    </Ntry>\n");
            }

            x.Append("  </Stmt>\n");
        }

        x.Append("</BkToCstmrStmt>\n</Document>\n");
        return x.ToString();
    }

    private static void Balance(StringBuilder x, string type, decimal amount, string currency, DateOnly date) =>
        x.Append(CultureInfo.InvariantCulture, $"    <Bal><Tp><CdOrPrtry><Cd>{type}</Cd></CdOrPrtry></Tp><Amt Ccy=\"{currency}\">{Math.Abs(amount):0.00}</Amt><CdtDbtInd>{(amount < 0 ? "DBIT" : "CRDT")}</CdtDbtInd><Dt><Dt>{date:yyyy-MM-dd}</Dt></Dt></Bal>\n");

    private static string Xml(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}

/// <summary>BAI2 (version 2) of the USD accounts: one group, an 03 with the day's summaries, 16 details (88 for long text), trailers with their control totals.</summary>
internal static class Bai2
{
    public static string File(List<Entry> entries, DateOnly asOf, string[] accounts)
    {
        var records = new List<string>();
        var day = asOf.ToString("yyMMdd", CultureInfo.InvariantCulture);
        records.Add($"01,SAMPLEBANK,SAMPLEMFG,{day},1830,{day}01,,,2/");
        records.Add($"02,SAMPLEMFG,SAMPLEBANK,1,{day},2400,USD,2/");
        long groupTotal = 0;
        var groupRecords = 1;
        var accountCount = 0;
        foreach (var account in accounts)
        {
            var mine = entries.Where(e => e.Account == account).ToList();
            if (mine.Count == 0)
            {
                continue;
            }

            accountCount++;
            var start = records.Count;
            var credits = mine.Where(e => e.Credit).Sum(e => Cents(e.Amount));
            var debits = mine.Where(e => !e.Credit).Sum(e => Cents(e.Amount));
            records.Add($"03,{account},USD,010,0,,,015,{credits - debits},,,100,{credits},{mine.Count(e => e.Credit)},,400,{debits},{mine.Count(e => !e.Credit)},/");
            long total = credits - debits + credits + debits;
            foreach (var e in mine)
            {
                var cents = Cents(e.Amount);
                total += cents;
                var text = string.Join(" ", new[] { e.Payer, e.Ustrd, e.CreditorRef }.Concat(e.Documents).Where(t => !string.IsNullOrWhiteSpace(t)));
                var customerRef = e.EndToEndId is null or "NOTPROVIDED" ? "" : e.EndToEndId;
                var first = $"16,{e.Bai2Code},{cents},Z,{e.BankReference},{customerRef},";

                // Long text continues on 88 records at a word's end, as banks wrap it at 80 characters.
                var lines = new List<string> { first };
                foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var line = lines[^1];
                    var separator = line.EndsWith(',') ? "" : " ";
                    if (line.Length + separator.Length + word.Length > 78)
                    {
                        lines.Add("88," + word);
                    }
                    else
                    {
                        lines[^1] = line + separator + word;
                    }
                }

                lines[^1] += "/";
                records.AddRange(lines);
            }

            var count = records.Count - start + 1;
            records.Add($"49,{total},{count}/");
            groupTotal += total;
            groupRecords += count;
        }

        groupRecords++;
        records.Add($"98,{groupTotal},{accountCount},{groupRecords}/");
        records.Add($"99,{groupTotal},1,{groupRecords + 2}/");
        return string.Join("\n", records) + "\n";
    }

    private static long Cents(decimal amount) => (long)(amount * 100m);
}

internal static class Iban
{
    public static string Make(string country, string bban) => country + CheckDigits(bban, country) + bban;

    /// <summary>ISO 7064 mod 97-10 check digits of <paramref name="body"/> with <paramref name="prefix"/> moved behind it.</summary>
    public static string CheckDigits(string body, string prefix)
    {
        var remainder = 0;
        foreach (var c in body + prefix + "00")
        {
            var digits = char.IsAsciiDigit(c) ? (c - '0').ToString(CultureInfo.InvariantCulture) : (char.ToUpperInvariant(c) - 'A' + 10).ToString(CultureInfo.InvariantCulture);
            foreach (var d in digits)
            {
                remainder = ((remainder * 10) + (d - '0')) % 97;
            }
        }

        return (98 - remainder).ToString("00", CultureInfo.InvariantCulture);
    }
}

internal static class Hash
{
    // FNV-1a 64: fixed, so the same samples give the same statements on every machine.
    public static ulong Of(string text)
    {
        var h = 14695981039346656037UL;
        foreach (var c in text)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return h;
    }
}

internal static class Csv
{
    /// <summary>The canonical CSV (RFC 4180 quoting, a header line) as one dictionary a row.</summary>
    public static List<Dictionary<string, string>> Read(string path)
    {
        var lines = System.IO.File.ReadAllLines(path);
        var header = Split(lines[0]);
        return [.. lines.Skip(1).Where(l => l.Length > 0).Select(l =>
        {
            var values = Split(l);
            return header.Select((h, i) => (h, v: i < values.Count ? values[i] : "")).ToDictionary(x => x.h, x => x.v, StringComparer.Ordinal);
        })];
    }

    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
