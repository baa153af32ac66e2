using System.Text;

namespace Connector.Erp.Csv;

/// <summary>The text encodings a mapping's <c>source.csv.encoding</c> may name.</summary>
internal static class CsvEncodings
{
    static CsvEncodings()
    {
        // windows-1252 is not built into .NET; the code-page provider ships with the runtime.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>The decoder for <paramref name="name"/>, or null when it is not one we read. Bad bytes decode to U+FFFD instead of throwing.</summary>
    public static Encoding? Find(string? name) => (name ?? "utf-8").Trim().ToLowerInvariant() switch
    {
        "utf-8" or "utf8" => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false),
        "utf-16" or "utf-16le" or "utf16" => new UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: false),
        "utf-16be" => new UnicodeEncoding(bigEndian: true, byteOrderMark: true, throwOnInvalidBytes: false),
        "windows-1252" or "cp1252" => Encoding.GetEncoding(1252),
        "iso-8859-1" or "latin1" => Encoding.Latin1,
        _ => null,
    };
}
