using Connector.Worker.Output;

namespace Connector.Worker.Tests.Output;

public class ReportWriterTests
{
    private static readonly Report Sample = new()
    {
        Title = "Sample",
        Sections =
        [
            new ReportSection(
                "Rows",
                [ReportColumn.Text("name", "Name"), ReportColumn.Number("amount", "Amount"), ReportColumn.Number("yen", "Yen"), ReportColumn.Text("note", "Note") with { TableOnly = true }],
                [
                    new ReportRow([Cell.Of("Beta, \"the\" GmbH"), Cell.Money(1234567.125m, "USD"), Cell.Money(1500.5m, "JPY"), Cell.Of("x")]),
                    new ReportRow([Cell.Of("TOTAL"), Cell.Money(-0.005m, "USD"), Cell.Money(0m, "JPY"), Cell.Of("y")], IsTotal: true),
                ]),
        ],
    };

    [Fact]
    public void Write_Csv_QuotesPerRfc4180AndRoundsToMinorUnitsWithoutSeparators()
    {
        Assert.Equal(
            "name,amount,yen\n\"Beta, \"\"the\"\" GmbH\",1234567.12,1500\nTOTAL,0.00,0\n",
            Render(ReportFormat.Csv));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"pay\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"pay\"\")\"")]
    [InlineData("+1 555", "'+1 555")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("Acme = best", "Acme = best")]
    public void Write_CsvTextLookingLikeAFormula_IsNeutralisedButNegativeMoneyIsNot(string text, string expected)
    {
        var report = new Report
        {
            Title = "Formula",
            Sections = [new ReportSection(null, [ReportColumn.Text("name", "Name"), ReportColumn.Number("amount", "Amount")], [new ReportRow([Cell.Of(text), Cell.Money(-5m, "USD")])])],
        };
        using var output = new StringWriter();

        new ReportWriter(output, 120).Write(report, ReportFormat.Csv);

        Assert.Equal($"name,amount\n{expected},-5.00\n", output.ToString());
    }

    [Fact]
    public void Write_Table_RightAlignsAmountsWithThousandsSeparators()
    {
        var table = Render(ReportFormat.Table);

        Assert.Contains("1,234,567.12 │", table, StringComparison.Ordinal);
        Assert.Contains("│ Beta, \"the\" GmbH │", table, StringComparison.Ordinal);
        Assert.Contains("TOTAL", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_JsonWithoutTypedDocument_WritesSectionsWithColumnKeys()
    {
        var json = Render(ReportFormat.Json);

        Assert.Contains("\"amount\": 1234567.12", json, StringComparison.Ordinal);
        Assert.Contains("\"yen\": 1500", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"note\"", json, StringComparison.Ordinal);
    }

    private static string Render(ReportFormat format)
    {
        using var output = new StringWriter();
        new ReportWriter(output, 120).Write(Sample, format);
        return output.ToString();
    }
}
