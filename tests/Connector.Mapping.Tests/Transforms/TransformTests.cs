using Connector.Mapping.Canonical;
using Connector.Mapping.Lookups;
using Connector.Mapping.Rows;
using static Connector.Mapping.Tests.MappingBuilder;

namespace Connector.Mapping.Tests.Transforms;

public sealed class TransformTests
{
    [Fact]
    public void Trim_ThenUpper_GivesCleanCode()
    {
        Assert.Equal("ACME-01", MapOne("customers", "id", """["trim", "upper"]""", "  acme-01 ").Value("id"));
    }

    [Fact]
    public void Lower_MixedCaseEmail_LowerCase()
    {
        Assert.Equal("ap@acme.example", MapOne("customers", "email", """["lower"]""", "AP@Acme.Example").Value("email"));
    }

    [Theory]
    [InlineData("", "30")]
    [InlineData("   ", "30")]
    [InlineData("45", "45")]
    public void Default_EmptyOrBlank_GivesDefaultOtherwiseKeeps(string value, string expected)
    {
        Assert.Equal(expected, MapOne("customers", "payment_terms_days", """[{ "default": "30" }]""", value).Value("payment_terms_days"));
    }

    [Fact]
    public void Constant_AsTransform_ReplacesWhateverTheRowHolds()
    {
        Assert.Equal("USD", MapOne("customers", "currency", """[{ "constant": "USD" }]""", "EUR").Value("currency"));
    }

    [Fact]
    public void Map_ListedValue_Translated()
    {
        const string Map = """[{ "map": { "values": { "RV": "invoice", "DG": "credit_memo" }, "unmapped": "error" } }]""";
        Assert.Equal("invoice", MapOne("invoices", "type", Map, "RV").Value("type"));
    }

    [Fact]
    public void Map_UnmappedUnderError_RejectsNamingTheValue()
    {
        const string Map = """[{ "map": { "values": { "RV": "invoice" }, "unmapped": "error" } }]""";
        MapOne("invoices", "type", Map, "XYZ").AssertRejected("type", "expected one of RV (value map, unmapped: error), got 'XYZ'");
    }

    [Fact]
    public void Map_UnmappedUnderDefault_GivesDefault()
    {
        const string Map = """[{ "map": { "values": { "RV": "invoice" }, "unmapped": "default", "default": "invoice" } }]""";
        Assert.Equal("invoice", MapOne("invoices", "type", Map, "XYZ").Value("type"));
    }

    [Fact]
    public void Map_UnmappedUnderEmpty_LeavesOptionalFieldEmpty()
    {
        const string Map = """[{ "map": { "values": { "1": "A", "2": "B" }, "unmapped": "empty" } }]""";
        Assert.Null(MapOne("customers", "risk_class", Map, "9").Value("risk_class"));
    }

    [Fact]
    public void Map_UnmappedUnderEmptyOnRequiredField_RejectsAsEmpty()
    {
        const string Map = """[{ "map": { "values": { "RV": "invoice" }, "unmapped": "empty" } }]""";
        MapOne("invoices", "type", Map, "XYZ").AssertRejected("type", "required, got an empty value");
    }

    [Fact]
    public void Map_IgnoreCase_MatchesAnyCase()
    {
        const string Map = """[{ "map": { "values": { "Yes": "true", "No": "false" }, "unmapped": "error", "ignoreCase": true } }]""";
        Assert.Equal("true", MapOne("invoices", "disputed", Map, "YES").Value("disputed"));
    }

    [Fact]
    public void Map_EmptyValueOnOptionalField_StaysEmptyEvenUnderError()
    {
        const string Map = """[{ "map": { "values": { "X": "true" }, "unmapped": "error" } }]""";
        Assert.Null(MapOne("invoices", "disputed", Map, "").Value("disputed"));
    }

