namespace Connector.Worker.Output;

/// <summary>
/// Neutralises text a spreadsheet would execute when it opens a CSV the connector wrote (CSV injection):
/// a value starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or carriage return gets a leading
/// apostrophe, as OWASP recommends. Stored data is never altered — only what is written for people.
/// </summary>
public static class SpreadsheetSafe
{
    public static string Text(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
    }
}
