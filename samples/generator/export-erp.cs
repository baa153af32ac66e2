// Writes the sample company (canonical CSV) as its ERP exports it: the files the shipped mappings read.
//
//   dotnet run samples/generator/export-erp.cs -- --in samples --out samples/erp
//
// The ERP is modelled on a European Microsoft Dynamics 365 Business Central / NAV installation:
// its own column names, semicolon-separated, UTF-8 with BOM, CRLF, dates dd.MM.yyyy, amounts
// 1.234,56, blank currency code for the local currency (USD). Every canonical record appears exactly
// once, so reading the export through mappings/*.json gives back the canonical samples. Extra rows
// the mappings filter out (payment entries in the customer ledger, sales quotes) and extra columns
// they ignore make the export look like the real thing.
//
// Deterministic: values the canonical files do not have (entry numbers, VAT numbers, "Last Modified",
// dispute codes …) are derived from the records themselves with a fixed hash, never from the clock or
// a random generator, and amounts are reformatted as text (no floating point).
using System.Globalization;
using System.Text;
using System.Text.Json;

var inDir = "samples";
var outDir = "samples/erp";
if (args.Length % 2 != 0)
{
    Console.Error.WriteLine("usage: export-erp.cs --in DIR --out DIR");
    return 2;
}

for (var i = 0; i < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--in": inDir = args[i + 1]; break;
        case "--out": outDir = args[i + 1]; break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}");
            return 2;
    }
}

