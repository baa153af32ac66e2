using Connector.Mapping.Canonical;
using Connector.Mapping.Loading;
using Connector.Mapping.Tests.Rows;
using static Connector.Mapping.Tests.MappingBuilder;

namespace Connector.Mapping.Tests.Loading;

public sealed class MappingLoaderTests
{
    [Fact]
    public void Load_ReadmeExample_ValidWithSourceKeyAndDataverse()
    {
        var load = MappingLoader.Load([("invoices.json", RowMapperTests.Invoices)]);

        Assert.True(load.IsValid, string.Join("\n", load.Problems));
        var mapping = load.Mappings!.Find(CanonicalEntity.Invoices)!;
        Assert.Equal("invoices.json", mapping.File);
        Assert.Equal("OPEN_ITEMS_*.csv", mapping.Source.Csv!.Pattern);
        Assert.Equal(';', mapping.Source.Csv.Delimiter);
        Assert.Null(mapping.Source.Sql);
        Assert.Equal(["id"], mapping.KeyFields);
        Assert.Equal("arc_openitem", mapping.DataverseTable);
        Assert.Equal("arc_openamount", mapping.DataverseColumns["open_amount"]);
        Assert.Null(load.Mappings.Find(CanonicalEntity.Customers));
    }

    [Fact]
    public void Load_JsonSyntaxError_ReportsLineAndColumn()
    {
        const string Json = "{\n  \"entity\": \"invoices\",\n  \"source\": { \"csv\": { \"pattern\": \"x.csv\" } }\n  \"fields\": {}\n}";
        Assert.Equal(["m.json:4:3: invalid JSON: '\"' is invalid after a value. Expected either ',', '}', or ']'."], Problems(Json));
    }

    [Fact]
    public void Load_UnknownEntity_PointsAtEntity()
    {
        const string Json = "{\n  \"source\": { \"csv\": { \"pattern\": \"x.csv\" } },\n  \"entity\": \"invoice\",\n  \"fields\": {}\n}";
        Assert.Equal(["m.json:3:3: unknown entity 'invoice' (expected one of collectors, customers, invoices, payments, orders, rates, promises)"], Problems(Json));
    }

    [Fact]
    public void Load_UnknownFieldAndMissingRequiredField_BothReported()
    {
        const string Json = """
            {
              "entity": "collectors",
              "source": { "csv": { "pattern": "x.csv" } },
              "fields": {
                "id": { "column": "Id" },
                "nmae": { "column": "Name" }
              }
            }
            """;
        Assert.Equal(
        [
            "m.json:6:5: field 'nmae': unknown field of collectors (expected one of id, name, email, territories, languages)",
            "m.json:4:3: field 'name': required field of collectors has no entry in 'fields' (give a column, columns or constant)",
        ], Problems(Json));
    }

    [Theory]
    [InlineData("{ \"transforms\": [\"trim\"] }", "expected one source ('column', 'columns' or 'constant'), got none")]
    [InlineData("{ \"column\": \"Name\", \"constant\": \"x\" }", "expected one source ('column', 'columns' or 'constant'), got 'column' and 'constant'")]
    public void Load_FieldWithoutOrWithTwoSources_Reported(string field, string message)
    {
        Assert.Equal([$"m.json: field 'name': {message}"], Problems(File("collectors", ("name", field))).Select(WithoutPosition));
    }

    [Fact]
    public void Load_UnknownTransform_PointsAtTransform()
    {
        const string Json = """
            {
              "entity": "collectors",
              "source": { "csv": { "pattern": "x.csv" } },
              "fields": {
                "id": { "column": "Id" },
                "name": { "column": "Name", "transforms": ["trim", "uppercase"] }
              }
            }
            """;
        Assert.Equal(["m.json:6:56: field 'name': unknown transform 'uppercase' (expected one of trim, upper, lower, default, constant, map, date, decimal, negate, concat, substring, regex, replace, lookup, addDays, addMonths, sign, padLeft, stripLeadingZeros, when, use)"], Problems(Json));
    }

