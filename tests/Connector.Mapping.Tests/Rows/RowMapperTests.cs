using Connector.Mapping.Canonical;
using Connector.Mapping.Rows;
using static Connector.Mapping.Tests.MappingBuilder;

namespace Connector.Mapping.Tests.Rows;

public sealed class RowMapperTests
{
    /// <summary>The README's invoices example, as an ERP exports open items (de-DE dates and amounts).</summary>
    internal const string Invoices = """
        {
          "$schema": "./mapping.schema.json",
          "entity": "invoices",
          "source": { "csv": { "pattern": "OPEN_ITEMS_*.csv", "delimiter": ";" } },
          "headerAliases": { "Document": ["Doc No", "BELNR"] },
          "filters": [ { "column": "Doc Type", "in": ["RV", "DG"] } ],
          "fields": {
            "id":            { "column": "Document", "transforms": ["trim"] },
            "customer_id":   { "column": "Customer", "transforms": ["trim", "upper"] },
            "type":          { "column": "Doc Type", "transforms": [{ "map": { "values": { "RV": "invoice", "DG": "credit_memo" }, "unmapped": "error" } }] },
            "document_date": { "column": "Doc Date", "transforms": [{ "date": { "formats": ["dd.MM.yyyy"], "culture": "de-DE" } }] },
            "due_date":      { "column": "Due", "transforms": [{ "date": { "formats": ["dd.MM.yyyy"], "culture": "de-DE" } }] },
            "amount":        { "column": "Amount", "transforms": [{ "decimal": { "culture": "de-DE", "thousands": true, "parentheses": true } }] },
            "open_amount":   { "column": "Open", "transforms": [{ "decimal": { "culture": "de-DE", "thousands": true, "parentheses": true } }] },
            "currency":      { "constant": "EUR" },
            "po_number":     { "columns": ["PO Prefix", "PO"], "transforms": [{ "concat": { "separator": "-" } }, "trim"] },
            "status":        { "constant": "open" }
          },
          "dataverse": { "table": "arc_openitem", "columns": { "id": "arc_name", "open_amount": "arc_openamount" } }
        }
        """;

    internal static readonly string[] Header = ["Document", "Customer", "Doc Type", "Doc Date", "Due", "Amount", "Open", "PO Prefix", "PO"];

    [Fact]
    public void Map_ErpRow_GivesCanonicalRecord()
    {
        var result = Bind(Invoices, Header).Map(["INV-1 ", "c-100", "RV", "05.01.2026", "04.02.2026", "1.234,50", "(0,50)", "PO", "77"]);

        Assert.Equal(MapOutcome.Mapped, result.Outcome);
        Assert.Equal("INV-1", result.Record!.Key);
        Assert.Equal<string?>(["INV-1", "C-100", "invoice", "2026-01-05", "2026-02-04", "1234.5", "-0.5", "EUR", "PO-77", null, "open"], result.Record.Values.AsEnumerable());
    }

    [Fact]
    public void Map_FilterLeavesRowOut_FilteredNamingTheFilter()
    {
        var result = Bind(Invoices, Header).Map(["INV-1", "C-1", "ZZ", "05.01.2026", "04.02.2026", "1", "1", "", ""]);

        Assert.Equal(MapOutcome.Filtered, result.Outcome);
        Assert.Null(result.Record);
        Assert.Equal("filter 1: column 'Doc Type' in [RV, DG], got 'ZZ'", result.Reason);
    }

    [Theory]
    [InlineData("""{ "column": "S", "equals": "A" }""", "A", true)]
    [InlineData("""{ "column": "S", "equals": "A" }""", " A ", true)]
    [InlineData("""{ "column": "S", "notEquals": "X" }""", "X", false)]
    [InlineData("""{ "column": "S", "notIn": ["X", "Y"] }""", "Y", false)]
    [InlineData("""{ "column": "S", "notIn": ["X", "Y"] }""", "Z", true)]
    [InlineData("""{ "column": "S", "matches": "^[0-9]+$" }""", "123", true)]
    [InlineData("""{ "column": "S", "matches": "^[0-9]+$" }""", "12a", false)]
    [InlineData("""{ "column": "S", "empty": true }""", " ", true)]
    [InlineData("""{ "column": "S", "empty": false }""", "", false)]
    public void Map_Filter_KeepsOnlyRowsThatPass(string filter, string value, bool kept)
    {
        var json = File("collectors").Replace("\"fields\"", $"\"filters\": [{filter}], \"fields\"", StringComparison.Ordinal);
        var result = Bind(json, ["S"]).Map([value]);
        Assert.Equal(kept ? MapOutcome.Mapped : MapOutcome.Filtered, result.Outcome);
    }

