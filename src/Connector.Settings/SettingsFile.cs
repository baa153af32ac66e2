using System.Text;
using System.Text.Json;

namespace Connector.Settings;

/// <summary>
/// A JSON settings file (<c>appsettings.json</c>, the <c>--config</c> file) read the way the configuration's JSON
/// provider reads it — comments and trailing commas allowed, an object at the top, a value given twice refused —
/// but checked first, so a mistake is one line naming the file, line and column instead of an exception from deep in
/// the host; and indexed, so a bad setting found later can point at its line (<c>settings.json:4:5</c>).
/// </summary>
public sealed class SettingsFile
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    // Configuration keys are case-insensitive: "credit:overdueAgeDays" is Credit:OverdueAgeDays.
    private readonly Dictionary<string, (int Line, int Column)> positions = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Name, int Line, int Column)> sections = [];

    private SettingsFile(string fullPath)
    {
        FullPath = fullPath;
        Name = System.IO.Path.GetFileName(fullPath);
    }

    public string FullPath { get; }

    /// <summary>The file's name, as messages show it.</summary>
    public string Name { get; }

    /// <summary>The top-level sections in the order written, with where each starts.</summary>
    public IReadOnlyList<(string Name, int Line, int Column)> Sections => sections;

    /// <summary>Reads and checks <paramref name="fullPath"/>; throws <see cref="ConfigurationFileException"/> with one line when it would not load.</summary>
    public static SettingsFile Read(string fullPath)
    {
        ArgumentNullException.ThrowIfNull(fullPath);
        var file = new SettingsFile(fullPath);
        byte[] utf8;
        try
        {
            utf8 = File.ReadAllBytes(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationFileException($"{file.Name}: cannot be read: {e.Message}", e);
        }

        if (utf8.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            utf8 = utf8[3..];
        }

        var lines = new LineIndex(utf8);
        try
        {
            file.Index(utf8, lines);
        }
        catch (JsonException) when (IsEmpty(utf8))
        {
            throw new ConfigurationFileException($"{file.Name}: the file is empty (a file without settings holds {{ }})");
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0);
            var column = lines.Column(line, (int)(e.BytePositionInLine ?? 0));
            throw new ConfigurationFileException($"{file.Name}:{line + 1}:{column}: invalid JSON: {SyntaxMessage(e)}", e);
        }

        return file;
    }

    /// <summary>Where <paramref name="key"/> (<c>Credit:OverdueAgeDays</c>, <c>Aging:Bounds:0</c>) is written, or its nearest parent; <c>null</c> when neither is.</summary>
    public (int Line, int Column)? Find(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        for (var path = key; path.Length > 0; path = path.LastIndexOf(':') is var cut and > 0 ? path[..cut] : string.Empty)
        {
            if (positions.TryGetValue(path, out var position))
            {
                return position;
            }
        }

        return null;
    }

    /// <summary>One pass over the tokens: each key's position, the top-level sections, values given twice.</summary>
    private void Index(byte[] utf8, LineIndex lines)
    {
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        var frames = new Stack<Frame>();
        var leaves = new Dictionary<string, (string Path, int Line)>(StringComparer.OrdinalIgnoreCase);
        string? pending = null;
        var named = (Line: 0, Column: 0);
        while (reader.Read())
        {
            var (line, column) = lines.Position((int)reader.TokenStartIndex);
            if (frames.Count == 0 && reader.TokenType != JsonTokenType.StartObject)
            {
                throw new ConfigurationFileException($"{Name}:{line}:{column}: invalid settings: the file must hold one JSON object {{ \"Section\": {{ … }} }}");
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    var frame = frames.Peek();
                    var name = reader.GetString() ?? string.Empty;
                    pending = frame.Path.Length == 0 ? name : frame.Path + ":" + name;
                    positions.TryAdd(pending, (line, column));
                    named = (line, column);
                    if (frames.Count == 1)
                    {
                        sections.Add((name, line, column));
                    }

                    break;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    frames.Push(new Frame(ValuePath(frames, ref pending, (line, column)), reader.TokenType == JsonTokenType.StartArray));
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    frames.Pop();
                    break;
                default:
                    var inArray = frames.Peek().IsArray;
                    var path = ValuePath(frames, ref pending, (line, column));

                    // The configuration's JSON provider refuses a value given twice (keys compared ignoring case).
                    if (!leaves.TryAdd(path, (path, line)))
                    {
                        var first = leaves[path];
                        (int Line, int Column) at = inArray ? (line, column) : named;
                        throw new ConfigurationFileException($"{Name}:{at.Line}:{at.Column}: {first.Path} is given twice (first on line {first.Line})");
                    }

                    break;
            }
        }
    }

    private string ValuePath(Stack<Frame> frames, ref string? pending, (int, int) position)
    {
        if (frames.Count == 0)
        {
            return string.Empty;
        }

        var parent = frames.Peek();
        if (parent.IsArray)
        {
            var path = $"{parent.Path}:{parent.Count++}";
            positions.TryAdd(path, position);
            return path;
        }

        var property = pending ?? parent.Path;
        pending = null;
        return property;
    }

    private static bool IsEmpty(byte[] utf8) => utf8.All(static b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n');

    // System.Text.Json appends "LineNumber: 3 | BytePositionInLine: 7." — the line says where already.
    private static string SyntaxMessage(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut < 0 ? message : message[..cut]).Trim();
    }

    private sealed class Frame(string path, bool isArray)
    {
        public string Path { get; } = path;

        public bool IsArray { get; } = isArray;

        public int Count { get; set; }
    }

    /// <summary>Byte offsets to lines and columns (from 1; columns count characters, not UTF-8 bytes).</summary>
    private sealed class LineIndex
    {
        private readonly byte[] utf8;
        private readonly List<int> starts = [0];

        public LineIndex(byte[] utf8)
        {
            this.utf8 = utf8;
            for (var i = 0; i < utf8.Length; i++)
            {
                if (utf8[i] == (byte)'\n')
                {
                    starts.Add(i + 1);
                }
            }
        }

        public (int Line, int Column) Position(int offset)
        {
            var line = starts.BinarySearch(offset);
            if (line < 0)
            {
                line = ~line - 1;
            }

            return (line + 1, Column(line, offset - starts[line]));
        }

        /// <summary>The column (from 1) of the byte <paramref name="bytes"/> into line <paramref name="line"/> (from 0).</summary>
        public int Column(int line, int bytes)
        {
            if (line >= starts.Count)
            {
                return bytes + 1;
            }

            var start = starts[line];
            return Encoding.UTF8.GetCharCount(utf8, start, Math.Clamp(bytes, 0, utf8.Length - start)) + 1;
        }
    }
}
