using System.Text.Json.Nodes;
using Connector.Mapping.Loading;
using Connector.Mapping.Lookups;
using Connector.Mapping.Rows;

namespace Connector.Mapping.Tests;

/// <summary>Builds small mapping files for tests: every required field a constant, except the ones a test gives.</summary>
internal static class MappingBuilder
{
    private static readonly Dictionary<string, Dictionary<string, string>> Defaults = new()
    {
        ["collectors"] = new() { ["id"] = "COL1", ["name"] = "Ann Smith" },
        ["customers"] = new() { ["id"] = "C1", ["name"] = "Acme", ["currency"] = "EUR", ["payment_terms_days"] = "30" },
        ["invoices"] = new()
        {
            ["id"] = "I1",
            ["customer_id"] = "C1",
            ["type"] = "invoice",
            ["document_date"] = "2026-01-01",
            ["due_date"] = "2026-01-31",
            ["amount"] = "100",
            ["open_amount"] = "0",
            ["currency"] = "EUR",
            ["status"] = "open",
        },
        ["payments"] = new() { ["id"] = "P1", ["date"] = "2026-01-01", ["amount"] = "100", ["currency"] = "EUR" },
        ["orders"] = new()
        {
            ["id"] = "O1",
            ["customer_id"] = "C1",
            ["amount"] = "100",
            ["uninvoiced_amount"] = "100",
            ["currency"] = "EUR",
            ["status"] = "open",
            ["source"] = "erp",
        },
        ["rates"] = new() { ["currency"] = "EUR", ["date"] = "2026-01-01", ["rate"] = "1.08" },
        ["promises"] = new() { ["customer_id"] = "C1", ["promised_on"] = "2026-01-01", ["due_date"] = "2026-02-01", ["amount"] = "10" },
    };

    /// <summary>A mapping file of <paramref name="entity"/> whose <paramref name="fields"/> (JSON objects) replace the constant defaults.</summary>
    public static string File(string entity, params (string Field, string Json)[] fields)
    {
        var fieldsNode = new JsonObject();
        foreach (var (name, value) in Defaults[entity])
        {
            fieldsNode[name] = new JsonObject { ["constant"] = value };
        }

        foreach (var (name, json) in fields)
        {
            fieldsNode[name] = JsonNode.Parse(json);
        }

        var root = new JsonObject
        {
            ["entity"] = entity,
            ["source"] = new JsonObject { ["csv"] = new JsonObject { ["pattern"] = entity + "*.csv" } },
            ["fields"] = fieldsNode,
        };
        return root.ToJsonString();
    }

    public static EntityMapping Load(string json, string file = "test.json")
    {
        var load = MappingLoader.Load([(file, json)]);
        Assert.True(load.IsValid, string.Join(Environment.NewLine, load.Problems));
        return load.Mappings!.Mappings[0];
    }

    public static RowMapper Bind(string json, IReadOnlyList<string> header, IKeyLookup? lookup = null)
    {
        var bound = Load(json).Bind(header, lookup);
        Assert.True(bound.Mapper is not null, bound.Problem);
        return bound.Mapper!;
    }

    /// <summary>Maps <paramref name="value"/> (column V) through <paramref name="field"/>'s transforms; the other fields are constants.</summary>
    public static MapResult MapOne(string entity, string field, string transforms, string value, IKeyLookup? lookup = null)
    {
        var json = File(entity, (field, $$"""{ "column": "V", "transforms": {{transforms}} }"""));
        return Bind(json, ["V"], lookup).Map([value]);
    }

    /// <summary>The canonical value of <paramref name="field"/> after mapping, failing the test when the row was not mapped.</summary>
    public static string? Value(this MapResult result, string field)
    {
        Assert.True(result.Outcome == MapOutcome.Mapped, $"{result.Outcome}: {result.Field}: {result.Reason}");
        return result.Record!.Values[Connector.Mapping.Canonical.CanonicalSchema.Of(result.Record.Entity).IndexOf(field)];
    }

    public static void AssertRejected(this MapResult result, string field, string reason)
    {
        Assert.Equal(MapOutcome.Rejected, result.Outcome);
        Assert.Equal(field, result.Field);
        Assert.Equal(reason, result.Reason);
    }

    /// <summary>The problems of loading one file, as their one-line texts.</summary>
    public static List<string> Problems(string json, string file = "m.json", MappingLoadOptions? options = null) =>
        [.. MappingLoader.Load([(file, json)], options).Problems.Select(p => p.ToString())];
}