using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(inDir, "manifest.json")));
var asOf = DateOnly.ParseExact(manifest.RootElement.GetProperty("asOf").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
var companyCurrency = manifest.RootElement.GetProperty("companyCurrency").GetString()!;
var stamp = asOf.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

var customers = Canonical.Read(inDir, "customers.csv");
var invoices = Canonical.Read(inDir, "invoices.csv");
var payments = Canonical.Read(inDir, "payments.csv");
var orders = Canonical.Read(inDir, "orders.csv");
var rates = Canonical.Read(inDir, "rates.csv");
var promises = Canonical.Read(inDir, "promises.csv");
var collectors = Canonical.Read(inDir, "collectors.csv");
var customerById = customers.ToDictionary(c => c["id"], StringComparer.Ordinal);

Directory.CreateDirectory(outDir);
var erp = new ErpFormat(companyCurrency);
var written = new List<string>();

void Write(string name, string[] header, IEnumerable<string[]> rows)
{
    var file = $"{name}_{stamp}.csv";
    var count = ErpCsv.Write(Path.Combine(outDir, file), header, rows);
    written.Add($"{file} {count}");
}

// Customers (Customer table, plus the AR fields this company added: collector, risk rating, PO required).
Write("CUSTOMERS",
    ["No.", "Name", "Search Name", "Currency Code", "Payment Terms Code", "Credit Limit (LCY)", "Parent Customer No.",
     "Risk Rating", "Collector Code", "Territory Code", "Country/Region Code", "VAT Registration No.", "E-Mail", "Blocked",
     "PO Required", "Last Modified"],
    customers.Select(c => new[]
    {
        c["id"], c["name"], c["name"].ToUpperInvariant(), erp.Currency(c["currency"]), ErpFormat.TermsCode(c["payment_terms_days"]),
        ErpFormat.Amount(c["credit_limit"]), c["parent_id"], ErpFormat.RiskRating(c["risk_class"]), c["collector"],
        c["territory"].ToUpperInvariant(), ErpFormat.Country(c), ErpFormat.VatNumber(c), c["email"],
        c["manual_hold"] == "true" ? "All" : "", ErpFormat.YesNo(c["requires_po"]),
        ErpFormat.Modified(asOf.AddDays(-(int)(Hash.Of(c["id"]) % 400)), c["id"]),
    }));

// Customer ledger entries: invoices and credit memos, and the payment entries of identified payers
// (invoices.json keeps only Invoice and Credit Memo; payments come from the cash receipts with the
// full remittance text, which the ledger's 100-character Description cuts).
var ledger = invoices.Select(d => (Date: d["document_date"], Order: d["type"] == "invoice" ? 0 : 1, Id: d["id"], Row: LedgerRow(d)))
    .Concat(payments.Where(p => p["customer_id"].Length > 0)
        .Select(p => (Date: p["date"], Order: 2, Id: p["id"], Row: PaymentLedgerRow(p))))
    .OrderBy(e => e.Date, StringComparer.Ordinal).ThenBy(e => e.Order).ThenBy(e => e.Id, StringComparer.Ordinal)
    .Select((e, i) => e.Row.Prepend((100001 + i).ToString(CultureInfo.InvariantCulture)).ToArray());
Write("CUST_LEDGER_ENTRIES",
    ["Entry No.", "Posting Date", "Document Date", "Document Type", "Document No.", "Customer No.", "Customer Name", "Description",
     "External Document No.", "Currency Code", "Amount", "Remaining Amount", "Due Date", "Open", "Reason Code", "Dispute Status",
     "Last Modified"],
    ledger);

string[] LedgerRow(Dictionary<string, string> d)
{
    var invoice = d["type"] == "invoice";
    return
    [
        ErpFormat.Date(d["document_date"]), ErpFormat.Date(d["document_date"]), invoice ? "Invoice" : "Credit Memo", d["id"],
        d["customer_id"], customerById[d["customer_id"]]["name"], (invoice ? "Invoice " : "Credit Memo ") + d["id"], d["po_number"],
        erp.Currency(d["currency"]), ErpFormat.Amount(d["amount"]), ErpFormat.Amount(d["open_amount"]), ErpFormat.Date(d["due_date"]),
        d["status"] == "open" ? "Yes" : "No", d["status"] == "written_off" ? "WRITEOFF" : "",
        d["disputed"] == "true" ? ErpFormat.DisputeCode(d["id"]) : "",
        ErpFormat.Modified(DateOnly.ParseExact(d["document_date"], "yyyy-MM-dd", CultureInfo.InvariantCulture), d["id"]),
    ];
}

string[] PaymentLedgerRow(Dictionary<string, string> p)
{
    var amount = decimal.Parse(p["amount"], CultureInfo.InvariantCulture);
    var remaining = amount - decimal.Parse(p["applied_amount"], CultureInfo.InvariantCulture);
    var text = "Payment " + p["reference"];
    return
    [
        ErpFormat.Date(p["date"]), ErpFormat.Date(p["date"]), "Payment", p["id"], p["customer_id"],
        customerById[p["customer_id"]]["name"], text.Length > 100 ? text[..100] : text, "", erp.Currency(p["currency"]),
        ErpFormat.Amount((-amount).ToString("0.00", CultureInfo.InvariantCulture)),
        ErpFormat.Amount((-remaining).ToString("0.00", CultureInfo.InvariantCulture)), ErpFormat.Date(p["date"]),
        remaining != 0 ? "Yes" : "No", "", "",
        ErpFormat.Modified(DateOnly.ParseExact(p["date"], "yyyy-MM-dd", CultureInfo.InvariantCulture), p["id"]),
    ];
}

// Cash receipts (posted cash receipt journal lines: a customer payment is a credit, shown in parentheses;
// unidentified receipts have no customer).
Write("CASH_RECEIPTS",
    ["Entry No.", "Posting Date", "Document No.", "Customer No.", "Customer Name", "Bank Account No.", "Currency Code", "Amount",
     "Applied Amount", "Payment Reference", "Description", "Last Modified"],
    payments.Select((p, i) => new[]
    {
        (500001 + i).ToString(CultureInfo.InvariantCulture), ErpFormat.Date(p["date"]), p["id"], p["customer_id"],
        p["customer_id"].Length > 0 ? customerById[p["customer_id"]]["name"] : "", "WWB-" + p["currency"], erp.Currency(p["currency"]),
        ErpFormat.Credit(p["amount"]), ErpFormat.Credit(p["applied_amount"]), p["reference"], ErpFormat.Description(p["reference"]),
        ErpFormat.Modified(DateOnly.ParseExact(p["date"], "yyyy-MM-dd", CultureInfo.InvariantCulture), p["id"]),
    }));

// Sales headers: orders (orders.json keeps Document Type Order) and some open quotes.
var quotes = Enumerable.Range(1, 18).Select(n =>
{
    var id = $"SQ-{n:00000}";
    var customer = customers[(int)(Hash.Of(id) % (uint)customers.Count)];
    var cents = 50_000 + (Hash.Of(id + "amount") % 1_500_000);
    var amount = (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);
    return new[]
    {
        "Quote", id, customer["id"], customer["name"], erp.Currency(customer["currency"]), ErpFormat.Amount(amount),
        ErpFormat.Amount(amount), "Open", "MAIN", ErpFormat.Modified(asOf.AddDays(-(int)(Hash.Of(id) % 60)), id),
    };
});
Write("SALES_HEADERS",
    ["Document Type", "No.", "Sell-to Customer No.", "Sell-to Customer Name", "Currency Code", "Amount", "Outstanding Amount",
     "Status", "Location Code", "Last Modified"],
    orders.Select(o => new[]
    {
        "Order", o["id"], o["customer_id"], customerById[o["customer_id"]]["name"], erp.Currency(o["currency"]),
        ErpFormat.Amount(o["amount"]), ErpFormat.Amount(o["uninvoiced_amount"]), ErpFormat.OrderStatus(o["status"], o["id"]), "MAIN",
        ErpFormat.Modified(asOf.AddDays(-(int)(Hash.Of(o["id"]) % 120)), o["id"]),
    }).Concat(quotes).OrderBy(r => r[1], StringComparer.Ordinal));

// Currency exchange rates: one unit of the currency costs "Relational Exch. Rate Amount" of the local currency.
Write("CURRENCY_EXCH_RATES",
    ["Currency Code", "Starting Date", "Exchange Rate Amount", "Adjustment Exch. Rate Amount", "Relational Currency Code",
     "Relational Exch. Rate Amount", "Relational Adjmt Exch Rate Amt", "Fix Exchange Rate Amount", "Last Modified"],
    rates.Select(r => new[]
    {
        r["currency"], ErpFormat.Date(r["date"]), "1,0000", "1,0000", "", ErpFormat.Amount(r["rate"]), ErpFormat.Amount(r["rate"]),
        "Currency", ErpFormat.Date(r["date"]) + " 07:00:00",
    }));

// Payment promises (the collections add-on): the customer is named by the e-mail the collector logged,
// typed as it came (some in capitals); "Promised At" is when the promise was taken.
Write("PAYMENT_PROMISES",
    ["Entry No.", "Customer E-Mail", "Customer Name", "Promised At", "Promised Due Date", "Promised Amount", "Collector Code",
     "Last Modified"],
    promises.Select((p, i) =>
    {
        var customer = customerById[p["customer_id"]];
        var at = ErpFormat.Date(p["promised_on"]) + " " + ErpFormat.Time(p["customer_id"] + p["promised_on"])[..5];
        return new[]
        {
            (i + 1).ToString(CultureInfo.InvariantCulture), i % 3 == 1 ? customer["email"].ToUpperInvariant() : customer["email"],
            customer["name"], at, ErpFormat.Date(p["due_date"]), ErpFormat.Amount(p["amount"]), customer["collector"], at + ":00",
        };
    }));

// Collectors (salespeople/purchasers flagged as collectors): lists are comma-separated in one field.
Write("COLLECTORS",
    ["Code", "Name", "Job Title", "E-Mail", "Phone No.", "Territory Names", "Language Codes", "Last Modified"],
    collectors.Select((c, i) => new[]
    {
        c["id"], c["name"], "Collector", ErpFormat.CapitalisedEmail(c["email"]),
        "+1 555 01" + (10 + i).ToString(CultureInfo.InvariantCulture),
        c["territories"].Replace(";", ", ", StringComparison.Ordinal),
        c["languages"].ToUpperInvariant().Replace(";", ", ", StringComparison.Ordinal),
        ErpFormat.Modified(asOf.AddDays(-30 - i), c["id"]),
    }));

foreach (var line in written) { Console.WriteLine(line); }
return 0;

/// <summary>The canonical CSV files (RFC 4180, comma, header row) as rows of name → text.</summary>
static class Canonical
{
    public static List<Dictionary<string, string>> Read(string dir, string file)
    {
        var records = Parse(File.ReadAllText(Path.Combine(dir, file), Encoding.UTF8));
        var header = records[0];
        return records.Skip(1).Select(r =>
        {
            if (r.Count != header.Count) { throw new InvalidDataException($"{file}: expected {header.Count} fields, got {r.Count}"); }
            return header.Zip(r).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        }).ToList();
    }

    private static List<List<string>> Parse(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch != '"') { field.Append(ch); }
                else if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else { quoted = false; }
            }
            else if (ch == '"') { quoted = true; }
            else if (ch == ',') { record.Add(field.ToString()); field.Clear(); }
            else if (ch == '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
            }
            else if (ch != '\r') { field.Append(ch); }
        }

        if (field.Length > 0 || record.Count > 0) { record.Add(field.ToString()); records.Add(record); }
        return records;
    }
}

