using System.Collections;
using System.Globalization;
using System.Text;

namespace Connector.Sync.Collections;

/// <summary>
/// The subset of Liquid the dunning templates use: <c>{{ a.b }}</c>, <c>{% if a.b %}</c> / <c>{% if a.b != "" %}</c>
/// (<c>==</c>, <c>!=</c> against a string, number, <c>true</c>, <c>false</c>, <c>nil</c> or <c>empty</c>) with
/// <c>{% else %}</c>, <c>{% for x in a.b %}</c> (with <c>forloop.index</c>), <c>{% comment %}</c>, and whitespace
/// control (<c>{%-</c>, <c>-%}</c>). Strict: an unknown tag fails the parse, an unknown variable fails the render.
/// </summary>
/// <remarks>
/// Written here because Fluid.Core 2.41.1 needs Parlot 1.5.9 and the package feed only serves Parlot 2.2.1, with which
/// Fluid's parser fails to initialise (MissingMethodException). The syntax is Liquid's, so moving to Fluid later
/// changes no template.
/// </remarks>
internal sealed class LiquidTemplate
{
    private readonly List<Node> nodes;

    private LiquidTemplate(List<Node> nodes)
    {
        this.nodes = nodes;
    }

    /// <exception cref="LiquidException">With the 1-based line (counted from <paramref name="firstLine"/>).</exception>
    public static LiquidTemplate Parse(string source, int firstLine = 1)
    {
        ArgumentNullException.ThrowIfNull(source);
        var root = new List<Node>();
        var stack = new Stack<(Block Block, List<Node> Into)>();
        var into = root;
        foreach (var token in Tokenize(source, firstLine))
        {
            switch (token.Kind)
            {
                case TokenKind.Text:
                    into.Add(new TextNode(token.Text));
                    break;
                case TokenKind.Output:
                    into.Add(new OutputNode(ParsePath(token.Text, token.Line), token.Line));
                    break;
                default:
                    var words = token.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                    var name = words.Length == 0 ? "" : words[0];
                    switch (name)
                    {
                        case "if":
                            var block = new IfNode(ParseCondition(words, token.Line), token.Line);
                            into.Add(block);
                            stack.Push((block, into));
                            into = block.Then;
                            break;
                        case "else":
                            if (stack.Count == 0 || stack.Peek().Block is not IfNode open || into != open.Then)
                            {
                                throw new LiquidException(token.Line, "'else' without an open 'if'");
                            }

                            into = open.Else;
                            break;
                        case "for":
                            if (words.Length != 4 || words[2] != "in" || !IsIdentifier(words[1]))
                            {
                                throw new LiquidException(token.Line, $"expected 'for item in list' (was '{token.Text.Trim()}')");
                            }

                            var loop = new ForNode(words[1], ParsePath(words[3], token.Line), token.Line);
                            into.Add(loop);
                            stack.Push((loop, into));
                            into = loop.Body;
                            break;
                        case "endif" or "endfor":
                            var wanted = name == "endif" ? typeof(IfNode) : typeof(ForNode);
                            if (stack.Count == 0 || stack.Peek().Block.GetType() != wanted)
                            {
                                throw new LiquidException(token.Line, $"'{name}' without an open '{name[3..]}'");
                            }

                            into = stack.Pop().Into;
                            break;
                        default:
                            throw new LiquidException(token.Line, $"unknown tag '{name}' (supported: if, else, endif, for, endfor, comment)");
                    }

                    break;
            }
        }

        if (stack.Count > 0)
        {
            var open = stack.Peek().Block;
            throw new LiquidException(open.Line, $"'{(open is IfNode ? "if" : "for")}' is never closed (no '{(open is IfNode ? "endif" : "endfor")}')");
        }

        return new LiquidTemplate(root);
    }

