using Connector.Mapping.Rows;
using static Connector.Mapping.Tests.MappingBuilder;

namespace Connector.Mapping.Tests.Transforms;

/// <summary>The transforms that read another column of the row (date arithmetic, a sign from an indicator, conditions) and the key helpers.</summary>
public sealed class RowTransformTests
{
    private const string SapDate = """{ "date": { "formats": ["dd.MM.yyyy"], "culture": "de-DE" } }""";
    private const string SapAmount = """{ "decimal": { "culture": "de-DE", "thousands": true } }""";

    [Theory]
    [InlineData("15.11.2026", "30", "2026-12-15")]
    [InlineData("20.09.2026", "030", "2026-10-20")]
    [InlineData("31.12.2026", "1", "2027-01-01")]
    [InlineData("15.11.2026", "0", "2026-11-15")]
    [InlineData("15.11.2026", " -5 ", "2026-11-10")]
    public void AddDays_FromColumn_DueDateIsBaselinePlusDays(string baseline, string days, string due)
    {
        Assert.Equal(due, Due($$"""[{{SapDate}}, { "addDays": { "column": "ZBD1T" } }]""", baseline, days).Value("due_date"));
    }

    [Fact]
    public void AddDays_EmptyDaysColumnWithDefault_UsesDefault()
    {
        Assert.Equal("2026-11-20", Due($$"""[{{SapDate}}, { "addDays": { "column": "ZBD1T", "default": 0 } }]""", "20.11.2026", "").Value("due_date"));
    }

    [Theory]
    [InlineData("", "expected a whole number of days in column 'ZBD1T' (addDays), got an empty value")]
    [InlineData("30 Tage", "expected a whole number of days in column 'ZBD1T' (addDays), got '30 Tage'")]
    public void AddDays_DaysColumnNotANumber_RejectedNamingColumn(string days, string reason)
    {
        Due($$"""[{{SapDate}}, { "addDays": { "column": "ZBD1T" } }]""", "20.11.2026", days).AssertRejected("due_date", reason);
    }

    [Fact]
    public void AddDays_Constant_MovesDate()
    {
        Assert.Equal("2026-03-02", MapOne("invoices", "due_date", $$"""[{{SapDate}}, { "addDays": 30 }]""", "31.01.2026").Value("due_date"));
    }

    [Theory]
    [InlineData("31.01.2026", 1, "2026-02-28")]
    [InlineData("31.01.2028", 1, "2028-02-29")]
    [InlineData("15.11.2026", 2, "2027-01-15")]
    [InlineData("31.03.2026", -1, "2026-02-28")]
    public void AddMonths_Constant_KeepsDayOrTakesMonthEnd(string date, int months, string expected)
    {
        Assert.Equal(expected, MapOne("invoices", "due_date", $$"""[{{SapDate}}, { "addMonths": {{months}} }]""", date).Value("due_date"));
    }

    [Fact]
    public void AddMonths_FromColumn_MovesByThatManyMonths()
    {
        Assert.Equal("2027-02-15", Due($$"""[{{SapDate}}, { "addMonths": { "column": "ZBD1T" } }]""", "15.11.2026", "3").Value("due_date"));
    }

    [Theory]
    [InlineData("1.234,56", "S", "1234.56")]
    [InlineData("1.234,56", "H", "-1234.56")]
    [InlineData("1.234,56", " h ", "-1234.56")]
    [InlineData("0,00", "H", "0")]
    public void Sign_FromIndicatorColumn_HIsNegative(string amount, string indicator, string expected)
    {
        var mapper = Signed("""["S"]""", """["H", "h"]""");
        Assert.Equal(expected, mapper.Map([amount, indicator]).Value("amount"));
    }

    [Fact]
    public void Sign_UnlistedIndicator_RejectedNamingWhatIsExpected()
    {
        Signed("\"S\"", "\"H\"").Map(["100,00", "X"])
            .AssertRejected("amount", "expected S (positive) or H (negative) in column 'SHKZG' (sign), got 'X'");
    }

    [Fact]
    public void Sign_AmountAlreadySigned_RejectedRatherThanGuessed()
    {
        Signed("\"S\"", "\"H\"").Map(["100,00-", "H"])
            .AssertRejected("amount", "expected an unsigned amount (the sign comes from column 'SHKZG'), got '-100'");
    }

    [Theory]
    [InlineData("0000012345", "12345")]
    [InlineData(" 0000012345 ", "12345")]
    [InlineData("0000000000", "0")]
    [InlineData("CUST-01", "CUST-01")]
    [InlineData("0A1", "A1")]
    public void StripLeadingZeros_SapCustomerNumber_GivesShortKey(string value, string expected)
    {
        Assert.Equal(expected, MapOne("customers", "id", """["stripLeadingZeros"]""", value).Value("id"));
    }

