using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Connector.Sync.Collections;

/// <summary>
/// One parsed <c>level-{n}.{language}.liquid</c> file: its first line <c>subject: …</c>, the rest the HTML body. Values
/// are HTML-encoded in the body (an invoice number or customer name from the ERP cannot inject markup) and left as text
/// in the subject (Graph takes the subject as plain text).
/// </summary>
public sealed class DunningTemplate
{
    // Encodes <, >, &, quotes; leaves letters of every script alone, so "Société Générale" stays readable in the source.
    private static readonly HtmlEncoder BodyEncoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly LiquidTemplate subject;
    private readonly LiquidTemplate body;

    internal DunningTemplate(int level, string language, string file, LiquidTemplate subject, LiquidTemplate body)
    {
        Level = level;
        Language = language;
        File = file;
        this.subject = subject;
        this.body = body;
    }

    public int Level { get; }

    /// <summary>Lower-case language of the file name (<c>en</c>, <c>fr</c>).</summary>
    public string Language { get; }

    public string File { get; }

    /// <summary>Renders subject and body from <paramref name="model"/> (names as the templates use them: <c>customer.name</c>).</summary>
    /// <exception cref="DunningTemplateException">The template uses a variable the model does not have (names the file).</exception>
    public (string Subject, string HtmlBody) Render(IReadOnlyDictionary<string, object?> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        try
        {
            var renderedSubject = subject.Render(model, static text => text).Trim().ReplaceLineEndings(" ");
            var renderedBody = body.Render(model, BodyEncoder.Encode);
            return (renderedSubject, renderedBody);
        }
        catch (LiquidException e)
        {
            throw new DunningTemplateException($"{File}:{e.Line.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {e.Message}", File, e.Line, e);
        }
    }
}
