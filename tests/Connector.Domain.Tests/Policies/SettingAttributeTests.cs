using System.ComponentModel.DataAnnotations;
using Connector.Domain.Credit;
using Connector.Domain.Policies;

namespace Connector.Domain.Tests.Policies;

/// <summary>
/// The attributes on their own (the generated validators in the projects that bind the settings call them the same way,
/// and pin each settings type's messages): path from the type's section, what was expected, what was given.
/// </summary>
public sealed class SettingAttributeTests
{
    [Fact]
    public void SettingRange_OutOfRange_NamesPathBoundsAndValue()
    {
        Assert.Equal(["Sample:Days must be between 1 and 52 (a reason) (was 53)."], Failures(new Sample { Days = 53 }));
    }

    [Fact]
    public void SettingRange_DecimalBounds_ShownInvariant()
    {
        Assert.Equal(["Sample:Rate must be between 0 and 0.5 (was 0.75)."], Failures(new Sample { Rate = 0.75m }));
    }

    [Fact]
    public void SettingOneOf_UndefinedEnumValue_ListsTheNames()
    {
        Assert.Equal(["Sample:Enforcement must be Hold or Reject (was 9)."], Failures(new Sample { Enforcement = (OrderEnforcement)9 }));
    }

    [Fact]
    public void SettingRequired_Blank_ReportedAloneWithoutTheOtherRules()
    {
        Assert.Equal(["Sample:Code is required: three letters (was ' ')."], Failures(new Sample { Code = " " }));
        Assert.Equal(["Sample:Code must be three letters (was 'ab')."], Failures(new Sample { Code = "ab" }));
    }

    [Fact]
    public void SettingRule_TypeWithoutSection_ThrowsNamingTheType()
    {
        var context = new ValidationContext(new NoSection()) { MemberName = nameof(NoSection.Days) };

        var error = Assert.Throws<InvalidOperationException>(() => Validator.TryValidateProperty(0, context, []));

        Assert.Equal("NoSection has no [SettingsSection]: its validation messages could not name the setting.", error.Message);
    }

    private static List<string?> Failures(object settings)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true);
        return [.. results.Select(static r => r.ErrorMessage)];
    }

    [SettingsSection("Sample")]
    private sealed class Sample
    {
        [SettingRange(1, 52, Hint = "a reason")]
        public int Days { get; set; } = 1;

        [SettingRange(0d, 0.5d)]
        public decimal Rate { get; set; }

        [SettingOneOf]
        public OrderEnforcement Enforcement { get; set; }

        [SettingRequired("is required: three letters")]
        [SettingPattern("^[a-z]{3}$", "must be three letters")]
        public string Code { get; set; } = "abc";
    }

    private sealed class NoSection
    {
        [SettingRange(1, 2)]
        public int Days { get; set; }
    }
}