    /// <summary>Renders with <paramref name="encode"/> applied to every value written (never to the template's own text).</summary>
    /// <exception cref="LiquidException">A variable the model does not have, with its line.</exception>
    public string Render(IReadOnlyDictionary<string, object?> model, Func<string, string> encode)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(encode);
        var output = new StringBuilder(4096);
        var scope = new Dictionary<string, object?>(StringComparer.Ordinal);
        RenderNodes(nodes, model, scope, encode, output);
        return output.ToString();
    }

    private static void RenderNodes(List<Node> nodes, IReadOnlyDictionary<string, object?> model, Dictionary<string, object?> scope, Func<string, string> encode, StringBuilder output)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode text:
                    output.Append(text.Text);
                    break;
                case OutputNode value:
                    output.Append(encode(Format(Resolve(value.Path, value.Line, model, scope))));
                    break;
                case IfNode branch:
                    RenderNodes(Holds(branch.Condition, branch.Line, model, scope) ? branch.Then : branch.Else, model, scope, encode, output);
                    break;
                case ForNode loop:
                    var list = Resolve(loop.Path, loop.Line, model, scope) as IEnumerable;
                    if (list is null or string)
                    {
                        throw new LiquidException(loop.Line, $"'{string.Join('.', loop.Path)}' is not a list");
                    }

                    var saved = scope.GetValueOrDefault(loop.Variable);
                    var hadSaved = scope.ContainsKey(loop.Variable);
                    var index = 0;
                    foreach (var item in list)
                    {
                        scope[loop.Variable] = item;
                        scope["forloop"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["index"] = ++index };
                        RenderNodes(loop.Body, model, scope, encode, output);
                    }

                    if (hadSaved)
                    {
                        scope[loop.Variable] = saved;
                    }
                    else
                    {
                        scope.Remove(loop.Variable);
                    }

                    scope.Remove("forloop");
                    break;
            }
        }
    }

    private static bool Holds(Condition condition, int line, IReadOnlyDictionary<string, object?> model, Dictionary<string, object?> scope)
    {
        var value = Resolve(condition.Path, line, model, scope);
        if (condition.Operator is null)
        {
            return value is not null and not false; // Liquid: only nil and false are falsy
        }

        var equal = condition.Literal switch
        {
            Empty => value is string { Length: 0 } || (value is ICollection { Count: 0 }),
            null => value is null,
            bool b => value is bool v && v == b,
            decimal d => value is not null and not string and not bool && Convert.ToDecimal(value, CultureInfo.InvariantCulture) == d,
            string s => value is not null && string.Equals(Format(value), s, StringComparison.Ordinal),
            _ => false,
        };
        return condition.Operator == "==" ? equal : !equal;
    }

    private static object? Resolve(string[] path, int line, IReadOnlyDictionary<string, object?> model, Dictionary<string, object?> scope)
    {
        object? value;
        if (!scope.TryGetValue(path[0], out value) && !model.TryGetValue(path[0], out value))
        {
            throw new LiquidException(line, $"'{path[0]}' is not a template variable");
        }

        for (var i = 1; i < path.Length; i++)
        {
            value = value switch
            {
                IReadOnlyDictionary<string, object?> map when map.TryGetValue(path[i], out var inner) => inner,
                ICollection collection when path[i] == "size" => collection.Count,
                _ => throw new LiquidException(line, $"'{string.Join('.', path[..(i + 1)])}' is not a template variable"),
            };
        }

        return value;
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static Condition ParseCondition(string[] words, int line)
    {
        if (words.Length == 2)
        {
            return new Condition(ParsePath(words[1], line), null, null);
        }

        // The literal may contain spaces ("a b"): take everything after the operator.
        if (words.Length >= 4 && words[2] is "==" or "!=")
        {
            var literal = string.Join(' ', words[3..]);
            return new Condition(ParsePath(words[1], line), words[2], ParseLiteral(literal, line));
        }

        throw new LiquidException(line, $"expected 'if variable' or 'if variable == value' (was '{string.Join(' ', words)}')");
    }

    private static object? ParseLiteral(string text, int line)
    {
        if (text.Length >= 2 && (text[0] == '"' || text[0] == '\'') && text[^1] == text[0])
        {
            return text[1..^1];
        }

        return text switch
        {
            "true" => true,
            "false" => false,
            "nil" or "null" => null,
            "empty" or "blank" => Empty.Value,
            _ when decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) => number,
            _ => throw new LiquidException(line, $"'{text}' is not a value (a quoted string, number, true, false, nil or empty)"),
        };
    }

    private static string[] ParsePath(string text, int line)
    {
        var trimmed = text.Trim();
        if (trimmed.Contains('|', StringComparison.Ordinal))
        {
            throw new LiquidException(line, $"filters are not supported ('{trimmed}')");
        }

        var parts = trimmed.Split('.');
        if (parts.Length == 0 || !parts.All(IsIdentifier))
        {
            throw new LiquidException(line, $"'{trimmed}' is not a variable such as customer.name");
        }

        return parts;
    }

    private static bool IsIdentifier(string text) =>
        text.Length > 0 && (char.IsAsciiLetter(text[0]) || text[0] == '_') && text.All(static c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    private static List<Token> Tokenize(string source, int firstLine)
    {
        var tokens = new List<Token>();
        var position = 0;
        var line = firstLine;
        var trimNext = false;
        var inComment = false;
        while (position < source.Length)
        {
            var open = IndexOfOpening(source, position);
            var text = source[position..(open < 0 ? source.Length : open)];
            if (trimNext)
            {
                text = text.TrimStart();
            }

            if (open < 0)
            {
                if (!inComment)
                {
                    tokens.Add(new Token(TokenKind.Text, text, line));
                }

                break;
            }

            var isOutput = source[open + 1] == '{';
            var close = source.IndexOf(isOutput ? "}}" : "%}", open + 2, StringComparison.Ordinal);
            var tagLine = line + Count(source, position, open);
            if (close < 0)
            {
                throw new LiquidException(tagLine, $"'{(isOutput ? "{{" : "{%")}' is never closed");
            }

            var inner = source[(open + 2)..close];
            var trimBefore = inner.StartsWith('-');
            var trimAfter = inner.EndsWith('-');
            inner = inner.Trim('-').Trim();
            if (trimBefore)
            {
                text = text.TrimEnd();
            }

            var isCommentStart = !isOutput && inner == "comment";
            var isCommentEnd = !isOutput && inner == "endcomment";
            if (!inComment)
            {
                tokens.Add(new Token(TokenKind.Text, text, line));
                if (!isCommentStart)
                {
                    if (isCommentEnd)
                    {
                        throw new LiquidException(tagLine, "'endcomment' without an open 'comment'");
                    }

                    tokens.Add(new Token(isOutput ? TokenKind.Output : TokenKind.Tag, inner, tagLine));
                }
            }

            inComment = isCommentStart || (inComment && !isCommentEnd);
            line = tagLine + Count(source, open, close);
            position = close + 2;
            trimNext = trimAfter;
        }

        if (inComment)
        {
            throw new LiquidException(line, "'comment' is never closed (no 'endcomment')");
        }

        return tokens;
    }

    private static int IndexOfOpening(string source, int from)
    {
        for (var i = source.IndexOf('{', from); i >= 0 && i < source.Length - 1; i = source.IndexOf('{', i + 1))
        {
            if (source[i + 1] is '{' or '%')
            {
                return i;
            }
        }

        return -1;
    }

    private static int Count(string source, int from, int to)
    {
        var lines = 0;
        for (var i = from; i < to; i++)
        {
            lines += source[i] == '\n' ? 1 : 0;
        }

        return lines;
    }

    private enum TokenKind
    {
        Text,
        Output,
        Tag,
    }

    private sealed record Token(TokenKind Kind, string Text, int Line);

    private sealed class Empty
    {
        public static readonly Empty Value = new();
    }

    private sealed record Condition(string[] Path, string? Operator, object? Literal);

    private abstract record Node;

    private sealed record TextNode(string Text) : Node;

    private sealed record OutputNode(string[] Path, int Line) : Node;

    private abstract record Block(int Line) : Node;

    private sealed record IfNode(Condition Condition, int Line) : Block(Line)
    {
        public List<Node> Then { get; } = [];
        public List<Node> Else { get; } = [];
    }

    private sealed record ForNode(string Variable, string[] Path, int Line) : Block(Line)
    {
        public List<Node> Body { get; } = [];
    }
}

/// <summary>A template that does not parse or render: the 1-based line and what is wrong.</summary>
internal sealed class LiquidException : Exception
{
    public LiquidException()
    {
    }

    public LiquidException(string message)
        : base(message)
    {
    }

    public LiquidException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LiquidException(int line, string message)
        : base(message)
    {
        Line = line;
    }

    public int Line { get; }
}
