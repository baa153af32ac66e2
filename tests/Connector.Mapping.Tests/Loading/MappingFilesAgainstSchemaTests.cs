using System.Text.Json;
using Connector.Mapping.Loading;
using Json.Schema;

namespace Connector.Mapping.Tests.Loading;

/// <summary>
/// Every mapping file under <c>mappings/</c> (the shipped set and the examples in subfolders) names the one schema with a
/// <c>$schema</c> path relative to its own folder, as an editor resolves it, and passes that schema.
/// </summary>
public sealed class MappingFilesAgainstSchemaTests
{
    private static readonly string MappingsFolder = Path.Combine(RepositoryRoot(), "mappings");
    private static readonly string SchemaPath = Path.Combine(MappingsFolder, MappingLoader.SchemaFileName);
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(SchemaPath), baseUri: new Uri(SchemaPath)));

    public static TheoryData<string> MappingFiles() => [.. Files()];

    [Fact]
    public void MappingFiles_IncludeTheSapExample()
    {
        Assert.Contains(Path.Combine("examples", "sap-fi-ar", "invoices.json"), Files());
    }

    [Theory]
    [MemberData(nameof(MappingFiles))]
    public void SchemaReference_FromTheFilesFolder_ResolvesToTheMappingSchema(string file)
    {
        var path = Path.Combine(MappingsFolder, file);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var reference = document.RootElement.GetProperty("$schema").GetString()!;

        Assert.Equal(SchemaPath, Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, reference)));
    }

    [Theory]
    [MemberData(nameof(MappingFiles))]
    public void MappingFile_AsAnEditorChecksIt_PassesTheSchema(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(MappingsFolder, file)));

        var result = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(result.IsValid, string.Join("\n", (result.Details ?? []).Where(static d => d.Errors is not null).SelectMany(static d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
    }

    [Theory]
    [InlineData("""{ "addDays": { "column": "ZBD1T", "default": "0" } }""")]
    [InlineData("""{ "sign": { "column": "SHKZG", "negative": "H" } }""")]
    [InlineData("""{ "when": { "equals": "H", "in": ["S"], "then": "x" } }""")]
    [InlineData("""{ "use": 3 }""")]
    [InlineData("""{ "padLeft": { "length": 10, "char": "00" } }""")]
    public void Schema_NewTransformWrittenWrong_EditorFlagsIt(string transform)
    {
        var json = $$"""
            {
              "entity": "invoices",
              "source": { "csv": { "pattern": "x.csv" } },
              "transforms": { "chain": [{{transform}}] },
              "fields": { "id": { "column": "V" } }
            }
            """;
        using var document = JsonDocument.Parse(json);

        Assert.False(Schema.Value.Evaluate(document.RootElement).IsValid);
    }

    private static IEnumerable<string> Files() =>
        Directory.EnumerateFiles(MappingsFolder, "*.json", SearchOption.AllDirectories)
            .Where(static f => !string.Equals(Path.GetFileName(f), MappingLoader.SchemaFileName, StringComparison.Ordinal))
            .Select(static f => Path.GetRelativePath(MappingsFolder, f))
            .Order(StringComparer.Ordinal);

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Connector.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Connector.sln not found above " + AppContext.BaseDirectory);
    }
}
