namespace Connector.Emulators.Tests.Graph.Fidelity;

/// <summary>
/// The Graph docs excerpts and recorded bodies kept at <c>tests/fixtures/graph/</c> (origin and licence in SOURCE.md
/// there), copied to <c>fixtures/graph/</c> in the test output folder by the csproj and read from there.
/// </summary>
internal static class GraphFixtures
{
    public const string Docs = "todo.docs.http";

    public const string OutlookThrottled = "outlook-429-applicationthrottled.json";

    public static string Read(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "fixtures", "graph", fileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Graph fixture {path} is missing: it must be in tests/fixtures/graph/ and copied to the output folder by Connector.Emulators.Tests.csproj.",
                path);
        }

        return File.ReadAllText(path);
    }

    /// <summary>
    /// The body of the docs' request whose request line is <paramref name="requestLine"/> (the text after its headers, up
    /// to the response's status line) and that status line's code.
    /// </summary>
    public static (string Body, int Status) Exchange(string requestLine)
    {
        var lines = Read(Docs).Split('\n').Select(static l => l.TrimEnd('\r')).ToList();
        var start = lines.FindIndex(l => l == requestLine);
        Assert.True(start >= 0, $"'{requestLine}' is not in {Docs}");
        var blank = lines.FindIndex(start, string.IsNullOrWhiteSpace);
        var status = lines.FindIndex(blank, static l => l.StartsWith("HTTP/1.1 ", StringComparison.Ordinal));
        var body = string.Join('\n', lines.Skip(blank + 1).Take(status - blank - 1)).Trim();
        return (body, int.Parse(lines[status].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
