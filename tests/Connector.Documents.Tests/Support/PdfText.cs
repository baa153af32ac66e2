using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace Connector.Documents.Tests.Support;

/// <summary>A PDF read back as a reader's text extraction sees it: one string per printed line, words in reading order.</summary>
public static class PdfText
{
    public static IReadOnlyList<string> Lines(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var lines = new List<string>();
        foreach (var page in document.GetPages())
        {
            lines.AddRange(LinesOf(page));
        }

        return lines;
    }

    public static int Pages(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.NumberOfPages;
    }

    private static IEnumerable<string> LinesOf(Page page) =>
        page.GetWords()
            .GroupBy(static w => Math.Round(w.BoundingBox.Bottom, 0))
            .OrderByDescending(static g => g.Key)
            .Select(static g => string.Join(" ", g.OrderBy(static w => w.BoundingBox.Left).Select(static w => w.Text)));
}
