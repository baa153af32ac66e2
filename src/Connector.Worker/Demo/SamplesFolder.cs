using System.Globalization;
using System.Text.Json;

namespace Connector.Worker.Demo;

/// <summary>
/// The sample company (<c>samples/</c>): found upward from the working directory or the application
/// folder, described by <c>manifest.json</c> (<c>{"asOf": "2026-06-30", "companyCurrency": "USD"}</c>).
/// </summary>
public sealed record SamplesFolder(string Path, DateOnly? AsOf, string? CompanyCurrency)
{
    public const string FolderName = "samples";
    public const string ManifestName = "manifest.json";

    /// <summary>Finds the samples folder; <c>null</c> when there is none. <paramref name="explicitPath"/> wins when given.</summary>
    public static string? Locate(string? explicitPath)
    {
        if (explicitPath is not null)
        {
            return Directory.Exists(explicitPath) ? System.IO.Path.GetFullPath(explicitPath) : null;
        }

        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = System.IO.Path.Combine(directory.FullName, FolderName);
                if (File.Exists(System.IO.Path.Combine(candidate, ManifestName)))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Reads the manifest if present; a malformed manifest is an error the user must fix.</summary>
    public static SamplesFolder Read(string path)
    {
        var manifestPath = System.IO.Path.Combine(path, ManifestName);
        if (!File.Exists(manifestPath))
        {
            return new(path, null, null);
        }

        var manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(manifestPath), ManifestOptions)
            ?? throw new FormatException($"{ManifestName}: expected a JSON object");
        DateOnly? asOf = null;
        if (manifest.AsOf is { } text)
        {
            asOf = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date
                : throw new FormatException($"{ManifestName}: 'asOf': expected a date yyyy-MM-dd, got '{text}'");
        }

        return new(path, asOf, manifest.CompanyCurrency);
    }

    private static readonly JsonSerializerOptions ManifestOptions = new() { PropertyNameCaseInsensitive = true };

    private sealed record Manifest(string? AsOf, string? CompanyCurrency);
}
