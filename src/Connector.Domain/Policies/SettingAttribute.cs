using System.ComponentModel.DataAnnotations;

namespace Connector.Domain.Policies;

/// <summary>
/// A rule on one setting. Its message names the setting by its path (<c>Credit:OverdueAgeDays</c>, from the type's
/// <see cref="SettingsSectionAttribute"/>), says what was expected and what was given:
/// <c>Credit:OverdueAgeDays must be between 0 and 3650 (was 4000).</c> An absent value (<c>null</c>) passes every rule
/// but <see cref="SettingRequiredAttribute"/>.
/// </summary>
/// <remarks>
/// The options validator generator copies these attributes into the validators it writes; the stock DataAnnotations
/// messages ("The field … must be between …") name neither the section nor the value given.
/// </remarks>
public abstract class SettingAttribute : ValidationAttribute
{
    /// <summary>Added in parentheses after what is expected: why, or what else to do (<c>Dataverse refuses more than 52 …</c>).</summary>
    public string? Hint { get; set; }

    public override bool RequiresValidationContext => true;

    /// <summary>The message for a failing setting: <c>{path} {expected} ({hint}) (was {given}).</c></summary>
    public static string Message(ValidationContext context, string expected, string given, string? hint = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        return PolicyErrors.Message(PathOf(context), hint is null ? expected : $"{expected} ({hint})", given);
    }

    /// <summary>The setting's configuration path: the type's section and the member (<c>Credit:OverdueAgeDays</c>).</summary>
    public static string PathOf(ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return $"{SettingsSectionAttribute.Of(context.ObjectType)}:{context.MemberName ?? context.DisplayName}";
    }

    public override bool IsValid(object? value) => value is null || Check(value) is null;

    protected sealed override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        value is not null && Check(value) is { } problem
            ? new ValidationResult(Message(validationContext, problem.Expected, problem.Given, Hint))
            : ValidationResult.Success;

    /// <summary>What is wrong with <paramref name="value"/> (never <c>null</c> here), or <c>null</c> when it is acceptable.</summary>
    protected abstract Problem? Check(object value);

    /// <param name="Expected">What the setting must be, as the rest of a sentence that starts with its path (<c>must be between 1 and 52</c>).</param>
    /// <param name="Given">The value given, as shown (<see cref="PolicyErrors.Describe"/>; never a secret).</param>
    protected sealed record Problem(string Expected, string Given);
}
