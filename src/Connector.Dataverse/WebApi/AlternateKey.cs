using System.Buffers;

namespace Connector.Dataverse.WebApi;

/// <summary>
/// Renders references by alternate key, <c>accounts(accountnumber='C-1')</c>, as use-alternate-key-reference-record
/// documents: string values in single quotes, a quote inside doubled. Values holding characters that break key
/// URLs (<c>/ &lt; &gt; * % &amp; : \ ? +</c>, plus <c>#</c> which ends a URL's path) cannot be addressed this way;
/// <see cref="Problem"/> says so, and the caller reports the record as failed instead of sending it.
/// </summary>
public static class AlternateKey
{
    /// <summary>The characters Microsoft documents as breaking GET and PATCH by key, and <c>#</c>.</summary>
    public const string UnaddressableCharacters = "/<>*%&:\\?+#";

    private static readonly SearchValues<char> Unaddressable = SearchValues.Create(UnaddressableCharacters);

    /// <summary>Why <paramref name="value"/> cannot be used as a key in a URL, or null when it can.</summary>
    public static string? Problem(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "the key is empty";
        }

        var index = value.AsSpan().IndexOfAny(Unaddressable);
        if (index >= 0)
        {
            return $"the key '{value}' contains '{value[index]}', which Dataverse cannot take in a key URL (/ < > * % & : \\ ? + #); change the key in the source system";
        }

        return value.Any(char.IsControl) ? $"the key '{value.Replace("\t", "\\t", StringComparison.Ordinal)}' contains a control character" : null;
    }

    /// <summary>An OData string literal: quoted, inner quotes doubled (<c>O'Neil</c> → <c>'O''Neil'</c>).</summary>
    public static string Literal(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary><c>accounts(accountnumber='C-1')</c>; throws <see cref="ArgumentException"/> with <see cref="Problem"/> for a value no URL can carry.</summary>
    public static string Render(string entitySetName, string keyColumn, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entitySetName);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyColumn);
        if (Problem(value) is { } problem)
        {
            throw new ArgumentException($"Cannot address {entitySetName} by {keyColumn}: {problem}", nameof(value));
        }

        return $"{entitySetName}({keyColumn}={Literal(value)})";
    }
}