/// <summary>How this ERP writes values. Canonical text in, ERP text out; amounts are reformatted as strings.</summary>
sealed class ErpFormat(string localCurrency)
{
    private static readonly string[] DisputeCodes = ["PRICE", "QUANTITY", "DAMAGED", "DELIVERY"];

    /// <summary>Business Central leaves the currency code blank for the local currency.</summary>
    public string Currency(string code) => code == localCurrency ? "" : code;

    public static string Date(string iso) => iso.Length == 0 ? "" : $"{iso[8..10]}.{iso[5..7]}.{iso[..4]}";

    /// <summary><c>-1234.5</c> → <c>-1.234,5</c>: thousands dots, decimal comma, the canonical number of decimals kept.</summary>
    public static string Amount(string invariant)
    {
        if (invariant.Length == 0) { return ""; }
        var negative = invariant.StartsWith('-');
        var digits = negative ? invariant[1..] : invariant;
        var dot = digits.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? digits : digits[..dot];
        var fraction = dot < 0 ? "" : "," + digits[(dot + 1)..];
        var grouped = new StringBuilder();
        for (var i = 0; i < whole.Length; i++)
        {
            if (i > 0 && (whole.Length - i) % 3 == 0) { grouped.Append('.'); }
            grouped.Append(whole[i]);
        }

        return (negative ? "-" : "") + grouped + fraction;
    }

