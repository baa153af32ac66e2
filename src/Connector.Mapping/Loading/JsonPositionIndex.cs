using System.Text;
using System.Text.Json;

namespace Connector.Mapping.Loading;

/// <summary>
/// Where each property and array element of a mapping file is (line and column, from 1), keyed by its
/// path (<c>fields.amount.transforms[1]</c>), so a problem found in the parsed document points at the
/// text. Built in one <see cref="Utf8JsonReader"/> pass that also reports properties given twice, which
/// <see cref="JsonDocument"/> accepts silently.
/// </summary>
internal sealed class JsonPositionIndex
{
    public static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private readonly Dictionary<string, (int Line, int Column)> positions = new(StringComparer.Ordinal);
    private readonly byte[] utf8;
    private readonly List<int> lineStarts = [0];

    private JsonPositionIndex(byte[] utf8)
    {
        this.utf8 = utf8;
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                lineStarts.Add(i + 1);
            }
        }
    }

    /// <summary>Indexes <paramref name="utf8"/>; throws <see cref="JsonException"/> (with line and position) on a syntax error.</summary>
    public static JsonPositionIndex Build(byte[] utf8, Action<string, (int Line, int Column), int> duplicate)
    {
        var index = new JsonPositionIndex(utf8);
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        var frames = new Stack<Frame>();
        string? pending = null;
        while (reader.Read())
        {
            var position = index.PositionOf((int)reader.TokenStartIndex);
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    var frame = frames.Peek();
                    var name = reader.GetString() ?? string.Empty;
                    pending = frame.Path.Length == 0 ? name : frame.Path + "." + name;
                    frame.Names ??= new Dictionary<string, int>(StringComparer.Ordinal);
                    if (frame.Names.TryGetValue(name, out var firstLine))
                    {
                        duplicate(pending, position, firstLine);
                    }
                    else
                    {
                        frame.Names.Add(name, position.Line);
                        index.positions.TryAdd(pending, position);
                    }

                    break;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    var path = ValuePath(frames, ref pending, index, position);
                    frames.Push(new Frame(path, reader.TokenType == JsonTokenType.StartArray));
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    frames.Pop();
                    break;
                default:
                    ValuePath(frames, ref pending, index, position);
                    break;
            }
        }

        return index;
    }

    /// <summary>The position of a path, or of its nearest recorded parent.</summary>
    public (int? Line, int? Column) Find(string path)
    {
        while (true)
        {
            if (positions.TryGetValue(path, out var position))
            {
                return (position.Line, position.Column);
            }

            if (path.Length == 0)
            {
                return (null, null);
            }

            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            path = cut < 0 ? string.Empty : path[..cut];
        }
    }

    private static string ValuePath(Stack<Frame> frames, ref string? pending, JsonPositionIndex index, (int, int) position)
    {
        if (frames.Count == 0)
        {
            index.positions.TryAdd(string.Empty, position);
            return string.Empty;
        }

        var parent = frames.Peek();
        if (parent.IsArray)
        {
            var path = $"{parent.Path}[{parent.Count++}]";
            index.positions.TryAdd(path, position);
            return path;
        }

        var property = pending ?? parent.Path;
        pending = null;
        return property;
    }

    private (int Line, int Column) PositionOf(int offset)
    {
        var line = lineStarts.BinarySearch(offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        var start = lineStarts[line];
        return (line + 1, Encoding.UTF8.GetCharCount(utf8, start, offset - start) + 1);
    }

    private sealed class Frame(string path, bool isArray)
    {
        public string Path { get; } = path;

        public bool IsArray { get; } = isArray;

        public int Count { get; set; }

        public Dictionary<string, int>? Names { get; set; }
    }
}