    [Theory]
    [InlineData("""[{ "date": { "culture": "de-DE" } }]""", "'date' needs 'formats', like [\"dd.MM.yyyy\"]")]
    [InlineData("""[{ "date": { "formats": ["dd.MM.yyyy"], "culture": "xx-QQ" } }]""", "unknown culture 'xx-QQ' (expected a name like de-DE, en-US, fr-FR)")]
    [InlineData("""[{ "date": { "formats": ["dd.MM"] } }]""", "date format 'dd.MM' needs a year (y), a month (M) and a day (d)")]
    [InlineData("""["date"]""", "'date' needs arguments, like { \"date\": { \"formats\": [\"dd.MM.yyyy\"], \"culture\": \"de-DE\" } }")]
    [InlineData("""[{ "decimal": { "culture": "de-DE", "thousand": true } }]""", "unknown property 'thousand' in 'decimal' (expected culture, thousands, parentheses, currencySymbol)")]
    [InlineData("""[{ "decimal": { "thousands": "yes" } }]""", "expected 'thousands' to be true or false, got \"yes\"")]
    public void Load_BadTransformArgument_Reported(string transforms, string message)
    {
        var json = File("invoices", ("due_date", $$"""{ "column": "Due", "transforms": {{transforms}} }"""));
        var field = message.Contains("decimal", StringComparison.Ordinal) || message.Contains("thousands", StringComparison.Ordinal) ? "amount" : "due_date";
        if (field == "amount")
        {
            json = File("invoices", ("amount", $$"""{ "column": "A", "transforms": {{transforms}} }"""));
        }

        Assert.Equal([$"m.json: field '{field}': {message}"], Problems(json).Select(WithoutPosition));
    }

