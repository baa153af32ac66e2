using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Connector.Documents.Pdf;

/// <summary>A table column: its header, its share of the line's width and whether its cells are right-aligned (amounts).</summary>
public sealed record PdfColumn(string Header, double Share, bool AlignRight = false);

/// <summary>A table row; a <see cref="Bold"/> row is a total.</summary>
public sealed record PdfRow(IReadOnlyList<string> Cells, bool Bold = false);

/// <summary>
/// A plain A4 document written top to bottom: a title, headings, wrapped paragraphs, label/value blocks and tables whose
/// header repeats on each new page, with "page n of m" and a footer line on every page. Statements and the evidence pack
/// are written with it, so both look alike and both are read back as text (no drawing a reader cannot extract).
/// </summary>
public sealed class PdfTextDocument : IDisposable
{
    private const double Margin = 50;
    private const double BodySize = 9;
    private const double LineGap = 3;

    private readonly PdfDocument document = new();
    private readonly XFont body;
    private readonly XFont bold;
    private readonly XFont heading;
    private readonly XFont title;
    private readonly string footer;
    private readonly XGraphics measure = XGraphics.CreateMeasureContext(new XSize(595, 842), XGraphicsUnit.Point, XPageDirection.Downwards);
    private XGraphics? graphics;
    private PdfPage? page;
    private double y;

    /// <param name="documentTitle">The PDF's title (shown by readers in the window bar).</param>
    /// <param name="footer">Printed at the foot of every page, left of the page number.</param>
    public PdfTextDocument(string documentTitle, string footer)
    {
        ArgumentNullException.ThrowIfNull(documentTitle);
        ArgumentNullException.ThrowIfNull(footer);
        PdfFonts.EnsureInstalled();
        document.Info.Title = documentTitle;
        document.Info.Creator = "Receivables Connector";
        body = new XFont(PdfFonts.Family, BodySize, XFontStyleEx.Regular);
        bold = new XFont(PdfFonts.Family, BodySize, XFontStyleEx.Bold);
        heading = new XFont(PdfFonts.Family, 11, XFontStyleEx.Bold);
        title = new XFont(PdfFonts.Family, 16, XFontStyleEx.Bold);
        this.footer = footer;
    }

    /// <summary>Pages so far.</summary>
    public int PageCount => document.PageCount;

    private double Width => Page.Width.Point - (2 * Margin);

    private double Bottom => Page.Height.Point - Margin - 14;

    private PdfPage Page
    {
        get
        {
            _ = Graphics;
            return page!;
        }
    }

    private XGraphics Graphics
    {
        get
        {
            if (graphics is null)
            {
                NewPage();
            }

            return graphics!;
        }
    }

    /// <summary>Starts a new page (the next content goes at its top).</summary>
    public void NewPage()
    {
        graphics?.Dispose();
        page = document.AddPage();
        page.Size = PageSize.A4;
        graphics = XGraphics.FromPdfPage(page);
        y = Margin;
    }

    public void Title(string text) => Lines(text, title, spaceAfter: 6);

    /// <summary>A section heading, kept on the page of what follows it.</summary>
    public void Heading(string text)
    {
        Space(6);
        Room(heading.Height + (3 * (body.Height + LineGap)));
        Lines(text, heading, spaceAfter: 2);
    }

    public void Paragraph(string text, bool strong = false) => Lines(text, strong ? bold : body, spaceAfter: 2);

    /// <summary>A paragraph that is also a web link (the pay link): the text is printed and the area clickable.</summary>
    public void Link(string text, Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var top = y;
        var startPage = page;
        Lines(text, body, spaceAfter: 2);
        if (startPage is not null && ReferenceEquals(startPage, page))
        {
            // Annotations are in PDF space: origin bottom left.
            var height = y - top;
            var rect = new XRect(Margin, Page.Height.Point - top - height, Width, height);
            Page.AddWebLink(new PdfRectangle(rect), target.AbsoluteUri);
        }
    }

    /// <summary>Label and value pairs, the labels in bold in a narrow first column.</summary>
    public void Fields(IReadOnlyList<(string Label, string Value)> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var labelWidth = Width * 0.3;
        foreach (var (label, value) in fields)
        {
            var wrapped = Wrap(value, body, Width - labelWidth);
            Room(wrapped.Count * (body.Height + LineGap));
            Text(label, bold, Margin, labelWidth, alignRight: false);
            foreach (var line in wrapped)
            {
                Text(line, body, Margin + labelWidth, Width - labelWidth, alignRight: false);
                y += body.Height + LineGap;
            }
        }

        Space(2);
    }