    [Theory]
    [InlineData("24.12.2026", "2026-12-24")]
    [InlineData(" 01.03.2026 ", "2026-03-01")]
    [InlineData("29.02.2028", "2028-02-29")]
    public void Date_GermanFormat_GivesIsoDate(string value, string expected)
    {
        const string Date = """[{ "date": { "formats": ["dd.MM.yyyy"], "culture": "de-DE" } }]""";
        Assert.Equal(expected, MapOne("invoices", "due_date", Date, value).Value("due_date"));
    }

    [Theory]
    [InlineData("2026-02-01")]
    [InlineData("1.2.2026")]
    public void Date_ImpossibleOrOtherFormat_RejectedWithExpectedFormat(string value)
    {
        const string Date = """[{ "date": { "formats": ["dd.MM.yyyy"], "culture": "de-DE" } }]""";
        MapOne("invoices", "due_date", Date, value).AssertRejected("due_date", $"expected a date like dd.MM.yyyy (de-DE), got '{value}'");
    }

    [Theory]
    [InlineData("31.02.2026", "February 2026 has 28 days")]
    [InlineData("29.02.2026", "February 2026 has 28 days")]
    [InlineData("31.04.2026", "April 2026 has 30 days")]
    [InlineData("01.13.2026", "there is no month 13")]
    [InlineData("00.01.2026", "there is no day 0")]
    public void Date_WellFormedButNoSuchDate_RejectedSayingWhy(string value, string why)
    {
        const string Date = """[{ "date": { "formats": ["dd.MM.yyyy"], "culture": "de-DE" } }]""";
        MapOne("invoices", "due_date", Date, value).AssertRejected("due_date", $"no such date '{value}' (read as dd.MM.yyyy: {why})");
    }

    [Fact]
    public void Date_TwoFormatsReadDifferentDates_RejectedAsAmbiguous()
    {
        const string Date = """[{ "date": { "formats": ["dd/MM/yyyy", "MM/dd/yyyy"], "culture": "en-GB" } }]""";
        MapOne("invoices", "due_date", Date, "03/04/2026")
            .AssertRejected("due_date", "ambiguous date '03/04/2026': dd/MM/yyyy reads it as 2026-04-03, MM/dd/yyyy as 2026-03-04");
    }

    [Fact]
    public void Date_TwoFormatsOnlyOneFits_Accepted()
    {
        const string Date = """[{ "date": { "formats": ["dd/MM/yyyy", "MM/dd/yyyy"], "culture": "en-GB" } }]""";
        Assert.Equal("2026-04-25", MapOne("invoices", "due_date", Date, "25/04/2026").Value("due_date"));
    }

    [Fact]
    public void Date_MonthNamesInCulture_ParsedByGeneralParser()
    {
        const string Date = """[{ "date": { "formats": ["dd. MMMM yyyy"], "culture": "de-DE" } }]""";
        Assert.Equal("2026-03-05", MapOne("invoices", "due_date", Date, "05. März 2026").Value("due_date"));
    }

    [Theory]
    [InlineData("1.234,56", "1234.56")]
    [InlineData("1.234.567,5", "1234567.5")]
    [InlineData("100,00", "100")]
    [InlineData("-0,50", "-0.5")]
    [InlineData("1.234,56-", "-1234.56")]
    [InlineData("(1.234,50)", "-1234.5")]
    [InlineData("0,00", "0")]
    public void Decimal_GermanWithThousandsAndParentheses_GivesInvariant(string value, string expected)
    {
        const string Decimal = """[{ "decimal": { "culture": "de-DE", "thousands": true, "parentheses": true } }]""";
        Assert.Equal(expected, MapOne("invoices", "amount", Decimal, value).Value("amount"));
    }

    [Fact]
    public void Decimal_ThousandsSeparatorNotAllowed_RejectedWithExample()
    {
        const string Decimal = """[{ "decimal": { "culture": "de-DE" } }]""";
        MapOne("invoices", "amount", Decimal, "1.234,56").AssertRejected("amount", "expected a number like -1234,56 (de-DE), got '1.234,56' (thousands separators are not allowed here: set \"thousands\": true)");
    }

