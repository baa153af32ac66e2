using PdfSharp.Fonts;

namespace Connector.Documents.Pdf;

/// <summary>
/// Resolves every typeface to the DejaVu Sans shipped inside this assembly (regular and bold), so a PDF looks the same on
/// a Linux server without fonts, in a container and on Windows. PDFsharp embeds the glyphs used (a subset) in each file.
/// </summary>
internal sealed class EmbeddedFontResolver : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        // Italic is simulated from the upright face: statements do not use it, and one family keeps the files small.
        new(bold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: italic);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> Faces = new(StringComparer.Ordinal);

    public byte[]? GetFont(string faceName) => Faces.GetOrAdd(faceName, Read);

    private static byte[] Read(string faceName)
    {
        using var stream = typeof(EmbeddedFontResolver).Assembly.GetManifestResourceStream($"Connector.Documents.Fonts.{faceName}.ttf")
            ?? throw new InvalidOperationException($"The font '{faceName}' is not embedded in Connector.Documents.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

/// <summary>Installs <see cref="EmbeddedFontResolver"/> once per process (PDFsharp's font settings are global).</summary>
public static class PdfFonts
{
    private static readonly Lock Gate = new();

    public const string Family = EmbeddedFontResolver.Family;

    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            // Another part of the process may have installed a resolver first: keep it (PDFsharp refuses a second one once fonts were used).
            GlobalFontSettings.FontResolver ??= new EmbeddedFontResolver();
        }
    }
}
