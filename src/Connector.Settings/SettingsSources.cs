using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;

namespace Connector.Settings;

/// <summary>
/// Where the settings came from: the JSON files read at start (the embedded defaults, the <c>--config</c> file), so a
/// problem with a setting names the file and line that gave it (<c>settings.json:4:5: Credit:OverdueAgeDays: …</c>),
/// or the environment; and which top-level sections of those files the host does not read.
/// </summary>
public sealed class SettingsSources(IConfiguration configuration, IReadOnlyList<SettingsFile> files)
{
    public IReadOnlyList<SettingsFile> Files { get; } = files;

    /// <summary>
    /// Where the value of <paramref name="key"/> that is in force comes from, as the start of a message:
    /// <c>settings.json:4:5: </c>, <c>environment: </c>, or nothing when it comes from the connector itself.
    /// </summary>
    public string At(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (configuration is not IConfigurationRoot root)
        {
            return string.Empty;
        }

        // Later providers win: the first one from the end that has the key gave the value.
        foreach (var provider in root.Providers.Reverse())
        {
            if (!provider.TryGet(key, out _) && !provider.GetChildKeys([], key).Any())
            {
                continue;
            }

            return provider switch
            {
                JsonConfigurationProvider { Source: { FileProvider: { } fileProvider, Path: { } path } }
                    when Files.FirstOrDefault(f => f.FullPath == fileProvider.GetFileInfo(path).PhysicalPath) is { } file
                    => file.Find(key) is var (line, column) ? $"{file.Name}:{line}:{column}: " : $"{file.Name}: ",
                EnvironmentVariablesConfigurationProvider => "environment: ",
                _ => string.Empty,
            };
        }

        return string.Empty;
    }

    /// <summary>
    /// A top-level section a settings file gives one value instead of settings (<c>"Ingest": 5</c>): the binder would ignore it
    /// and keep every default. Only files: the environment holds variables that merely share a section's name.
    /// </summary>
    public string? ScalarSection(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var at = At(section.Path);
        return string.IsNullOrEmpty(section.Value) || at.Length == 0 || at == "environment: "
            ? null
            : $"{at}{section.Path}: expected a section {{ \"Setting\": value, … }}, got '{section.Value}'";
    }

    /// <summary>A problem with the value of <paramref name="key"/>, where it came from first: <c>settings.json:4:5: Credit:OverdueAgeDays: expected …</c>.</summary>
    public string Describe(string key, string problem) => $"{At(key)}{key}: {problem}";

    /// <summary>
    /// Each top-level section of a settings file that is not one of <paramref name="known"/>, one line each:
    /// <c>settings.json:3:3: unknown section 'Credt' (did you mean 'Credit'?); known sections: Aging, …</c>.
    /// Environment variables are not checked: the environment holds much besides the connector's settings.
    /// </summary>
    public IReadOnlyList<string> UnknownSections(IReadOnlyCollection<string> known)
    {
        ArgumentNullException.ThrowIfNull(known);
        var list = string.Join(", ", known.Order(StringComparer.Ordinal));
        return
        [
            .. from file in Files
               from section in file.Sections
               // "$schema" and the like are for editors, not sections.
               where !section.Name.StartsWith('$') && !known.Contains(section.Name, StringComparer.OrdinalIgnoreCase)
               let question = Suggestions.DidYouMean(section.Name, known)
               let hint = question.Length == 0 ? string.Empty : $" ({question})"
               select $"{file.Name}:{section.Line}:{section.Column}: unknown section '{section.Name}'{hint}; known sections: {list}",
        ];
    }
}