    [Fact]
    public void Decimal_EnglishNumberUnderGermanCulture_Rejected()
    {
        const string Decimal = """[{ "decimal": { "culture": "de-DE", "thousands": true } }]""";
        MapOne("invoices", "amount", Decimal, "1,234.56").AssertRejected("amount", "expected a number like -1.234,56 (de-DE), got '1,234.56'");
    }

    [Fact]
    public void Decimal_ParenthesesWithoutOption_Rejected()
    {
        const string Decimal = """[{ "decimal": { "culture": "en-US" } }]""";
        Assert.Equal(MapOutcome.Rejected, MapOne("invoices", "amount", Decimal, "(12.50)").Outcome);
    }

    [Fact]
    public void Decimal_CurrencySymbolAllowed_Stripped()
    {
        const string Decimal = """[{ "decimal": { "culture": "de-DE", "thousands": true, "currencySymbol": true } }]""";
        Assert.Equal("1234.56", MapOne("invoices", "amount", Decimal, "1.234,56 €").Value("amount"));
    }

    [Fact]
    public void Negate_AfterDecimal_FlipsSign()
    {
        const string Negate = """[{ "decimal": { "culture": "de-DE" } }, "negate"]""";
        Assert.Equal("-100.5", MapOne("invoices", "amount", Negate, "100,50").Value("amount"));
        Assert.Equal("12", MapOne("invoices", "amount", Negate, "-12").Value("amount"));
    }

    [Fact]
    public void Concat_SeveralColumns_JoinedSkippingEmptyParts()
    {
        var json = File("invoices", ("po_number", """{ "columns": ["Prefix", "PO"], "transforms": [{ "concat": { "separator": "-" } }, "trim"] }"""));
        var mapper = Bind(json, ["Prefix", "PO"]);
        Assert.Equal("PO-4711", mapper.Map(["PO", "4711"]).Value("po_number"));
        Assert.Equal("4711", mapper.Map(["", "4711"]).Value("po_number"));
        Assert.Null(mapper.Map(["", " "]).Value("po_number"));
    }

    [Theory]
    [InlineData("DE-C-1001", "C-1001")]
    [InlineData("DE-", "")]
    [InlineData("D", "")]
    public void Substring_FromStart_GivesWhatIsThere(string value, string expected)
    {
        var result = MapOne("invoices", "po_number", """[{ "substring": { "start": 3 } }]""", value);
        Assert.Equal(expected.Length == 0 ? null : expected, result.Value("po_number"));
    }

    [Fact]
    public void Substring_WithLength_CutsToLength()
    {
        Assert.Equal("ABC", MapOne("invoices", "po_number", """[{ "substring": { "start": 0, "length": 3 } }]""", "ABCDEF").Value("po_number"));
    }

    [Fact]
    public void Regex_Match_ExtractsGroup()
    {
        const string Regex = """[{ "regex": { "pattern": "INV[- ]?(\\d+)" } }]""";
        Assert.Equal("4711", MapOne("payments", "reference", Regex, "Payment for INV-4711 thanks").Value("reference"));
    }

    [Fact]
    public void Regex_NamedGroup_Extracted()
    {
        const string Regex = """[{ "regex": { "pattern": "(?<no>\\d{4})$", "group": "no" } }]""";
        Assert.Equal("2026", MapOne("payments", "reference", Regex, "ref 2026").Value("reference"));
    }

    [Theory]
    [InlineData("error", null)]
    [InlineData("empty", "")]
    [InlineData("keep", "no number here")]
    public void Regex_NoMatch_FollowsPolicy(string policy, string? expected)
    {
        var regex = $$"""[{ "regex": { "pattern": "INV-(\\d+)", "onNoMatch": "{{policy}}" } }]""";
        var result = MapOne("payments", "reference", regex, "no number here");
        if (expected is null)
        {
            result.AssertRejected("reference", "expected text matching 'INV-(\\d+)', got 'no number here' (onNoMatch: error)");
        }
        else
        {
            Assert.Equal(expected.Length == 0 ? null : expected, result.Value("reference"));
        }
    }

