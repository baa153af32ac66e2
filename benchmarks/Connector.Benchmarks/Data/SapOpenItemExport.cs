using System.Globalization;
using System.Text;

namespace Connector.Benchmarks.Data;

/// <summary>
/// A large SAP FI-AR open-item export (BSID) in the style of <c>mappings/examples/sap-fi-ar/sample/BSID_*.csv</c>:
/// Windows-1252, <c>;</c>, CRLF, no BOM, dd.MM.yyyy, de-DE amounts with thousands (<c>1.234,56</c>), debit/credit
/// indicator <c>S</c>/<c>H</c>, baseline date <c>ZFBDT</c> + days <c>ZBD1T</c> (some empty), customer numbers
/// with leading zeros, plus an item text <c>SGTXT</c> with umlauts that no mapping reads. Every row names one of
/// the sample's customers (so it lands), company code 1000 (so the filter passes) and a fresh document number.
/// Deterministic: the same size gives the same bytes.
/// </summary>
internal static class SapOpenItemExport
{
    public const string Header = "BUKRS;KUNNR;GJAHR;BELNR;BUZEI;BLART;BLDAT;BUDAT;ZFBDT;ZBD1T;SHKZG;WRBTR;WAERS;XBLNR;SGTXT";

    private static readonly Encoding Windows1252 = CodePages();

    /// <summary>
    /// Writes <paramref name="rows"/> rows to <paramref name="path"/>. With <paramref name="postingDate"/> every row's
    /// <c>BUDAT</c> (a column no mapping reads) is that date: the same ledger content in a file with another content hash.
    /// </summary>
    public static long Write(string customersSample, string path, int rows, string? postingDate = null)
    {
        var customers = File.ReadLines(customersSample, Windows1252).Skip(1)
            .Where(l => l.Length > 0)
            .Select(l => l[..l.IndexOf(';', StringComparison.Ordinal)])
            .ToArray();
        var random = new Random(16);
        var start = new DateOnly(2026, 1, 1);
        int[] terms = [0, 14, 30, 30, 45, 60];
        string[] texts = ["Rechnung Müller", "Gutschrift Schröder & Söhne", "Anzahlung Größe L", "Lieferung Köln", "Skonto Zürich"];
        var german = CultureInfo.GetCultureInfo("de-DE");
        using (var writer = new StreamWriter(path, append: false, Windows1252, 1 << 20) { NewLine = "\r\n" })
        {
            writer.WriteLine(Header);
            var line = new StringBuilder(160);
            for (var i = 0; i < rows; i++)
            {
                var credit = i % 6 == 0;
                var days = terms[random.Next(terms.Length)];
                var amount = random.Next(1, 5_000_000) / 100m;
                var documentDate = start.AddDays(random.Next(330)).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
                line.Clear()
                    .Append("1000;")
                    .Append(customers[random.Next(customers.Length)]).Append(';')
                    .Append("2026;")
                    .Append((1_800_000_000L + i).ToString(CultureInfo.InvariantCulture)).Append(';')
                    .Append("001;")
                    .Append(credit ? "DG" : "RV").Append(';')
                    .Append(documentDate).Append(';')
                    .Append(postingDate ?? documentDate).Append(';')
                    .Append(documentDate).Append(';')
                    .Append(days == 0 && i % 2 == 0 ? string.Empty : days.ToString(CultureInfo.InvariantCulture)).Append(';')
                    .Append(credit ? 'H' : 'S').Append(';')
                    .Append(amount.ToString("#,##0.00", german)).Append(';')
                    .Append("EUR;")
                    .Append(i % 3 == 0 ? (4_500_000_000L + i).ToString(CultureInfo.InvariantCulture) : string.Empty).Append(';')
                    .Append(texts[i % texts.Length]);
                writer.WriteLine(line);
            }
        }

        return new FileInfo(path).Length;
    }

    public static string[] Columns() => Header.Split(';');

    private static Encoding CodePages()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }
}
