using System.Text.Json;
using Connector.Mapping.Transforms;

namespace Connector.Mapping.Loading;

/// <summary>
/// Reads lists of transforms and the file's named chains (the top-level <c>transforms</c>: <c>"sapAmount": [ … ]</c>).
/// Each chain is read and checked once, where it is defined; a <c>{ "use": "sapAmount" }</c> in a field (or in a
/// <c>when</c> branch, or in another chain) puts the chain's transforms in its place. Each transform keeps the path
/// it was written at, so a type problem found for one field points into the chain.
/// </summary>
internal sealed class TransformListReader
{
    private const string ChainsPath = "transforms";

    private readonly MappingFileContext context;
    private readonly Dictionary<string, JsonElement> definitions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<LocatedTransform>?> compiled = new(StringComparer.Ordinal);
    private readonly List<string> reading = [];

    private TransformListReader(MappingFileContext context) => this.context = context;

    /// <summary>Reads the chains of <paramref name="root"/> (every one, used or not, so each problem is reported once).</summary>
    public static TransformListReader Create(MappingFileContext context, JsonElement root)
    {
        var reader = new TransformListReader(context);
        if (root.TryGetProperty(ChainsPath, out var chains) && context.IsObject(chains, ChainsPath, null, "'transforms' (named transform chains)"))
        {
            foreach (var chain in chains.EnumerateObject())
            {
                reader.definitions.TryAdd(chain.Name, chain.Value);
            }

            foreach (var name in reader.definitions.Keys)
            {
                reader.Chain(name, ChainsPath, null);
            }
        }

        return reader;
    }

    /// <summary>The transforms of a JSON list, chains expanded; a bad entry is reported and left out.</summary>
    public List<LocatedTransform> ReadList(JsonElement list, string path, string? field)
    {
        var transforms = new List<LocatedTransform>();
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var itemPath = $"{path}[{i++}]";
            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("use", out var use) && item.EnumerateObject().Count() == 1)
            {
                var usePath = MappingFileContext.Join(itemPath, "use");
                if (use.ValueKind != JsonValueKind.String)
                {
                    context.Report(usePath, field, $"expected 'use' to name a chain of the top-level 'transforms', got {MappingFileContext.Kind(use)}");
                }
                else if (Chain(use.GetString()!, usePath, field) is { } chain)
                {
                    transforms.AddRange(chain);
                }

                continue;
            }

            if (TransformReader.Read(context, item, itemPath, field, this) is { } transform)
            {
                transforms.Add(new LocatedTransform(transform, itemPath));
            }
        }

        return transforms;
    }

    private List<LocatedTransform>? Chain(string name, string usePath, string? field)
    {
        if (compiled.TryGetValue(name, out var done))
        {
            return done;
        }

        if (!definitions.TryGetValue(name, out var definition))
        {
            var defined = definitions.Count == 0 ? "the file defines none in a top-level 'transforms'" : "defined: " + string.Join(", ", definitions.Keys);
            context.Report(usePath, field, $"unknown transform chain '{name}' ({defined})");
            return null;
        }

        if (reading.Contains(name, StringComparer.Ordinal))
        {
            context.Report(usePath, field, $"transform chain '{name}' uses itself ({string.Join(" → ", reading.SkipWhile(n => n != name))} → {name})");
            return null;
        }

        var path = MappingFileContext.Join(ChainsPath, name);
        if (definition.ValueKind != JsonValueKind.Array)
        {
            context.Report(path, null, $"expected transform chain '{name}' to be a list of transforms [ … ], got {MappingFileContext.Kind(definition)}");
            compiled[name] = null;
            return null;
        }

        reading.Add(name);
        var before = context.ProblemCount;
        var chain = ReadList(definition, path, null);
        reading.RemoveAt(reading.Count - 1);
        compiled[name] = context.ProblemCount == before ? chain : null;
        return compiled[name];
    }
}