    [Theory]
    [InlineData("12345", "0000012345")]
    [InlineData("CUST-01", "CUST-01")]
    [InlineData("12345678901", "12345678901")]
    public void PadLeft_DigitsOnly_PadsNumericKeysOnlyAndNeverCuts(string value, string expected)
    {
        Assert.Equal(expected, MapOne("customers", "id", """[{ "padLeft": { "length": 10, "digitsOnly": true } }]""", value).Value("id"));
    }

    [Fact]
    public void PadLeft_OtherCharacter_FillsWithIt()
    {
        Assert.Equal("___42", MapOne("invoices", "po_number", """[{ "padLeft": { "length": 5, "char": "_" } }]""", "42").Value("po_number"));
    }

    [Theory]
    [InlineData("H", "credit_memo")]
    [InlineData("S", "invoice")]
    public void When_ColumnEquals_ThenElseConstants(string indicator, string type)
    {
        var json = File("invoices",
            ("type", """{ "column": "BLART", "transforms": [{ "when": { "column": "SHKZG", "equals": "H", "then": "credit_memo", "else": "invoice" } }] }"""),
            ("amount", """{ "constant": "0" }"""));
        Assert.Equal(type, Bind(json, ["BLART", "SHKZG"]).Map(["RV", indicator]).Value("type"));
    }

    [Theory]
    [InlineData("", "2026-11-20")]
    [InlineData("14", "2026-12-04")]
    public void When_OnTheValueItself_BranchOfTransforms(string days, string due)
    {
        const string Transforms = $$"""[{{SapDate}}, { "when": { "column": "ZBD1T", "empty": false, "then": [{ "addDays": { "column": "ZBD1T" } }] } }]""";
        Assert.Equal(due, Due(Transforms, "20.11.2026", days).Value("due_date"));
    }

    [Theory]
    [InlineData("INV-4711", "4711")]
    [InlineData("4712", "4712")]
    public void When_ValueMatchesPattern_ElseKeepsValue(string value, string expected)
    {
        const string When = """[{ "when": { "matches": "^INV-", "then": [{ "substring": { "start": 4 } }] } }]""";
        Assert.Equal(expected, MapOne("invoices", "po_number", When, value).Value("po_number"));
    }

    [Fact]
    public void When_InList_Then()
    {
        var json = File("invoices",
            ("type", """{ "column": "V", "transforms": [{ "when": { "in": ["DG", "GS"], "then": "credit_memo", "else": "invoice" } }] }"""),
            ("amount", """{ "constant": "-10" }"""));
        Assert.Equal("credit_memo", Bind(json, ["V"]).Map(["GS"]).Value("type"));
    }

    [Fact]
    public void Use_NamedChain_SharedByTwoFields()
    {
        var json = File("invoices",
            ("amount", """{ "column": "WRBTR", "transforms": [{ "use": "sapAmount" }] }"""),
            ("open_amount", """{ "column": "WRBTR", "transforms": [{ "use": "sapAmount" }] }"""))
            .Replace("\"fields\"", $$"""
                "transforms": { "sapAmount": ["trim", {{SapAmount}}, { "sign": { "column": "SHKZG", "negative": "H", "positive": "S" } }] },
                "fields"
                """, StringComparison.Ordinal);
        var result = Bind(json, ["WRBTR", "SHKZG"]).Map([" 2.500,00 ", "H"]);
        Assert.Equal("-2500", result.Value("amount"));
        Assert.Equal("-2500", result.Value("open_amount"));
    }

    [Fact]
    public void Bind_DaysColumnMissingFromHeader_FileProblemNamesColumnAndField()
    {
        var json = File("invoices", ("due_date", $$"""{ "column": "ZFBDT", "transforms": [{{SapDate}}, { "addDays": { "column": "ZBD1T" } }] }"""));
        var bound = Load(json).Bind(["ZFBDT"]);
        Assert.Null(bound.Mapper);
        Assert.Equal("header has no column 'ZBD1T' (read by 'addDays' for invoices.due_date); the header has: ZFBDT", bound.Problem);
    }

    [Fact]
    public void SourceColumns_IncludeColumnsTransformsRead()
    {
        var json = File("invoices", ("due_date", $$"""{ "column": "ZFBDT", "transforms": [{{SapDate}}, { "addDays": { "column": "ZBD1T" } }] }"""));
        Assert.Equal(["ZFBDT", "ZBD1T"], Load(json).SourceColumns);
    }

    private static MapResult Due(string transforms, string baseline, string days)
    {
        var json = File("invoices", ("due_date", $$"""{ "column": "ZFBDT", "transforms": {{transforms}} }"""));
        return Bind(json, ["ZFBDT", "ZBD1T"]).Map([baseline, days]);
    }

    private static RowMapper Signed(string positive, string negative)
    {
        var json = File("invoices", ("amount", $$"""{ "column": "WRBTR", "transforms": [{{SapAmount}}, { "sign": { "column": "SHKZG", "negative": {{negative}}, "positive": {{positive}} } }] }"""));
        return Bind(json, ["WRBTR", "SHKZG"]);
    }
}
