using System.Globalization;
using System.Text.RegularExpressions;

namespace Connector.Sync.Collections;

/// <summary>
/// The dunning email templates of a folder (Liquid, see <see cref="LiquidTemplate"/> for the subset), parsed once at start: <c>level-{n}.{language}.liquid</c>. A syntax error
/// stops the load with one line naming the file and line; a missing level or language is only a problem when a mail
/// needs it, and a language without its own file falls back to <see cref="FallbackLanguage"/>.
/// </summary>
public sealed partial class DunningTemplates
{
    public const string FallbackLanguage = "en";
    private const string SubjectPrefix = "subject:";

    private readonly Dictionary<(int Level, string Language), DunningTemplate> templates;

    private DunningTemplates(string directory, Dictionary<(int Level, string Language), DunningTemplate> templates)
    {
        Directory = directory;
        this.templates = templates;
    }

    public string Directory { get; }

    /// <summary>Every (level, language) found, in order.</summary>
    public IReadOnlyList<(int Level, string Language)> Available =>
        [.. templates.Keys.OrderBy(static k => k.Level).ThenBy(static k => k.Language, StringComparer.Ordinal)];

    /// <exception cref="DunningTemplateException">The folder is missing, a file is misnamed, lacks its subject line or does not parse.</exception>
    public static DunningTemplates Load(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!System.IO.Directory.Exists(directory))
        {
            throw new DunningTemplateException(
                $"{directory}: the dunning templates folder does not exist (Dunning:TemplatesDirectory).", directory, null);
        }

        var templates = new Dictionary<(int Level, string Language), DunningTemplate>();
        foreach (var path in System.IO.Directory.GetFiles(directory, "*.liquid").Order(StringComparer.Ordinal))
        {
            var template = Parse(path, File.ReadAllText(path));
            templates[(template.Level, template.Language)] = template;
        }

        return new DunningTemplates(directory, templates);
    }

    /// <summary>
    /// The template of <paramref name="level"/> in the customer's language (<c>fr-CA</c> tries <c>fr</c>), else in
    /// <see cref="FallbackLanguage"/>.
    /// </summary>
    /// <exception cref="DunningTemplateException">Neither exists (names the file that would be used).</exception>
    public DunningTemplate Find(int level, string? language)
    {
        var wanted = Normalize(language);
        if (wanted is not null && templates.TryGetValue((level, wanted), out var own))
        {
            return own;
        }

        if (templates.TryGetValue((level, FallbackLanguage), out var fallback))
        {
            return fallback;
        }

        var file = Path.Combine(Directory, FileName(level, FallbackLanguage));
        throw new DunningTemplateException(
            $"{file}: no dunning template for level {level.ToString(CultureInfo.InvariantCulture)}"
                + (wanted is null || wanted == FallbackLanguage ? "" : $" in '{wanted}' nor in the fallback '{FallbackLanguage}'") + ".",
            file,
            null);
    }

    public static string FileName(int level, string language) =>
        $"level-{level.ToString(CultureInfo.InvariantCulture)}.{language}.liquid";

    /// <summary>"fr-CA", "FR", "fr_CA" → "fr"; blank → null.</summary>
    private static string? Normalize(string? language)
    {
        if (string.IsNullOrWhiteSpace(language))
        {
            return null;
        }

        var trimmed = language.Trim();
        var cut = trimmed.IndexOfAny(['-', '_']);
        return (cut > 0 ? trimmed[..cut] : trimmed).ToLowerInvariant();
    }

    private static DunningTemplate Parse(string path, string text)
    {
        var match = NamePattern().Match(Path.GetFileName(path));
        if (!match.Success)
        {
            throw new DunningTemplateException(
                $"{path}: a dunning template is named level-<n>.<language>.liquid (e.g. level-1.en.liquid).", path, null);
        }

        var level = int.Parse(match.Groups["level"].Value, NumberStyles.None, CultureInfo.InvariantCulture);
        var language = match.Groups["language"].Value.ToLowerInvariant();
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        var first = (newline < 0 ? text : text[..newline]).TrimEnd('\r').TrimStart('\uFEFF');
        if (!first.StartsWith(SubjectPrefix, StringComparison.OrdinalIgnoreCase))
        {
            throw new DunningTemplateException($"{path}:1: the first line must be 'subject: …' (was '{Shorten(first)}').", path, 1);
        }

        var subject = Compile(path, first[SubjectPrefix.Length..].Trim(), firstLine: 1);
        var body = Compile(path, newline < 0 ? "" : text[(newline + 1)..], firstLine: 2);
        return new DunningTemplate(level, language, path, subject, body);
    }

    private static LiquidTemplate Compile(string path, string source, int firstLine)
    {
        try
        {
            return LiquidTemplate.Parse(source, firstLine);
        }
        catch (LiquidException e)
        {
            throw new DunningTemplateException($"{path}:{e.Line.ToString(CultureInfo.InvariantCulture)}: {e.Message}", path, e.Line, e);
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    [GeneratedRegex(@"^level-(?<level>\d{1,2})\.(?<language>[A-Za-z]{2,3})\.liquid$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
