using Connector.Emulators.Dataverse.Records;

namespace Connector.Emulators.Dataverse.Query;

/// <summary>
/// A parsed <c>$filter</c>: comparisons (eq, ne, gt, ge, lt, le) of a property with a literal, contains / startswith /
/// endswith on text, combined with and / or / not and parentheses. Strings compare case-insensitively, as Dataverse's
/// collation does. Properties and literal types are checked at parse time, as the OData parser does.
/// </summary>
internal abstract class FilterExpression
{
    public abstract bool Matches(Func<string, object?> valueOf);

    /// <summary>Parses <paramref name="text"/>; <paramref name="kindOf"/> names each property's kind or throws for an unknown one.</summary>
    public static FilterExpression Parse(string text, Func<string, PropertyKind> kindOf)
    {
        var parser = new Parser(Tokenize(text), kindOf);
        var expression = parser.ParseOr();
        if (!parser.AtEnd)
        {
            throw Syntax($"unexpected '{parser.Peek}'");
        }

        return expression;
    }

    internal static DataverseFaultException Syntax(string detail) =>
        new(400, ErrorCodes.ODataRequest, $"Syntax error in $filter: {detail}.");

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')' or ',')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (c == '\'')
            {
                var start = i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw Syntax("unterminated string literal");
                    }

                    if (text[i] == '\'')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '\'')
                        {
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    i++;
                }

                tokens.Add(text[start..i]);
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or ',' or '\''))
                {
                    i++;
                }

                tokens.Add(text[start..i]);
            }
        }

        return tokens;
    }

    private sealed class Parser(List<string> tokens, Func<string, PropertyKind> kindOf)
    {
        private int at;

        public bool AtEnd => at >= tokens.Count;

        public string? Peek => AtEnd ? null : tokens[at];

        public FilterExpression ParseOr()
        {
            var left = ParseAnd();
            while (string.Equals(Peek, "or", StringComparison.Ordinal))
            {
                at++;
                left = new Or(left, ParseAnd());
            }

            return left;
        }

        private FilterExpression ParseAnd()
        {
            var left = ParseUnary();
            while (string.Equals(Peek, "and", StringComparison.Ordinal))
            {
                at++;
                left = new And(left, ParseUnary());
            }

            return left;
        }

        private FilterExpression ParseUnary()
        {
            var token = Next("an expression");
            if (string.Equals(token, "not", StringComparison.Ordinal))
            {
                return new Not(ParseUnary());
            }

            if (token == "(")
            {
                var inner = ParseOr();
                Expect(")");
                return inner;
            }

            if (string.Equals(Peek, "(", StringComparison.Ordinal))
            {
                if (token is not ("contains" or "startswith" or "endswith"))
                {
                    throw new DataverseFaultException(400, ErrorCodes.ODataRequest, $"An unknown function with name '{token}' was found.");
                }

                at++;
                var property = Next("a property");
                if (kindOf(property) != PropertyKind.Text)
                {
                    throw new DataverseFaultException(400, ErrorCodes.ODataRequest, $"The function '{token}' takes a text property; '{property}' is not one.");
                }

                Expect(",");
                var argument = ODataLiteral.Parse(Next("a literal"));
                Expect(")");
                if (argument.Kind != LiteralKind.String)
                {
                    throw Syntax($"'{token}' needs a string literal");
                }

                return new Function(token, property, (string)argument.Value!);
            }

            var kind = kindOf(token);
            var op = Next("an operator");
            if (op is not ("eq" or "ne" or "gt" or "ge" or "lt" or "le"))
            {
                throw Syntax($"'{op}' is not a comparison operator");
            }

            var literal = ODataLiteral.Parse(Next("a literal"));
            if (!PropertyKinds.Accepts(kind, literal.Kind))
            {
                throw new DataverseFaultException(400, ErrorCodes.ODataRequest,
                    $"A binary operator with incompatible types was detected. Found operand types '{PropertyKinds.EdmName(kind)}' and '{literal.EdmType}' for operator kind '{OperatorName(op)}'.");
            }

            return new Comparison(token, op, literal.Value);
        }

        private string Next(string what)
        {
            if (AtEnd)
            {
                throw Syntax($"expected {what} at the end");
            }

            return tokens[at++];
        }

        private void Expect(string token)
        {
            if (!string.Equals(Next($"'{token}'"), token, StringComparison.Ordinal))
            {
                throw Syntax($"expected '{token}'");
            }
        }

        private static string OperatorName(string op) => op switch
        {
            "eq" => "Equal",
            "ne" => "NotEqual",
            "gt" => "GreaterThan",
            "ge" => "GreaterThanOrEqual",
            "lt" => "LessThan",
            _ => "LessThanOrEqual",
        };
    }

    private sealed class And(FilterExpression left, FilterExpression right) : FilterExpression
    {
        public override bool Matches(Func<string, object?> valueOf) => left.Matches(valueOf) && right.Matches(valueOf);
    }

    private sealed class Or(FilterExpression left, FilterExpression right) : FilterExpression
    {
        public override bool Matches(Func<string, object?> valueOf) => left.Matches(valueOf) || right.Matches(valueOf);
    }

    private sealed class Not(FilterExpression inner) : FilterExpression
    {
        public override bool Matches(Func<string, object?> valueOf) => !inner.Matches(valueOf);
    }

    private sealed class Function(string name, string property, string argument) : FilterExpression
    {
        public override bool Matches(Func<string, object?> valueOf) => valueOf(property) is string text && name switch
        {
            "contains" => text.Contains(argument, StringComparison.OrdinalIgnoreCase),
            "startswith" => text.StartsWith(argument, StringComparison.OrdinalIgnoreCase),
            _ => text.EndsWith(argument, StringComparison.OrdinalIgnoreCase),
        };
    }

    private sealed class Comparison(string property, string op, object? literal) : FilterExpression
    {
        public override bool Matches(Func<string, object?> valueOf)
        {
            var value = valueOf(property);
            if (literal is null || value is null)
            {
                var bothNull = literal is null && value is null;
                return op switch
                {
                    "eq" => bothNull,
                    "ne" => !bothNull,
                    _ => false,
                };
            }

            if (ColumnValues.Compare(value, literal) is not { } order)
            {
                return string.Equals(op, "ne", StringComparison.Ordinal);
            }

            return op switch
            {
                "eq" => order == 0,
                "ne" => order != 0,
                "gt" => order > 0,
                "ge" => order >= 0,
                "lt" => order < 0,
                _ => order <= 0,
            };
        }
    }
}