    /// <summary>A credit in the cash receipt journal: a positive canonical amount shown as <c>(1.234,56)</c>; zero stays <c>0,00</c>.</summary>
    public static string Credit(string invariant) =>
        decimal.Parse(invariant, CultureInfo.InvariantCulture) == 0 ? Amount(invariant) : "(" + Amount(invariant) + ")";

    public static string TermsCode(string days) => days switch
    {
        "14" => "14 DAYS",
        "30" => "30 DAYS",
        "45" => "NET45",
        "60" => "NET60",
        _ => throw new InvalidDataException($"no payment terms code for {days} days"),
    };

    public static string RiskRating(string riskClass) => riskClass switch
    {
        "" => "",
        "A" => "LOW",
        "B" => "MEDIUM",
        "C" => "HIGH",
        "D" => "VERY HIGH",
        _ => throw new InvalidDataException($"no risk rating for class {riskClass}"),
    };

    public static string YesNo(string boolean) => boolean == "true" ? "Yes" : "No";

    public static string OrderStatus(string status, string id) => status switch
    {
        "open" => Hash.Of(id) % 3 == 0 ? "Open" : "Released",
        "invoiced" => "Invoiced",
        "cancelled" => "Cancelled",
        _ => throw new InvalidDataException($"no order status for {status}"),
    };

    public static string DisputeCode(string id) => DisputeCodes[Hash.Of(id) % (uint)DisputeCodes.Length];

    public static string Country(Dictionary<string, string> customer)
    {
        if (customer["currency"] != "EUR") { return "US"; }
        var name = customer["name"];
        return name.EndsWith(" B.V.", StringComparison.Ordinal) ? "NL"
            : name.EndsWith(" SARL", StringComparison.Ordinal) || name.EndsWith(" S.A.S.", StringComparison.Ordinal) ? "FR"
            : name.EndsWith(" S.A.", StringComparison.Ordinal) ? "BE"
            : name.EndsWith(" AG", StringComparison.Ordinal) ? "AT"
            : "DE";
    }

    public static string VatNumber(Dictionary<string, string> customer)
    {
        var country = Country(customer);
        if (country == "US") { return ""; }
        var digits = (100_000_000 + (Hash.Of(customer["id"] + "vat") % 900_000_000)).ToString(CultureInfo.InvariantCulture);
        return country switch
        {
            "NL" => $"NL{digits}B01",
            "FR" => $"FR{Hash.Of(customer["id"]) % 90 + 10}{digits}",
            "BE" => $"BE0{digits}",
            "AT" => $"ATU{digits[..8]}",
            _ => $"DE{digits}",
        };
    }

    /// <summary>The cleaned-up journal description (capitals, 50 characters) — not the remittance text cash application reads.</summary>
    public static string Description(string reference)
    {
        if (reference.Length == 0) { return "PAYMENT"; }
        var upper = reference.ToUpperInvariant();
        return upper.Length > 50 ? upper[..50] : upper;
    }

    public static string CapitalisedEmail(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        var local = string.Join('.', email[..at].Split('.').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
        return local + email[at..];
    }

    public static string Time(string seed)
    {
        var h = Hash.Of(seed);
        return $"{8 + h % 10:00}:{h / 10 % 60:00}:{h / 600 % 60:00}";
    }

    public static string Modified(DateOnly date, string seed) => date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture) + " " + Time(seed);
}

/// <summary>Semicolon-separated, UTF-8 with BOM, CRLF, fields quoted only when they must be.</summary>
static class ErpCsv
{
    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    public static int Write(string path, string[] header, IEnumerable<string[]> rows)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(';', header.Select(Quote)).Append("\r\n");
        var count = 0;
        foreach (var row in rows)
        {
            if (row.Length != header.Length) { throw new InvalidDataException($"{path}: row {count + 1} has {row.Length} fields, header {header.Length}"); }
            sb.AppendJoin(';', row.Select(Quote)).Append("\r\n");
            count++;
        }

        File.WriteAllText(path, sb.ToString(), Utf8WithBom);
        return count;
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(";\"\n\r") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}

/// <summary>FNV-1a over the UTF-16 code units, mixed: a stable hash (string.GetHashCode is randomised per process).</summary>
static class Hash
{
    public static uint Of(string text)
    {
        var h = 2166136261u;
        foreach (var ch in text) { h = (h ^ ch) * 16777619u; }

        // MurmurHash3's finaliser, so ids that differ only in the last digit land far apart.
        h ^= h >> 16;
        h *= 0x85ebca6bu;
        h ^= h >> 13;
        h *= 0xc2b2ae35u;
        return h ^ (h >> 16);
    }
}
