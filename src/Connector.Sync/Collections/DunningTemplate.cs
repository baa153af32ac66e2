using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;

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

    private readonly IFluidTemplate subject;
    private readonly IFluidTemplate body;

    internal DunningTemplate(int level, string language, string file, IFluidTemplate subject, IFluidTemplate body)
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
    public (string Subject, string HtmlBody) Render(IReadOnlyDictionary<string, object?> model, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(model);
        var options = new TemplateOptions
        {
            CultureInfo = CultureInfo.InvariantCulture,
            TimeZone = TimeZoneInfo.Utc,
            StrictVariables = true,

            // "now" in a template is the mail's date, not the machine's clock.
            Now = () => new DateTimeOffset(on.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        };
        var context = new TemplateContext(options);
        foreach (var (name, value) in model)
        {
            context.SetValue(name, value);
        }

        try
        {
            var renderedSubject = subject.Render(context, NullEncoder.Default).Trim().ReplaceLineEndings(" ");
            var renderedBody = body.Render(context, BodyEncoder);
            return (renderedSubject, renderedBody);
        }
        catch (FluidException e)
        {
            throw new DunningTemplateException($"{File}: {e.Message}", File, null, e);
        }
    }
}
