using static Connector.Mapping.Tests.MappingBuilder;

namespace Connector.Mapping.Tests.Loading;

/// <summary>What an admin reads when a new transform or a named chain is written wrong: file, place, field and what was expected.</summary>
public sealed class TransformChainLoadingTests
{
    [Fact]
    public void Load_UseOfUnknownChain_NamesTheChainsDefined()
    {
        var json = WithChains("""{ "sapAmount": ["trim"] }""", ("po_number", """{ "column": "V", "transforms": [{ "use": "sapAmuont" }] }"""));
        Assert.Equal(["m.json: field 'po_number': unknown transform chain 'sapAmuont' (defined: sapAmount)"], Problems(json).Select(WithoutPosition));
    }

    [Fact]
    public void Load_ChainThatUsesItself_ReportedWithTheCycle()
    {
        var json = WithChains("""{ "a": [{ "use": "b" }], "b": ["trim", { "use": "a" }] }""", ("po_number", """{ "column": "V", "transforms": [{ "use": "a" }] }"""));
        Assert.Contains("m.json: transforms.b[1].use: transform chain 'a' uses itself (a → b → a)", Problems(json).Select(WithoutPosition));
    }

    [Fact]
    public void Load_ChainProblem_ReportedOnceWhereDefinedWithItsPath()
    {
        var json = WithChains(
            """{ "sapDate": [{ "date": { "formats": ["dd.MM.yyyy"], "cultur": "de-DE" } }] }""",
            ("document_date", """{ "column": "BLDAT", "transforms": [{ "use": "sapDate" }] }"""),
            ("due_date", """{ "column": "ZFBDT", "transforms": [{ "use": "sapDate" }] }"""));
        Assert.Equal(
            ["m.json: transforms.sapDate[0].date.cultur: unknown property 'cultur' in 'date' (expected formats, culture)"],
            Problems(json).Select(WithoutPosition));
    }

    [Fact]
    public void Load_ChainUnfitForOneField_NamesChainPathAndThatField()
    {
        var json = WithChains(
            """{ "sapAmount": [{ "decimal": { "culture": "de-DE" } }, { "sign": { "column": "SHKZG", "negative": "H", "positive": "S" } }] }""",
            ("amount", """{ "column": "WRBTR", "transforms": [{ "use": "sapAmount" }] }"""),
            ("due_date", """{ "column": "ZFBDT", "transforms": [{ "use": "sapAmount" }] }"""));
        Assert.Equal(
        [
            "m.json: transforms.sapAmount[0]: field 'due_date': type mismatch: 'decimal' gives a number but due_date is a date field",
            "m.json: transforms.sapAmount[1]: field 'due_date': type mismatch: 'sign' gives a number but due_date is a date field",
        ], Problems(json).Select(WithoutPosition));
    }

    [Theory]
    [InlineData("""[{ "addDays": { "column": "ZBD1T" } }]""", "type mismatch: 'addDays' needs a date; put a 'date' transform before it")]
    [InlineData("""[{ "date": { "formats": ["dd.MM.yyyy"] } }, { "addDays": "30" }]""", "'addDays' needs a number of days ({ \"addDays\": 30 }) or a column that holds it ({ \"addDays\": { \"column\": \"ZBD1T\" } }), got \"30\"")]
    [InlineData("""[{ "date": { "formats": ["dd.MM.yyyy"] } }, { "addMonths": 1.5 }]""", "expected a whole number of months for 'addMonths', got 1.5")]
    [InlineData("""[{ "date": { "formats": ["dd.MM.yyyy"] } }, { "addDays": { "column": "ZBD1T", "default": "0" } }]""", "expected 'default' to be a whole number of days (used when the column is empty), got \"0\"")]
    public void Load_AddDaysWrittenWrong_SaysWhatWasExpected(string transforms, string message)
    {
        var json = File("invoices", ("due_date", $$"""{ "column": "ZFBDT", "transforms": {{transforms}} }"""));
        Assert.Equal([$"m.json: field 'due_date': {message}"], Problems(json).Select(WithoutPosition));
    }

    [Theory]
    [InlineData("""[{ "sign": { "column": "SHKZG", "negative": "H", "positive": "S" } }]""", "type mismatch: 'sign' needs a number; put a 'decimal' transform before it")]
    [InlineData("""[{ "decimal": {} }, { "sign": { "column": "SHKZG", "negative": "H" } }]""", "missing 'positive' (the indicator values for a positive amount, like \"S\" or [\"S\"])")]
    [InlineData("""[{ "decimal": {} }, { "sign": { "column": "SHKZG", "negative": ["H", "S"], "positive": "S" } }]""", "indicator 'S' is listed as both negative and positive")]
    public void Load_SignWrittenWrong_SaysWhatWasExpected(string transforms, string message)
    {
        var json = File("invoices", ("amount", $$"""{ "column": "WRBTR", "transforms": {{transforms}} }"""));
        Assert.Equal([$"m.json: field 'amount': {message}"], Problems(json).Select(WithoutPosition));
    }

    [Theory]
    [InlineData("""{ "when": { "column": "X", "then": "a" } }""", "'when' needs one test: equals, notEquals, in, notIn, matches, empty")]
    [InlineData("""{ "when": { "equals": "H", "in": ["S"], "then": "a" } }""", "'when' has 2 tests (equals, in); give one (nest another 'when' in 'then' or 'else' for more)")]
    [InlineData("""{ "when": { "equals": "H" } }""", "'when' needs 'then': a value (\"credit_memo\") or a list of transforms")]
    [InlineData("""{ "when": { "equals": "H", "then": { "x": 1 } } }""", "expected 'then' to be a value or a list of transforms [ … ], got an object")]
    [InlineData("""{ "padLeft": { "length": 0 } }""", "expected 'length' to be a whole number of at least 1, got 0")]
    [InlineData("""{ "padLeft": { "length": 10, "char": "00" } }""", "expected 'char' to be one character, got '00'")]
    [InlineData("""{ "stripLeadingZeros": { "keep": 1 } }""", "'stripLeadingZeros' takes no arguments; write \"stripLeadingZeros\"")]
    public void Load_NewTransformWrittenWrong_SaysWhatWasExpected(string transform, string message)
    {
        var json = File("invoices", ("po_number", $$"""{ "column": "V", "transforms": [{{transform}}] }"""));
        Assert.Equal([$"m.json: field 'po_number': {message}"], Problems(json).Select(WithoutPosition));
    }

    [Fact]
    public void Load_ChainProblem_PointsAtLineOfTheChainEntry()
    {
        const string Json = """
            {
              "entity": "collectors",
              "source": { "csv": { "pattern": "x.csv" } },
              "transforms": {
                "clean": ["trim",
                          "uppercase"]
              },
              "fields": { "id": { "column": "Id", "transforms": [{ "use": "clean" }] }, "name": { "column": "Name" } }
            }
            """;
        Assert.StartsWith("m.json:6:15: transforms.clean[1]: unknown transform 'uppercase'", Problems(Json).Single(), StringComparison.Ordinal);
    }

    private static string WithChains(string chains, params (string Field, string Json)[] fields) =>
        File("invoices", fields).Replace("\"fields\"", $"\"transforms\": {chains}, \"fields\"", StringComparison.Ordinal);

    private static string WithoutPosition(string problem)
    {
        var parts = problem.Split(": ", 2);
        return parts[0].Split(':')[0] + ": " + parts[1];
    }
}
