using System.Globalization;
using System.Text;

namespace Connector.Worker;

/// <summary>
/// A failure nobody foresaw (a bug, or a fault no command turns into a message of its own): the person at the terminal
/// reads one line saying what failed; the exception with its stack goes to a file whose path that line names, for
/// whoever investigates. stderr stays one line per error, even for the unexpected.
/// </summary>
internal static class FailureLog
{
    /// <summary>The messages of <paramref name="exception"/> and its causes, outermost first, each once.</summary>
    public static string Messages(Exception exception)
    {
        var messages = new List<string>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            var message = current.Message.ReplaceLineEndings(" ").Trim().TrimEnd('.');
            if (message.Length > 0 && !messages.Any(m => m.Contains(message, StringComparison.Ordinal)))
            {
                messages.Add(message);
            }
        }

        return string.Join(": ", messages);
    }

    /// <summary>Writes the details to a new file in the temporary folder; returns <c> (details in PATH)</c>, or nothing when it cannot be written.</summary>
    public static async Task<string> WriteAsync(string[] args, Exception exception)
    {
        var path = Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"connector-failure-{Environment.ProcessId}-{Path.GetRandomFileName().Replace(".", "", StringComparison.Ordinal)}.log"));
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"{TimeProvider.System.GetUtcNow():O} connector {string.Join(' ', args)}")
            .AppendLine(exception.ToString())
            .ToString();
        try
        {
            await File.WriteAllTextAsync(path, text, CancellationToken.None);
            return $" (details in {path})";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
