using System.Globalization;
using System.Reflection;

namespace Connector.Store.Migrations;

/// <summary>
/// The embedded migration scripts of one SQL dialect (<c>Migrations/sqlite/0001_initial.sql</c>), in version order.
/// A new schema change is a new numbered file per dialect; applied scripts are never edited.
/// </summary>
internal static class MigrationScripts
{
    public static IReadOnlyList<Migration> For(string dialect)
    {
        var assembly = typeof(MigrationScripts).Assembly;
        var prefix = $"Connector.Store.Migrations.{dialect}.";
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[prefix.Length..^".sql".Length];
            var separator = name.IndexOf('_', StringComparison.Ordinal);
            if (separator <= 0 || !int.TryParse(name.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"Migration script '{resource}' must be named NNNN_name.sql.");
            }

            migrations.Add(new Migration(version, name[(separator + 1)..], Read(assembly, resource)));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version == migrations[i - 1].Version)
            {
                throw new InvalidOperationException($"Two {dialect} migration scripts have version {migrations[i].Version}.");
            }
        }

        return migrations;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
