using Connector.Sync.Collections;

namespace Connector.Sync.Tests.Collections;

public sealed class LiquidTemplateTests
{
    private static readonly Dictionary<string, object?> Model = new(StringComparer.Ordinal)
    {
        ["customer"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = "A&B" },
        ["items"] = new List<object?>
        {
            new Dictionary<string, object?>(StringComparer.Ordinal) { ["invoice"] = "INV-1", ["disputed"] = false },
            new Dictionary<string, object?>(StringComparer.Ordinal) { ["invoice"] = "INV-2", ["disputed"] = true },
        },
        ["note"] = "",
    };

    [Fact]
    public void Render_LoopsConditionsAndWhitespaceControl_AsLiquidDoes()
    {
        var template = LiquidTemplate.Parse("<ul>\n{%- for item in items %}\n<li>{{ forloop.index }} {{ item.invoice }}{% if item.disputed %} (disputed){% endif %}</li>\n{%- endfor %}\n</ul>{% if note != \"\" %}{{ note }}{% else %} none{% endif %} {{ items.size }}");

        Assert.Equal("<ul>\n<li>1 INV-1</li>\n<li>2 INV-2 (disputed)</li>\n</ul> none 2", template.Render(Model, static s => s));
    }

    [Fact]
    public void Render_Values_AreEncodedButTheTemplateTextIsNot()
    {
        Assert.Equal("<b>A&amp;B</b>", LiquidTemplate.Parse("<b>{{ customer.name }}</b>").Render(Model, static s => s.Replace("&", "&amp;", StringComparison.Ordinal)));
    }

    [Fact]
    public void Render_UnknownVariable_FailsWithItsLine()
    {
        var template = LiquidTemplate.Parse("a\nb\n{{ customer.nmae }}", firstLine: 2);

        var error = Assert.Throws<LiquidException>(() => template.Render(Model, static s => s));

        Assert.Equal(4, error.Line);
        Assert.Equal("'customer.nmae' is not a template variable", error.Message);
    }

    [Theory]
    [InlineData("x\n{% if note %}\ny", 2, "'if' is never closed (no 'endif')")]
    [InlineData("{% endfor %}", 1, "'endfor' without an open 'for'")]
    [InlineData("\n\n{% include 'x' %}", 3, "unknown tag 'include' (supported: if, else, endif, for, endfor, comment)")]
    [InlineData("{{ customer.name | upcase }}", 1, "filters are not supported ('customer.name | upcase')")]
    [InlineData("a\n{{ customer.name", 2, "'{{' is never closed")]
    public void Parse_BadTemplate_SaysWhatAndWhere(string source, int line, string message)
    {
        var error = Assert.Throws<LiquidException>(() => LiquidTemplate.Parse(source));

        Assert.Equal((line, message), (error.Line, error.Message));
    }
}
