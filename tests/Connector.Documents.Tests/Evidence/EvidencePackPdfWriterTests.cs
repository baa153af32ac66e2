using Connector.Documents.Evidence;

namespace Connector.Documents.Tests.Evidence;

public sealed class EvidencePackPdfWriterTests
{
    [Fact]
    public void TextOf_DunningLetterHtml_ParagraphsAndRowsOnTheirOwnLinesEntitiesDecoded()
    {
        const string html = "<p>Dear A&amp;B &lt;Ltd&gt;,</p>\n<table>\n  <tr><th>Invoice</th><th>Due</th></tr>\n"
            + "  <tr><td>INV-1</td><td style=\"text-align:right\">1,307.25 USD</td><td>overdue</td></tr>\n</table>\n<p>Kind regards,<br>Accounts Receivable</p>";

        Assert.Equal(
            "Dear A&B <Ltd>,\nInvoice Due\nINV-1 1,307.25 USD overdue\nKind regards,\nAccounts Receivable",
            EvidencePackPdfWriter.TextOf(html));
    }
}
