using System.ComponentModel.DataAnnotations;

namespace Connector.Domain.Policies;

/// <summary>
/// The setting must be given: not absent, not empty or blank text. Checked before the setting's other rules, which do not
/// run when it fails (a <see cref="RequiredAttribute"/>, so DataAnnotations short-circuits on it).
/// </summary>
/// <param name="expected">What is said about the setting, after its path (<c>is required: the letters are signed with it</c>).</param>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
public sealed class SettingRequiredAttribute(string expected = "is required") : RequiredAttribute
{
    public string Expected { get; } = expected;

    /// <summary>Added in parentheses after <see cref="Expected"/>.</summary>
    public string? Hint { get; set; }

    public override bool RequiresValidationContext => true;

    public override bool IsValid(object? value) => !IsMissing(value);

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        IsMissing(value)
            ? new ValidationResult(SettingAttribute.Message(validationContext, Expected, PolicyErrors.Describe(value), Hint))
            : ValidationResult.Success;

    private static bool IsMissing(object? value) => value is null || (value is string text && string.IsNullOrWhiteSpace(text));
}