    [Fact]
    public void Load_InvalidRegex_Reported()
    {
        var json = File("payments", ("reference", """{ "column": "R", "transforms": [{ "regex": { "pattern": "INV-(\\d+" } }] }"""));
        var problem = Assert.Single(Problems(json));
        Assert.StartsWith("m.json:1:", problem, StringComparison.Ordinal);
        Assert.Contains("field 'reference': invalid regular expression: Invalid pattern 'INV-(\\d+' at offset 8. Not enough )'s.", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RegexGroupMissing_Reported()
    {
        var json = File("payments", ("reference", """{ "column": "R", "transforms": [{ "regex": { "pattern": "INV-\\d+" } }] }"""));
        Assert.Equal(["m.json: field 'reference': the pattern has no group 1 (groups: 0); add ( ) around the part to extract or set 'group'"], Problems(json).Select(WithoutPosition));
    }

    [Theory]
    [InlineData("amount", """[{ "date": { "formats": ["dd.MM.yyyy"] } }]""", "type mismatch: 'date' gives a date but amount is a decimal field")]
    [InlineData("due_date", """[{ "decimal": { "culture": "de-DE" } }]""", "type mismatch: 'decimal' gives a number but due_date is a date field")]
    [InlineData("amount", """["trim", "negate"]""", "type mismatch: 'negate' needs a decimal; put a 'decimal' transform before it")]
    [InlineData("po_number", """[{ "concat": {} }]""", "'concat' joins the columns of a 'columns' field; this field reads one column")]
    [InlineData("customer_id", """[{ "lookup": { "entity": "customers", "by": "id" } }, { "decimal": {} }]""", "type mismatch: 'decimal' gives a number but customer_id is a text field")]
    public void Load_TypeMismatch_Reported(string field, string transforms, string message)
    {
        var json = File("invoices", (field, $$"""{ "column": "V", "transforms": {{transforms}} }"""));
        Assert.Equal([$"m.json: field '{field}': {message}"], Problems(json).Select(WithoutPosition));
    }

    [Fact]
    public void Load_ColumnsWithoutConcat_Reported()
    {
        var json = File("invoices", ("po_number", """{ "columns": ["A", "B"], "transforms": ["trim"] }"""));
        Assert.Equal(["m.json: field 'po_number': a 'columns' field needs 'concat' as its first transform, like { \"concat\": { \"separator\": \"-\" } }"], Problems(json).Select(WithoutPosition));
    }

    [Fact]
    public void Load_ConstantThatDoesNotFit_Reported()
    {
        var json = File("invoices", ("currency", """{ "constant": "EURO" }"""));
        Assert.Equal(["m.json: field 'currency': the constant does not fit: expected a currency code (three letters), got 'EURO'"], Problems(json).Select(WithoutPosition));
    }

    [Fact]
    public void Load_FieldListedTwice_PointsAtSecondWithFirstLine()
    {
        const string Json = """
            {
              "entity": "collectors",
              "source": { "csv": { "pattern": "x.csv" } },
              "fields": {
                "id": { "column": "Id" },
                "name": { "column": "Name" },
                "id": { "column": "Number" }
              }
            }
            """;
        Assert.Equal(["m.json:7:5: field 'id': listed twice in 'fields' (first on line 5)"], Problems(Json));
    }

    [Fact]
    public void Load_PropertyTwice_Reported()
    {
        const string Json = "{ \"entity\": \"collectors\",\n  \"entity\": \"collectors\", \"source\": { \"csv\": { \"pattern\": \"x\" } }, \"fields\": { \"id\": { \"column\": \"a\" }, \"name\": { \"column\": \"b\" } } }";
        Assert.Equal(["m.json:2:3: property 'entity' appears twice (first on line 1)"], Problems(Json));
    }

    [Fact]
    public void Load_TwoFilesSameEntity_SecondReported()
    {
        var load = MappingLoader.Load([("a.json", File("collectors")), ("b.json", File("collectors"))]);
        Assert.False(load.IsValid);
        Assert.Null(load.Mappings);
        Assert.Equal(["b.json:1:2: entity 'collectors' is already mapped by a.json (one file per entity)"], load.Problems.Select(p => p.ToString()));
    }

    [Theory]
    [InlineData("""{ "values": { "RV": "invoice" } }""", "a value map needs an 'unmapped' policy: \"error\", \"default\" or \"empty\" (what to do with a value the map does not list)")]
    [InlineData("""{ "values": { "RV": "invoice" }, "unmapped": "default" }""", "unmapped: \"default\" needs a 'default' value")]
    [InlineData("""{ "values": { "RV": "invoice" }, "unmapped": "ignore" }""", "unknown unmapped policy 'ignore' (expected error, default or empty)")]
    public void Load_ValueMapPolicyMissingOrBad_Reported(string map, string message)
    {
        var json = File("invoices", ("type", $$"""{ "column": "T", "transforms": [{ "map": {{map}} }] }"""));
        Assert.Equal([$"m.json: field 'type': {message}"], Problems(json).Select(WithoutPosition));
    }

    [Theory]
    [InlineData("""{ "constant": "x", "position": 2 }""", "'position' picks one of the columns named by 'column' (a header that names it twice); give it with 'column'")]
    [InlineData("""{ "column": "N", "position": 0 }""", "expected 'position' to be a whole number of at least 1, got 0")]
    public void Load_PositionWithoutColumnOrBelowOne_Reported(string field, string message)
    {
        Assert.Equal([$"m.json: field 'name': {message}"], Problems(File("collectors", ("name", field))).Select(WithoutPosition));
    }

    [Theory]
    [InlineData("""{ "column": "S" }""", "filter 1 needs one test: equals, notEquals, in, notIn, matches, empty")]
    [InlineData("""{ "column": "S", "equals": "A", "in": ["B"] }""", "filter 1 has 2 tests (equals, in); give one per filter (add another filter for the other)")]
    public void Load_FilterWithoutOrWithTwoTests_Reported(string filter, string message)
    {
        var json = File("collectors").Replace("\"fields\"", $"\"filters\": [{filter}], \"fields\"", StringComparison.Ordinal);
        Assert.Equal([$"m.json: {message}"], Problems(json).Select(WithoutPosition));
    }

    [Theory]
    [InlineData("""{ "entity": "customer", "by": "email" }""", "unknown entity 'customer' (expected one of collectors, customers, invoices, payments, orders, rates, promises)")]
    [InlineData("""{ "entity": "customers", "by": "mail" }""", "unknown field 'mail' of customers (expected one of id, name, currency, payment_terms_days, credit_limit, parent_id, risk_class, collector, territory, email, manual_hold, requires_po)")]
    public void Load_LookupOfUnknownEntityOrField_Reported(string lookup, string message)
    {
        var json = File("payments", ("customer_id", $$"""{ "column": "E", "transforms": [{ "lookup": {{lookup}} }] }"""));
        Assert.Equal([$"m.json: field 'customer_id': {message}"], Problems(json).Select(WithoutPosition));
    }

    [Fact]
    public void Load_WatermarkWithoutParameter_PointsAtQuery()
    {
        const string Json = """
            {
              "entity": "collectors",
              "source": {
                "sql": { "query": "SELECT * FROM collectors", "watermarkColumn": "changed_at" }
              },
              "fields": { "id": { "column": "Id" }, "name": { "column": "Name" } }
            }
            """;
        Assert.Equal(["m.json:4:14: with watermarkColumn 'changed_at' the query must use @watermark (like WHERE changed_at > @watermark ORDER BY changed_at)"], Problems(Json));
    }

    [Fact]
    public void Load_SqlWithWatermark_Valid()
    {
        var json = File("collectors").Replace("""{"csv":{"pattern":"collectors*.csv"}}""", """{ "sql": { "query": "SELECT * FROM c WHERE changed_at > @watermark", "watermarkColumn": "changed_at", "initialWatermark": "2000-01-01" } }""", StringComparison.Ordinal);
        var sql = Load(json).Source.Sql!;
        Assert.Equal("changed_at", sql.WatermarkColumn);
        Assert.Equal("2000-01-01", sql.InitialWatermark);
    }

    [Fact]
    public void Load_SourceWithNeitherCsvNorSql_Reported()
    {
        var json = File("collectors").Replace("""{"csv":{"pattern":"collectors*.csv"}}""", "{}", StringComparison.Ordinal);
        Assert.Equal(["m.json: expected 'csv' or 'sql' (or both) in 'source', got neither"], Problems(json).Select(WithoutPosition));
    }

    [Fact]
    public void Load_DataverseColumnNotInSolution_ReportedOnlyWhenColumnsKnown()
    {
        var json = File("collectors").Replace("\"fields\"", """ "dataverse": { "table": "arc_collector", "columns": { "id": "arc_name", "name": "arc_fullname" } }, "fields" """, StringComparison.Ordinal);
        var options = new MappingLoadOptions { DataverseColumns = new HashSet<string> { "arc_collector.arc_name" } };

        Assert.Equal(["m.json: field 'name': Dataverse column 'arc_fullname' of table 'arc_collector' is not defined in the solution package"], Problems(json, options: options).Select(WithoutPosition));
        Assert.Empty(Problems(json));
    }

    [Fact]
    public void Load_UnknownTopLevelProperty_Reported()
    {
        var json = File("collectors").Replace("\"fields\"", "\"filter\": [], \"fields\"", StringComparison.Ordinal);
        Assert.Equal(["m.json: unknown property 'filter' in a mapping file (expected $schema, entity, source, key, headerAliases, filters, transforms, fields, dataverse)"], Problems(json).Select(WithoutPosition));
    }

    [Fact]
    public void LoadDirectory_SeveralBrokenFiles_EveryProblemAtOnceAndSchemaSkipped()
    {
        var directory = Directory.CreateTempSubdirectory("mappings-");
        try
        {
            System.IO.File.WriteAllText(Path.Combine(directory.FullName, "mapping.schema.json"), "{ not a mapping");
            System.IO.File.WriteAllText(Path.Combine(directory.FullName, "collectors.json"), File("collectors"));
            System.IO.File.WriteAllText(Path.Combine(directory.FullName, "customers.json"), "{\n  \"entity\": \"customers\",\n}}");
            System.IO.File.WriteAllText(Path.Combine(directory.FullName, "invoices.json"), File("invoices",
                ("type", """{ "column": "T", "transforms": [{ "map": { "values": {} } }] }"""),
                ("amount", """{ "column": "A", "transforms": ["negate"] }""")));
            System.IO.File.WriteAllText(Path.Combine(directory.FullName, "notes.txt"), "not json");

            var load = MappingLoader.LoadDirectory(directory.FullName);

            Assert.False(load.IsValid);
            Assert.Equal(
            [
                ("customers.json", "invalid JSON: '}' is invalid after a single JSON value. Expected end of data."),
                ("invoices.json", "a value map needs an 'unmapped' policy: \"error\", \"default\" or \"empty\" (what to do with a value the map does not list)"),
                ("invoices.json", "type mismatch: 'negate' needs a decimal; put a 'decimal' transform before it"),
            ], load.Problems.Select(p => (Path.GetFileName(p.File), p.Message)));
            Assert.Equal((3, 2), (load.Problems[0].Line, load.Problems[0].Column));
            Assert.StartsWith(directory.FullName, load.Problems[0].File, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void LoadDirectory_Missing_OneProblem()
    {
        var load = MappingLoader.LoadDirectory(Path.Combine(Path.GetTempPath(), "no-such-mappings-" + Guid.NewGuid()));
        Assert.Equal("mapping folder not found", Assert.Single(load.Problems).Message);
    }

    [Theory]
    [InlineData(12, 7, "amount", "m.json:12:7: field 'amount': bad")]
    [InlineData(12, null, null, "m.json:12: bad")]
    [InlineData(null, null, null, "m.json: bad")]
    public void MappingProblem_ToString_OmitsMissingParts(int? line, int? column, string? field, string expected)
    {
        Assert.Equal(expected, new MappingProblem("m.json", line, column, field, "bad").ToString());
    }

    private static string WithoutPosition(string problem)
    {
        var parts = problem.Split(": ", 2);
        return parts[0].Split(':')[0] + ": " + parts[1];
    }
}
