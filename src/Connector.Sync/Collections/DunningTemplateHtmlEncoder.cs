using System.Text;
using System.Text.Unicode;
using HandlebarsDotNet;
using HtmlEncoder = System.Text.Encodings.Web.HtmlEncoder;

namespace Connector.Sync.Collections;

/// <summary>
/// How <c>{{ }}</c> encodes values in a dunning body: the framework's <see cref="HtmlEncoder"/> rather than
/// Handlebars.Net's own, which also encodes <c>=</c> (every pay link would read <c>amount&amp;#x3D;…</c> in the source)
/// and every non-ASCII letter. This one encodes <c>&lt; &gt; &amp; " '</c> and leaves letters of every script alone,
/// so "Société Générale" stays readable and an ERP name or invoice number still cannot inject markup.
/// </summary>
internal sealed class DunningTemplateHtmlEncoder : ITextEncoder
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public void Encode(StringBuilder? text, TextWriter target) => Html.Encode(target, text?.ToString() ?? "");

    public void Encode(string? text, TextWriter target) => Html.Encode(target, text ?? "");

    public void Encode<T>(T? text, TextWriter target)
        where T : IEnumerator<char>
    {
        if (text is null)
        {
            return;
        }

        var buffer = new StringBuilder();
        while (text.MoveNext())
        {
            buffer.Append(text.Current);
        }

        Html.Encode(target, buffer.ToString());
    }
}
