using System.Text;

namespace Connector.Mapping.Loading;

/// <summary>
/// Loads every mapping file of a folder and checks them all, reporting every problem at once (an admin
/// fixes a file in one pass instead of one error per run). The set is usable only when nothing is wrong.
/// </summary>
public static class MappingLoader
{
    /// <summary>The JSON schema that sits beside the mapping files; it is not a mapping.</summary>
    public const string SchemaFileName = "mapping.schema.json";

    /// <summary>Loads all <c>*.json</c> files of <paramref name="directory"/> except <see cref="SchemaFileName"/>.</summary>
    public static MappingLoad LoadDirectory(string directory, MappingLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory))
        {
            return new MappingLoad(null, [new MappingProblem(directory, null, null, null, "mapping folder not found")]);
        }

        var files = Directory.EnumerateFiles(directory, "*.json")
            .Where(f => !string.Equals(Path.GetFileName(f), SchemaFileName, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            return new MappingLoad(null, [new MappingProblem(directory, null, null, null, "no mapping files (*.json) in the folder")]);
        }

        return Load(files.Select(f => (f, File.ReadAllBytes(f))), options);
    }

    /// <summary>Loads mapping files given as text (tests, or files read elsewhere).</summary>
    public static MappingLoad Load(IEnumerable<(string File, string Json)> files, MappingLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        return Load(files.Select(f => (f.File, Encoding.UTF8.GetBytes(f.Json))), options);
    }

    private static MappingLoad Load(IEnumerable<(string File, byte[] Utf8)> files, MappingLoadOptions? options)
    {
        options ??= new MappingLoadOptions();
        var problems = new List<MappingProblem>();
        var mappings = new List<EntityMapping>();
        var claimed = new Dictionary<Canonical.CanonicalEntity, string>();
        foreach (var (file, utf8) in files)
        {
            var result = MappingFileReader.Read(file, utf8, options, problems);
            if (result.Entity is null)
            {
                continue;
            }

            if (!claimed.TryAdd(result.Entity.Entity, file))
            {
                problems.Add(new MappingProblem(file, result.Line, result.Column, null,
                    $"entity '{result.Entity.Name}' is already mapped by {claimed[result.Entity.Entity]} (one file per entity)"));
                continue;
            }

            if (result.Mapping is not null)
            {
                mappings.Add(result.Mapping);
            }
        }

        return problems.Count > 0 ? new MappingLoad(null, problems) : new MappingLoad(new MappingSet(mappings), problems);
    }
}
