using HandlebarsDotNet;
using HandlebarsDotNet.Compiler;

namespace Connector.Sync.Collections;

/// <summary>
/// One compiled <c>level-{n}.{language}.hbs</c> file: its first line <c>subject: …</c>, the rest the HTML body. Values
/// are HTML-encoded in the body (an invoice number or customer name from the ERP cannot inject markup) and left as text
/// in the subject (Graph takes the subject as plain text).
/// </summary>
public sealed class DunningTemplate
{
    private readonly HandlebarsTemplate<object, object> subject;
    private readonly HandlebarsTemplate<object, object> body;

    internal DunningTemplate(int level, string language, string file, HandlebarsTemplate<object, object> subject, HandlebarsTemplate<object, object> body)
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
    /// <exception cref="DunningTemplateException">The template uses a value the model does not have (names the file and the value).</exception>
    public (string Subject, string HtmlBody) Render(IReadOnlyDictionary<string, object?> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        try
        {
            var renderedSubject = subject(model).Trim().ReplaceLineEndings(" ");
            var renderedBody = body(model);
            return (renderedSubject, renderedBody);
        }
        catch (HandlebarsUndefinedBindingException e)
        {
            // A misspelt name would otherwise send a letter with a hole in it; Handlebars.Net gives no line here.
            throw new DunningTemplateException($"{File}: the template uses '{e.Path}', which a dunning mail does not have (see templates/dunning/README.md).", File, null, e);
        }
        catch (HandlebarsException e)
        {
            throw new DunningTemplateException($"{File}: {DunningTemplates.FirstLine(e.Message)}", File, null, e);
        }
    }
}
