using System.Globalization;
using System.Text.RegularExpressions;
using HandlebarsDotNet;

namespace Connector.Sync.Collections;

/// <summary>
/// The dunning email templates of a folder (Handlebars, see templates/dunning/README.md), compiled once at start:
/// <c>level-{n}.{language}.hbs</c>, and the statement of account's email <c>statement.{language}.hbs</c> (<see cref="StatementLevel"/>). A syntax error stops the load with one line naming the file (and the line when
/// Handlebars.Net knows it); a missing level or language is only a problem when a mail needs it, and a language without
/// its own file falls back to <see cref="FallbackLanguage"/>.
/// </summary>
public sealed partial class DunningTemplates
{
    public const string FallbackLanguage = "en";

    /// <summary>The level the statement email's template (<c>statement.{language}.hbs</c>) is kept under: no ladder level is negative.</summary>
    public const int StatementLevel = -1;
    private const string SubjectPrefix = "subject:";

    // Our own environments, never the static Handlebars one (whose helpers and partials anything in the process may
    // register). Both fail on a name the model lacks instead of rendering it as nothing.
    // The subject has an environment of its own with NoEscape rather than asking for {{{ }}} there: the author writes
    // {{ }} everywhere, a forgotten third brace cannot put "&amp;" into a subject Graph shows literally, and the body's
    // environment never has to allow raw output (a {{{ }}} in a body is refused, see Compile).
    private static readonly IHandlebars BodyEngine = Handlebars.Create(new HandlebarsConfiguration
    {
        ThrowOnUnresolvedBindingExpression = true,
        TextEncoder = new DunningTemplateHtmlEncoder(),
        FormatProvider = CultureInfo.InvariantCulture,
    });

    private static readonly IHandlebars SubjectEngine = Handlebars.Create(new HandlebarsConfiguration
    {
        ThrowOnUnresolvedBindingExpression = true,
        NoEscape = true,
        FormatProvider = CultureInfo.InvariantCulture,
    });

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
        foreach (var path in System.IO.Directory.GetFiles(directory, "*.hbs").Order(StringComparer.Ordinal))
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
        level == StatementLevel ? $"statement.{language}.hbs" : $"level-{level.ToString(CultureInfo.InvariantCulture)}.{language}.hbs";

    /// <summary>The statement email's template in the customer's language, else English; <c>null</c> when the folder has neither.</summary>
    public DunningTemplate? FindStatement(string? language) =>
        templates.ContainsKey((StatementLevel, Normalize(language) ?? FallbackLanguage)) || templates.ContainsKey((StatementLevel, FallbackLanguage))
            ? Find(StatementLevel, language)
            : null;

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
                $"{path}: a dunning template is named level-<n>.<language>.hbs (e.g. level-1.en.hbs), the statement email's statement.<language>.hbs.", path, null);
        }

        var level = match.Groups["level"].Success ? int.Parse(match.Groups["level"].Value, NumberStyles.None, CultureInfo.InvariantCulture) : StatementLevel;
        var language = match.Groups["language"].Value.ToLowerInvariant();
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        var first = (newline < 0 ? text : text[..newline]).TrimEnd('\r').TrimStart('\uFEFF');
        if (!first.StartsWith(SubjectPrefix, StringComparison.OrdinalIgnoreCase))
        {
            throw new DunningTemplateException($"{path}:1: the first line must be 'subject: …' (was '{Shorten(first)}').", path, 1);
        }

        var subject = Compile(SubjectEngine, path, first[SubjectPrefix.Length..].Trim(), firstLine: 1);
        var body = Compile(BodyEngine, path, newline < 0 ? "" : text[(newline + 1)..], firstLine: 2);
        return new DunningTemplate(level, language, path, subject, body);
    }

    /// <summary>Compiles <paramref name="source"/>, which starts on line <paramref name="firstLine"/> of the file.</summary>
    private static HandlebarsTemplate<object, object> Compile(IHandlebars engine, string path, string source, int firstLine)
    {
        var raw = RawOutput().Match(source);
        if (ReferenceEquals(engine, BodyEngine) && raw.Success)
        {
            var line = firstLine + source.AsSpan(0, raw.Index).Count('\n');
            throw new DunningTemplateException(
                $"{path}:{line.ToString(CultureInfo.InvariantCulture)}: '{raw.Value}' would write a value unencoded into the HTML body; use {{{{ }}}}.", path, line);
        }

        try
        {
            return engine.Compile(source);
        }
        catch (Exception e) when (e is HandlebarsException or InvalidOperationException)
        {
            // Handlebars.Net puts the position only into the parser's message ("… Occured at: 4:0", 1-based in the
            // source); its compiler errors (an unclosed block) have none. InvalidOperationException: '{{#each}}' with
            // no argument fails inside its compiler.
            var at = Position().Match(e.Message);
            int? line = at.Success
                ? firstLine - 1 + int.Parse(at.Groups["line"].Value, NumberStyles.None, CultureInfo.InvariantCulture)
                : null;
            var where = line is { } l ? $"{path}:{l.ToString(CultureInfo.InvariantCulture)}" : path;
            throw new DunningTemplateException($"{where}: {FirstLine(e.Message)}", path, line, e);
        }
    }

    /// <summary>The first line of a Handlebars.Net message (its parser appends the position on further lines).</summary>
    internal static string FirstLine(string message)
    {
        var newline = message.IndexOfAny(['\r', '\n']);
        return (newline < 0 ? message : message[..newline]).Trim();
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    [GeneratedRegex(@"^(level-(?<level>\d{1,2})|statement)\.(?<language>[A-Za-z]{2,3})\.hbs$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"Occured at: (?<line>\d{1,9}):\d+", RegexOptions.CultureInvariant)]
    private static partial Regex Position();

    // {{{ value }}} and {{& value }} are Handlebars' unencoded output.
    [GeneratedRegex(@"\{\{~?(\{|&)[^}]*\}*", RegexOptions.CultureInvariant)]
    private static partial Regex RawOutput();
}