    [Fact]
    public void Replace_PlainText_ReplacesEveryOccurrence()
    {
        Assert.Equal("A_B_C", MapOne("invoices", "po_number", """[{ "replace": { "find": " ", "with": "_" } }]""", "A B C").Value("po_number"));
    }

    [Fact]
    public void Replace_Regex_UsesGroups()
    {
        const string Replace = """[{ "replace": { "find": "^(\\w+)/(\\d+)$", "with": "$2-$1", "regex": true } }]""";
        Assert.Equal("42-PO", MapOne("invoices", "po_number", Replace, "PO/42").Value("po_number"));
    }

    [Theory]
    [InlineData("^(?<prefix>[A-Z]+)-(?<no>[0-9]+)$", "${no}/${prefix}", "INV-42", "42/INV")]
    [InlineData("^([0-9]+)$", "$$$1", "42", "$42")]
    [InlineData("^([0-9]+)$", "$2-$1", "42", "$2-42")]
    public void Replace_RegexReplacement_GroupsByNumberOrNameAndDollarAsWritten(string find, string with, string value, string expected)
    {
        var replace = $$"""[{ "replace": { "find": "{{find}}", "with": "{{with}}", "regex": true } }]""";
        Assert.Equal(expected, MapOne("invoices", "po_number", replace, value).Value("po_number"));
    }

    [Theory]
    [InlineData("X", "true")]
    [InlineData("", "false")]
    [InlineData("  ", "false")]
    public void Map_EmptyStringKey_MapsTheEmptyValue(string value, string expected)
    {
        const string Map = """["trim", { "map": { "values": { "X": "true", "": "false" }, "unmapped": "error" } }]""";
        Assert.Equal(expected, MapOne("customers", "manual_hold", Map, value).Value("manual_hold"));
    }

    [Fact]
    public void Lookup_OneMatch_GivesTheKey()
    {
        var lookup = new FakeLookup { [("email", "ap@acme.example")] = ["C-1001"] };
        var result = MapOne("payments", "customer_id", """[{ "lookup": { "entity": "customers", "by": "email" } }]""", "ap@acme.example", lookup);
        Assert.Equal("C-1001", result.Value("customer_id"));
        Assert.Equal((CanonicalEntity.Customers, "email", "ap@acme.example"), lookup.Asked.Single());
    }

    [Fact]
    public void Lookup_NoMatch_RejectedNamingEntityFieldAndValue()
    {
        var result = MapOne("payments", "customer_id", """[{ "lookup": { "entity": "customers", "by": "email" } }]""", "x@y.example", new FakeLookup());
        result.AssertRejected("customer_id", "no customers record has email 'x@y.example' (lookup)");
    }

    [Fact]
    public void Lookup_SeveralMatches_Rejected()
    {
        var lookup = new FakeLookup { [("name", "Acme")] = ["C-1", "C-2"] };
        var result = MapOne("payments", "customer_id", """[{ "lookup": { "entity": "customers", "by": "name" } }]""", "Acme", lookup);
        result.AssertRejected("customer_id", "2 customers records have name 'Acme' (lookup needs exactly one)");
    }

    private sealed class FakeLookup : Dictionary<(string Field, string Value), string[]>, IKeyLookup
    {
        public List<(CanonicalEntity, string, string)> Asked { get; } = [];

        public LookupResult Find(CanonicalEntity entity, string field, string value)
        {
            Asked.Add((entity, field, value));
            var keys = TryGetValue((field, value), out var found) ? found : [];
            return new LookupResult(keys.Length == 1 ? keys[0] : null, keys.Length);
        }
    }
}
