using Connector.Sync.Collections;
using Connector.Sync.Tests.Support;

namespace Connector.Sync.Tests.Collections;

public sealed class DunningTemplatesTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("dunning-templates-");

    public static string Shipped => Path.Combine(RepositoryPaths.Root, "templates", "dunning");

    [Fact]
    public void Load_ShippedTemplates_HasReminderAndEscalationInEnglishAndFrench()
    {
        var templates = DunningTemplates.Load(Shipped);

        Assert.Equal([(DunningTemplates.StatementLevel, "en"), (DunningTemplates.StatementLevel, "fr"), (1, "en"), (1, "fr"), (3, "en"), (3, "fr")], templates.Available);
    }

    [Theory]
    [InlineData("fr", "fr")]
    [InlineData("fr-CA", "fr")]
    [InlineData("FR", "fr")]
    [InlineData("de", "en")]
    [InlineData(null, "en")]
    public void Find_CustomerLanguage_UsesItsFileElseEnglish(string? language, string expected)
    {
        var templates = DunningTemplates.Load(Shipped);

        Assert.Equal(expected, templates.Find(3, language).Language);
    }

    [Fact]
    public void Find_FrenchMissingForTheLevel_FallsBackToEnglish()
    {
        Write("level-1.en.hbs", "subject: Reminder\n<p>Hello</p>");
        Write("level-3.fr.hbs", "subject: Relance\n<p>Bonjour</p>");

        var template = DunningTemplates.Load(folder.FullName).Find(1, "fr");

        Assert.Equal("en", template.Language);
        Assert.EndsWith("level-1.en.hbs", template.File, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_LevelWithoutAnyTemplate_NamesTheFileItWouldUse()
    {
        var templates = DunningTemplates.Load(Shipped);

        var error = Assert.Throws<DunningTemplateException>(() => templates.Find(0, "fr"));

        Assert.Equal($"{Path.Combine(Shipped, "level-0.en.hbs")}: no dunning template for level 0 in 'fr' nor in the fallback 'en'.", error.Message);
    }

    [Fact]
    public void Load_SyntaxErrorInTheBody_NamesTheFileAndLine()
    {
        Write("level-1.en.hbs", "subject: Reminder\n<p>Hello</p>");
        var bad = Write("level-3.fr.hbs", "subject: Relance {{customer.name}}\n<p>Bonjour</p>\n<ul>\n{{#each items}}<li>{{invoice}</li>{{/each}}\n</ul>");

        var error = Assert.Throws<DunningTemplateException>(() => DunningTemplates.Load(folder.FullName));

        Assert.StartsWith(bad + ":4: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(bad, error.File);
        Assert.Equal(4, error.Line);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Load_UnclosedBlock_NamesTheFile()
    {
        var bad = Write("level-1.en.hbs", "subject: Reminder\n<p>Hello</p>\n{{#if collector.name}}<p>{{collector.name}}</p>\n");

        var error = Assert.Throws<DunningTemplateException>(() => DunningTemplates.Load(folder.FullName));

        Assert.Equal($"{bad}: Reached end of template before block expression 'if' was closed", error.Message);
        Assert.Equal(bad, error.File);
    }

    [Fact]
    public void Load_UnencodedOutputInTheBody_IsRefusedWithItsLine()
    {
        var bad = Write("level-1.en.hbs", "subject: Reminder {{{customer.name}}}\n<p>Hello</p>\n<p>{{{customer.name}}}</p>");

        var error = Assert.Throws<DunningTemplateException>(() => DunningTemplates.Load(folder.FullName));

        Assert.Equal($"{bad}:3: '{{{{{{customer.name}}}}}}' would write a value unencoded into the HTML body; use {{{{ }}}}.", error.Message);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Render_NestedValuesAndLists_SubjectAsTextBodyEncoded()
    {
        Write("level-1.en.hbs", "subject: {{customer.name}} owes {{total}}\n<ul>\n{{#each items}}\n<li>{{@index}} {{invoice}}{{#if disputed}} (disputed){{else}} due {{due}}{{/if}}</li>\n{{/each}}\n</ul>");
        IReadOnlyDictionary<string, object?> model = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["customer"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = "Smith & Sons <UK>" },
            ["total"] = "1,250.00",
            ["items"] = new List<object?>
            {
                new Dictionary<string, object?>(StringComparer.Ordinal) { ["invoice"] = "A&1", ["disputed"] = false, ["due"] = "2026-11-13" },
                new Dictionary<string, object?>(StringComparer.Ordinal) { ["invoice"] = "A2", ["disputed"] = true, ["due"] = "2026-11-20" },
            },
        };

        var (subject, body) = DunningTemplates.Load(folder.FullName).Find(1, "en").Render(model);

        Assert.Equal("Smith & Sons <UK> owes 1,250.00", subject);
        Assert.Equal("<ul>\n<li>0 A&amp;1 due 2026-11-13</li>\n<li>1 A2 (disputed)</li>\n</ul>", body);
    }

    [Fact]
    public void Render_UnknownValue_NamesTheFileAndTheValue()
    {
        var file = Write("level-1.en.hbs", "subject: Reminder\n<p>Dear {{customer.nmae}},</p>");
        var template = DunningTemplates.Load(folder.FullName).Find(1, "en");
        var model = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["customer"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = "Contoso" },
        };

        var error = Assert.Throws<DunningTemplateException>(() => template.Render(model));

        Assert.Equal($"{file}: the template uses 'customer.nmae', which a dunning mail does not have (see templates/dunning/README.md).", error.Message);
        Assert.Equal(file, error.File);
    }

    [Fact]
    public void Load_NoSubjectLine_NamesLineOne()
    {
        var bad = Write("level-1.en.hbs", "<p>Dear {{customer.name}}</p>");

        var error = Assert.Throws<DunningTemplateException>(() => DunningTemplates.Load(folder.FullName));

        Assert.Equal($"{bad}:1: the first line must be 'subject: …' (was '<p>Dear {{{{customer.name}}}}</p>').", error.Message);
    }

    [Fact]
    public void Load_MisnamedFile_SaysHowToNameIt()
    {
        var bad = Write("reminder.hbs", "subject: x\n");

        var error = Assert.Throws<DunningTemplateException>(() => DunningTemplates.Load(folder.FullName));

        Assert.Equal($"{bad}: a dunning template is named level-<n>.<language>.hbs (e.g. level-1.en.hbs), the statement email's statement.<language>.hbs.", error.Message);
    }

    [Fact]
    public void Load_MissingFolder_NamesTheSetting()
    {
        var missing = Path.Combine(folder.FullName, "nope");

        var error = Assert.Throws<DunningTemplateException>(() => DunningTemplates.Load(missing));

        Assert.Equal($"{missing}: the dunning templates folder does not exist (Dunning:TemplatesDirectory).", error.Message);
    }

    public void Dispose() => folder.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }
}
