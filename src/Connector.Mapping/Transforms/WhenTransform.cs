using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using Connector.Mapping.Rows;

namespace Connector.Mapping.Transforms;

/// <summary>A transform with the place in the mapping file it was written (a field's list or a named chain), for load-time messages.</summary>
internal sealed record LocatedTransform(Transform Transform, string Path);

/// <summary>The test of a <c>when</c>: as the filters test a column (values compared trimmed, <c>matches</c> on the value as is).</summary>
internal sealed record WhenTest(string Kind, IReadOnlyList<string> Values, Regex? Pattern, bool? Empty)
{
    public bool Holds(string value, out string? problem)
    {
        problem = null;
        var trimmed = value.AsSpan().Trim();
        switch (Kind)
        {
            case "equals":
            case "in":
                return Any(trimmed);
            case "notEquals":
            case "notIn":
                return !Any(trimmed);
            case "empty":
                return trimmed.IsEmpty == Empty;
            default:
                try
                {
                    return Pattern!.IsMatch(value);
                }
                catch (RegexMatchTimeoutException e)
                {
                    problem = string.Create(CultureInfo.InvariantCulture, $"pattern '{Pattern}' took longer than {e.MatchTimeout.TotalSeconds:0.#} s on '{value}' (when), so which branch applies is unknown: simplify the pattern");
                    return false;
                }
        }
    }

    /// <summary><see cref="Holds"/> of text in place; <c>null</c> for a pattern (left to the string form).</summary>
    public bool? HoldsSpan(ReadOnlySpan<char> value)
    {
        var trimmed = value.Trim();
        return Kind switch
        {
            "equals" or "in" => Any(trimmed),
            "notEquals" or "notIn" => !Any(trimmed),
            "empty" => trimmed.IsEmpty == Empty,
            _ => null,
        };
    }

    private bool Any(ReadOnlySpan<char> value)
    {
        foreach (var candidate in Values)
        {
            if (value.Equals(candidate, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>One branch of a <c>when</c>: a constant value, or transforms applied to the value.</summary>
internal sealed record WhenBranch(string? Constant, IReadOnlyList<LocatedTransform> Steps)
{
    public ValueKind Output(ValueKind input)
    {
        if (Constant is not null)
        {
            return ValueKind.Text;
        }

        foreach (var step in Steps)
        {
            input = step.Transform.Output(input);
        }

        return input;
    }

    public WhenBranch Bind(TransformBinding binding) => Constant is not null
        ? this
        : new WhenBranch(null, [.. Steps.Select(s => s with { Transform = s.Transform.Bind(binding) })]);
}

/// <summary>
/// <c>when</c>: a conditional value. When the tested column (or, without <c>column</c>, the value itself) passes the test,
/// <c>then</c> applies, otherwise <c>else</c> (the value unchanged when there is no <c>else</c>). A branch is a constant
/// or a list of transforms.
/// </summary>
internal sealed class WhenTransform : Transform
{
    private readonly WhenTest test;
    private readonly Transform[] thenSteps;
    private readonly Transform[] elseSteps;
    private readonly int column;

    public WhenTransform(string? sourceColumn, WhenTest test, WhenBranch then, WhenBranch? otherwise)
        : this(sourceColumn, test, then, otherwise, -1)
    {
    }

    private WhenTransform(string? sourceColumn, WhenTest test, WhenBranch then, WhenBranch? otherwise, int column)
    {
        SourceColumn = sourceColumn;
        this.test = test;
        Then = then;
        Else = otherwise;
        this.column = column;
        thenSteps = [.. then.Steps.Select(static s => s.Transform)];
        elseSteps = otherwise is null ? [] : [.. otherwise.Steps.Select(static s => s.Transform)];
    }

    public override string Name => "when";

    /// <summary>The tested column, or <c>null</c> to test the value itself.</summary>
    public string? SourceColumn { get; }

    public WhenBranch Then { get; }

    public WhenBranch? Else { get; }

    public override ValueKind Output(ValueKind input)
    {
        var then = Then.Output(input);
        return then == (Else?.Output(input) ?? input) ? then : ValueKind.Text;
    }

    public override Transform Bind(TransformBinding binding) => new WhenTransform(
        SourceColumn,
        test,
        Then.Bind(binding),
        Else?.Bind(binding),
        SourceColumn is null ? -1 : binding.Resolve(SourceColumn, "'when'"));

    public override bool TryApply(ref string value, [NotNullWhen(false)] out string? reason) => TryApply(ref value, [], out reason);

    internal override bool HasSpanForm => thenSteps.All(static s => s.HasSpanForm) && elseSteps.All(static s => s.HasSpanForm);

    internal override bool TryApplySpan(ref ReadOnlySpan<char> value, ref int column, RowScratch scratch, IRowSpans row)
    {
        var tested = SourceColumn is null ? value : this.column >= 0 && this.column < row.Count ? row.Span(this.column) : default;
        if (test.HoldsSpan(tested) is not { } holds)
        {
            return false;
        }

        var branch = holds ? Then : Else;
        if (branch is null)
        {
            return true;
        }

        if (branch.Constant is { } constant)
        {
            value = constant;
            column = -1;
            return true;
        }

        var steps = holds ? thenSteps : elseSteps;
        for (var i = 0; i < steps.Length; i++)
        {
            if (!steps[i].TryApplySpan(ref value, ref column, scratch, row))
            {
                return false;
            }
        }

        return true;
    }

    public override bool TryApply(ref string value, string[] row, [NotNullWhen(false)] out string? reason)
    {
        var tested = SourceColumn is null ? value : TransformBinding.At(row, column);
        var holds = test.Holds(tested, out reason);
        if (reason is not null)
        {
            return false;
        }

        var branch = holds ? Then : Else;
        if (branch is null)
        {
            return true;
        }

        if (branch.Constant is { } constant)
        {
            value = constant;
            return true;
        }

        var steps = holds ? thenSteps : elseSteps;
        for (var i = 0; i < steps.Length; i++)
        {
            if (!steps[i].TryApply(ref value, row, out reason))
            {
                return false;
            }
        }

        return true;
    }
}