    /// <summary>A table; its header is repeated at the top of each page it runs onto. A cell too wide is cut with "…".</summary>
    public void Table(IReadOnlyList<PdfColumn> columns, IEnumerable<PdfRow> rows)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        var shares = columns.Sum(static c => c.Share);
        var widths = columns.Select(c => Width * c.Share / shares).ToArray();
        var rowHeight = body.Height + LineGap;
        Room(rowHeight * 2);
        Header(columns, widths);
        foreach (var row in rows)
        {
            if (y + rowHeight > Bottom)
            {
                NewPage();
                Header(columns, widths);
            }

            var font = row.Bold ? bold : body;
            var x = Margin;
            for (var i = 0; i < columns.Count; i++)
            {
                var cell = i < row.Cells.Count ? row.Cells[i] : "";
                Text(Fit(cell, font, widths[i] - 4), font, x, widths[i] - 4, columns[i].AlignRight);
                x += widths[i];
            }

            if (row.Bold)
            {
                Graphics.DrawLine(XPens.Gray, Margin, y, Margin + Width, y);
            }

            y += rowHeight;
        }

        Space(4);
    }

    public void Space(double points)
    {
        _ = Graphics;
        y += points;
    }

    /// <summary>Writes the page footers and the file; the document cannot be added to afterwards.</summary>
    public byte[] ToArray()
    {
        _ = Graphics;
        graphics?.Dispose();
        graphics = null;
        var count = document.PageCount;
        for (var i = 0; i < count; i++)
        {
            var p = document.Pages[i];
            using var g = XGraphics.FromPdfPage(p, XGraphicsPdfPageOptions.Append);
            var baseline = p.Height.Point - Margin + 6;
            var pageWidth = p.Width.Point - (2 * Margin);
            g.DrawString(Fit(footer, body, pageWidth * 0.75), body, XBrushes.Gray, new XRect(Margin, baseline, pageWidth * 0.75, body.Height), XStringFormats.TopLeft);
            var number = string.Create(CultureInfo.InvariantCulture, $"page {i + 1} of {count}");
            g.DrawString(number, body, XBrushes.Gray, new XRect(Margin, baseline, pageWidth, body.Height), XStringFormats.TopRight);
        }

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    public void Dispose()
    {
        graphics?.Dispose();
        measure.Dispose();
        document.Dispose();
    }

    private void Header(IReadOnlyList<PdfColumn> columns, double[] widths)
    {
        var x = Margin;
        for (var i = 0; i < columns.Count; i++)
        {
            Text(Fit(columns[i].Header, bold, widths[i] - 4), bold, x, widths[i] - 4, columns[i].AlignRight);
            x += widths[i];
        }

        y += bold.Height + 1;
        Graphics.DrawLine(XPens.Black, Margin, y, Margin + Width, y);
        y += LineGap;
    }

    private void Lines(string text, XFont font, double spaceAfter)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var line in Wrap(text, font, Width))
        {
            Room(font.Height + LineGap);
            Text(line, font, Margin, Width, alignRight: false);
            y += font.Height + LineGap;
        }

        y += spaceAfter;
    }

    /// <summary>Starts a new page unless <paramref name="height"/> points still fit on this one.</summary>
    private void Room(double height)
    {
        _ = Graphics;
        if (y + height > Bottom && y > Margin)
        {
            NewPage();
        }
    }

    private void Text(string text, XFont font, double x, double width, bool alignRight) =>
        Graphics.DrawString(text, font, XBrushes.Black, new XRect(x, y, width, font.Height), alignRight ? XStringFormats.TopRight : XStringFormats.TopLeft);

    private List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (Measure(candidate, font) <= width)
                {
                    line = candidate;
                    continue;
                }

                if (line.Length > 0)
                {
                    lines.Add(line);
                }

                // A word wider than the line (a long link) is broken between characters.
                line = word;
                while (Measure(line, font) > width && line.Length > 1)
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && Measure(line[..cut], font) > width)
                    {
                        cut--;
                    }

                    lines.Add(line[..cut]);
                    line = line[cut..];
                }
            }

            lines.Add(line);
        }

        return lines;
    }

    private string Fit(string text, XFont font, double width)
    {
        if (Measure(text, font) <= width)
        {
            return text;
        }

        var cut = text.Length;
        while (cut > 0 && Measure(text[..cut] + "…", font) > width)
        {
            cut--;
        }

        return text[..cut] + "…";
    }

    private double Measure(string text, XFont font) => measure.MeasureString(text, font).Width;
}