    [Fact]
    public void Map_SecondFilterFails_ReasonSaysMatches()
    {
        var json = File("collectors").Replace("\"fields\"", """ "filters": [{ "column": "S", "empty": false }, { "column": "S", "matches": "^C" }], "fields" """, StringComparison.Ordinal);
        Assert.Equal("filter 2: column 'S' matches '^C', got 'X1'", Bind(json, ["S"]).Map(["X1"]).Reason);
    }

    [Fact]
    public void Bind_HeaderLacksColumn_NamesColumnFieldAndHeader()
    {
        var bound = Load(Invoices).Bind(["Document", "Customer", "Doc Type", "Doc Date", "Due", "Open", "PO Prefix", "PO"]);

        Assert.Null(bound.Mapper);
        Assert.Equal(["Amount"], bound.MissingColumns);
        Assert.Equal("header has no column 'Amount' (mapped to invoices.amount); the header has: Document, Customer, Doc Type, Doc Date, Due, Open, PO Prefix, PO", bound.Problem);
    }

    [Fact]
    public void Bind_MissingAliasedAndFilterColumns_AllNamed()
    {
        var bound = Load(Invoices).Bind(["Customer", "Doc Date", "Due", "Amount", "Open", "PO Prefix", "PO"]);

        Assert.Equal(["Document", "Doc Type"], bound.MissingColumns);
        Assert.StartsWith("header has no column 'Document' (mapped to invoices.id, also tried 'Doc No', 'BELNR'); no column 'Doc Type' (mapped to invoices.type);", bound.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_HeaderNamesAMappedColumnTwice_FileProblemNamesBothColumnsAndHowToPickOne()
    {
        var bound = Load(Invoices).Bind(["Document", "Customer", "Doc Type", "Doc Date", "Due", "Amount", "Open", "PO Prefix", "PO", "due "]);

        Assert.Null(bound.Mapper);
        Assert.Equal("Due", bound.ProblemColumn);
        Assert.StartsWith(
            "header has column 'Due' twice (columns 5 and 10; mapped to invoices.due_date), so which one is meant is unknown: rename one in the export, "
            + "or pick one by position in the mapping (\"column\": \"Due\", \"position\": 5); the header has: Document, ",
            bound.Problem,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_RepeatedColumnPickedByPosition_MapsTheColumnAtThatPosition()
    {
        var json = Invoices.Replace("\"due_date\":      { \"column\": \"Due\",", "\"due_date\":      { \"column\": \"Due\", \"position\": 10,", StringComparison.Ordinal);

        var mapper = Bind(json, [.. Header, "Due"]);
        var result = mapper.Map(["INV-1", "C-1", "RV", "05.01.2026", "04.02.2026", "1,00", "1,00", "", "", "28.02.2026"]);

        Assert.Equal("2026-02-28", result.Value("due_date"));
    }

    [Fact]
    public void Bind_PositionHoldingAnotherColumn_FileProblemSaysWhatIsThere()
    {
        var json = Invoices.Replace("\"due_date\":      { \"column\": \"Due\",", "\"due_date\":      { \"column\": \"Due\", \"position\": 4,", StringComparison.Ordinal);

        var bound = Load(json).Bind(Header);

        Assert.Null(bound.Mapper);
        Assert.StartsWith("header has 'Doc Date' at position 4, not column 'Due' (mapped to invoices.due_date, picked by position);", bound.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_ColumnTheMappingDoesNotReadRepeated_Binds()
    {
        var mapper = Bind(Invoices, [.. Header, "Extra", "Extra"]);

        Assert.Equal("INV-1", mapper.Map(["INV-1", "C-1", "RV", "05.01.2026", "04.02.2026", "1,00", "1,00", "", "", "a", "b"]).Value("id"));
    }

    [Fact]
    public void Map_FilterPatternTakesTooLong_RejectedWithTheReasonInsteadOfFiltered()
    {
        var json = Invoices.Replace("""{ "column": "Doc Type", "in": ["RV", "DG"] }""", """{ "column": "PO", "matches": "^(\\w+\\s?)*$" }""", StringComparison.Ordinal);
        var slow = new string('a', 40) + "!";

        var result = Bind(json, Header).Map(["INV-1", "C-1", "RV", "05.01.2026", "04.02.2026", "1,00", "1,00", "", slow]);

        Assert.Equal(MapOutcome.Rejected, result.Outcome);
        Assert.Equal("PO", result.Field);
        Assert.StartsWith("filter 1: pattern '^(\\w+\\s?)*$' took longer than 1 s on column 'PO' ('aaaa", result.Reason, StringComparison.Ordinal);
        Assert.EndsWith("so whether the row is kept is unknown: simplify the pattern", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryKey_RowRejectedForAnotherField_GivesTheKeyItCarries()
    {
        var mapper = Bind(Invoices, Header);
        string[] row = [" inv-7 ", "C-1", "RV", "31.02.2026", "04.02.2026", "1,00", "1,00", "", ""];

        Assert.Equal(MapOutcome.Rejected, mapper.Map(row).Outcome);
        Assert.Equal("inv-7", mapper.TryKey(row));
        Assert.Null(mapper.TryKey(["  ", "C-1"]));
    }

    [Fact]
    public void Bind_AliasAndDifferentCaseAndSpaces_Resolved()
    {
        var mapper = Bind(Invoices, ["  belnr ", "CUSTOMER", "doc type", "Doc Date", "Due", "Amount", "Open", "PO Prefix", "PO", "Extra"]);
        var result = mapper.Map(["INV-9", "C-1", "DG", "05.01.2026", "04.02.2026", "-10,00", "-10,00", "", "", "ignored"]);
        Assert.Equal("INV-9", result.Value("id"));
        Assert.Equal("credit_memo", result.Value("type"));
    }

    [Fact]
    public void SourceColumns_ListsEveryColumnOnceInOrder()
    {
        Assert.Equal(["Document", "Customer", "Doc Type", "Doc Date", "Due", "Amount", "Open", "PO Prefix", "PO"], Load(Invoices).SourceColumns);
    }

    [Fact]
    public void Map_RowShorterThanHeader_MissingValuesReadAsEmpty()
    {
        var result = Bind(Invoices, Header).Map(["INV-1", "C-1", "RV", "05.01.2026", "04.02.2026"]);
        result.AssertRejected("amount", "required, got an empty value");
    }

    [Fact]
    public void Map_EqualValuesWrittenDifferently_SameRowHash()
    {
        var mapper = Bind(Invoices, Header);
        var first = mapper.Map(["INV-1", "C-1", "RV", "05.01.2026", "04.02.2026", "1.234,50", "1234,5", "", ""]);
        var second = mapper.Map([" INV-1", "c-1 ", "RV", " 05.01.2026", "04.02.2026 ", "1234,500", "1.234,50", " ", ""]);
        var changed = mapper.Map(["INV-1", "C-1", "RV", "05.01.2026", "04.02.2026", "1.234,50", "1234,4", "", ""]);

        Assert.Equal(RowHash.Of(first.Record!.Values), RowHash.Of(second.Record!.Values));
        Assert.NotEqual(RowHash.Of(first.Record.Values), RowHash.Of(changed.Record!.Values));
    }

    [Fact]
    public void Map_ManyRows_EachMappedCorrectly()
    {
        var mapper = Bind(Invoices, Header);
        for (var i = 1; i <= 5000; i++)
        {
            var day = (i % 28) + 1;
            var result = mapper.Map([$"INV-{i}", "c-7", i % 2 == 0 ? "RV" : "DG", $"{day:00}.03.2026", $"{day:00}.04.2026", i % 2 == 0 ? $"{i},25" : $"({i},25)", "0", "", $"{i}"]);
            Assert.Equal(i % 2 == 0 ? $"{i}.25" : $"-{i}.25", result.Value("amount"));
            Assert.Equal($"2026-03-{day:00}", result.Record!.Values[3]);
            Assert.Equal($"INV-{i}", result.Record.Key);
        }
    }

    [Fact]
    public void Map_CompositeKey_JoinedWithBar()
    {
        var json = File("rates", ("currency", """{ "column": "Cur" }"""), ("date", """{ "column": "Day", "transforms": [{ "date": { "formats": ["yyyyMMdd"] } }] }"""));
        Assert.Equal("USD|2026-11-16", Bind(json, ["Cur", "Day"]).Map(["usd", "20261116"]).Record!.Key);
    }

    [Fact]
    public void Map_KeyOverride_RecordKeyFromChosenFields()
    {
        var json = File("collectors", ("email", """{ "column": "Mail" }""")).Replace("\"fields\"", "\"key\": [\"email\"], \"fields\"", StringComparison.Ordinal);
        var mapper = Bind(json, ["Mail"]);
        Assert.Equal("ann@example.com", mapper.Map(["ann@example.com"]).Record!.Key);
        mapper.Map([""]).AssertRejected("email", "key field 'email' is empty");
    }
}
