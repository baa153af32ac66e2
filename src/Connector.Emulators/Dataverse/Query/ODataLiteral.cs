using System.Globalization;
using Connector.Emulators.Dataverse.Records;

namespace Connector.Emulators.Dataverse.Query;

/// <summary>The kinds of literal OData URLs carry (in <c>$filter</c> and in key segments).</summary>
internal enum LiteralKind
{
    Null,
    String,
    Number,
    Boolean,
    Guid,
    DateTime,
}

/// <summary>A literal from a URL: <c>'O''Brien'</c>, <c>12.5</c>, <c>true</c>, <c>null</c>, a bare GUID or a date-time.</summary>
internal sealed record ODataLiteral(LiteralKind Kind, object? Value)
{
    public string EdmType => Kind switch
    {
        LiteralKind.String => "Edm.String",
        LiteralKind.Number => Value is decimal d && d == decimal.Truncate(d) ? "Edm.Int32" : "Edm.Decimal",
        LiteralKind.Boolean => "Edm.Boolean",
        LiteralKind.Guid => "Edm.Guid",
        LiteralKind.DateTime => "Edm.DateTimeOffset",
        _ => "null",
    };

    /// <summary>Parses one literal token; a quoted string has its doubled quotes undone.</summary>
    public static ODataLiteral Parse(string token)
    {
        if (token.Length >= 2 && token[0] == '\'' && token[^1] == '\'')
        {
            return new(LiteralKind.String, token[1..^1].Replace("''", "'", StringComparison.Ordinal));
        }

        if (string.Equals(token, "null", StringComparison.Ordinal))
        {
            return new(LiteralKind.Null, null);
        }

        if (string.Equals(token, "true", StringComparison.Ordinal) || string.Equals(token, "false", StringComparison.Ordinal))
        {
            return new(LiteralKind.Boolean, string.Equals(token, "true", StringComparison.Ordinal));
        }

        if (token.Length == 36 && Guid.TryParseExact(token, "D", out var id))
        {
            return new(LiteralKind.Guid, id);
        }

        if (decimal.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return new(LiteralKind.Number, number);
        }

        if (token.Contains('T', StringComparison.Ordinal) || token.Count(c => c == '-') == 2)
        {
            if (DateTimeOffset.TryParse(token, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var moment))
            {
                return new(LiteralKind.DateTime, moment.ToUniversalTime());
            }
        }

        throw new DataverseFaultException(400, ErrorCodes.ODataRequest, $"Syntax error: '{token}' is not a valid literal.");
    }
}
