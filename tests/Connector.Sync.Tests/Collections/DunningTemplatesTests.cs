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

        Assert.Equal([(1, "en"), (1, "fr"), (3, "en"), (3, "fr")], templates.Available);
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
        Write("level-1.en.liquid", "subject: Reminder\n<p>Hello</p>");
        Write("level-3.fr.liquid", "subject: Relance\n<p>Bonjour</p>");

        var template = DunningTemplates.Load(folder.FullName).Find(1, "fr");

        Assert.Equal("en", template.Language);
        Assert.EndsWith("level-1.en.liquid", template.File, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_LevelWithoutAnyTemplate_NamesTheFileItWouldUse()
    {
        var templates = DunningTemplates.Load(Shipped);

        var error = Assert.Throws<DunningTemplateException>(() => templates.Find(0, "fr"));

        Assert.Equal($"{Path.Combine(Shipped, "level-0.en.liquid")}: no dunning template for level 0 in 'fr' nor in the fallback 'en'.", error.Message);
    }

    [Fact]
    public void Load_SyntaxErrorInTheBody_NamesTheFileAndLine()
    {
        Write("level-1.en.liquid", "subject: Reminder\n<p>Hello</p>");
        var bad = Write("level-3.fr.liquid", "subject: Relance {{ customer.name }}\n<p>Bonjour</p>\n<ul>\n{% for item in items %}<li>{{ item.invoice }</li>{% endfor %}\n</ul>");

        var error = Assert.Throws<DunningTemplateException>(() => DunningTemplates.Load(folder.FullName));

        Assert.StartsWith(bad + ":4: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(bad, error.File);
        Assert.Equal(4, error.Line);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Load_NoSubjectLine_NamesLineOne()
    {
        var bad = Write("level-1.en.liquid", "<p>Dear {{ customer.name }}</p>");

        var error = Assert.Throws<DunningTemplateException>(() => DunningTemplates.Load(folder.FullName));

        Assert.Equal($"{bad}:1: the first line must be 'subject: …' (was '<p>Dear {{{{ customer.name }}}}</p>').", error.Message);
    }

    [Fact]
    public void Load_MisnamedFile_SaysHowToNameIt()
    {
        var bad = Write("reminder.liquid", "subject: x\n");

        var error = Assert.Throws<DunningTemplateException>(() => DunningTemplates.Load(folder.FullName));

        Assert.Equal($"{bad}: a dunning template is named level-<n>.<language>.liquid (e.g. level-1.en.liquid).", error.Message);
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
