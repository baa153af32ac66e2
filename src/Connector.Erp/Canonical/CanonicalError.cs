namespace Connector.Erp.Canonical;

/// <summary>
/// One problem in a canonical file, rendered as one line that names the file, the line, the column and
/// what was expected: <c>invoices.csv:17: column 'due_date': expected a date yyyy-MM-dd, got '31/12/2026'</c>.
/// </summary>
public sealed record CanonicalError(string File, int Line, string? Column, string Message)
{
    public override string ToString()
    {
        var where = Line > 0 ? $"{File}:{Line}" : File;
        return Column is null ? $"{where}: {Message}" : $"{where}: column '{Column}': {Message}";
    }
}
