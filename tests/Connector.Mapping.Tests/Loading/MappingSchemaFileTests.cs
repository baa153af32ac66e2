using System.Text.Json.Nodes;
using Connector.Mapping.Canonical;
using Connector.Mapping.Loading;

namespace Connector.Mapping.Tests.Loading;

/// <summary>The editor schema beside the mapping files must offer exactly what the loader accepts.</summary>
public sealed class MappingSchemaFileTests
{
    private static readonly JsonNode Schema = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "mappings", MappingLoader.SchemaFileName)))!;

    [Fact]
    public void Schema_EntityEnum_MatchesCanonicalEntities()
    {
        Assert.Equal(CanonicalSchema.All.Select(s => s.Name), Schema["properties"]!["entity"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public void Schema_FieldNamesPerEntity_MatchCanonicalFields()
    {
        foreach (var rule in Schema["allOf"]!.AsArray())
        {
            var entity = CanonicalSchema.Find(rule!["if"]!["properties"]!["entity"]!["const"]!.GetValue<string>())!;
            var names = rule["then"]!["properties"]!["fields"]!["propertyNames"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>());
            Assert.Equal(entity.Fields.Select(f => f.Name), names);
        }
    }

    [Fact]
    public void Schema_TransformNames_MatchTransformReader()
    {
        var forms = Schema["$defs"]!["transform"]!["oneOf"]!.AsArray();
        var names = forms[0]!["enum"]!.AsArray().Select(n => n!.GetValue<string>())
            .Concat(forms.Skip(1).Select(f => f!["required"]![0]!.GetValue<string>()))
            .ToHashSet();
        Assert.Equal(TransformReader.Names.Order(), names.Order());
    }

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
