namespace Connector.Emulators.Tests.Dataverse.Webhooks;

/// <summary>
/// The recorded webhook behaviour the emulator is held to, read from <c>tests/fixtures/webhooks/</c> (see its SOURCE.md):
/// a test cites the fact it pins by a phrase of it, and fails if the fixture no longer says so.
/// </summary>
internal static class WebhookFacts
{
    public static string Path(string fileName) => System.IO.Path.Combine(AppContext.BaseDirectory, "fixtures", "webhooks", fileName);

    public static string Read(string fileName)
    {
        var path = Path(fileName);
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new FileNotFoundException($"Webhook fixture {path} is missing: it must be in tests/fixtures/webhooks/ and copied to the output folder.", path);
    }

    /// <summary>Asserts that fact <paramref name="item"/> of the fidelity facts says <paramref name="phrase"/>.</summary>
    public static void Cite(int item, string phrase)
    {
        var text = Read("fidelity-facts-19-20.md");
        var start = text.IndexOf($"\n{item}. ", StringComparison.Ordinal);
        Assert.True(start >= 0, $"fidelity fact {item} is not in the fixture");
        var end = text.IndexOf($"\n{item + 1}. ", start + 1, StringComparison.Ordinal);
        var fact = end < 0 ? text[start..] : text[start..end];
        Assert.Contains(phrase, fact, StringComparison.Ordinal);
    }
}
