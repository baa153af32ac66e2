using System.Globalization;

namespace Connector.Domain.Policies;

/// <summary>A number between two bounds, both inclusive: <c>must be between 0 and 3650 (was 4000)</c>.</summary>
/// <remarks>Decimal bounds are given as <see cref="double"/> (attributes take no decimals); the values here are exact in both.</remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
public sealed class SettingRangeAttribute : SettingAttribute
{
    public SettingRangeAttribute(int minimum, int maximum)
    {
        Minimum = minimum;
        Maximum = maximum;
    }

    public SettingRangeAttribute(double minimum, double maximum)
    {
        Minimum = (decimal)minimum;
        Maximum = (decimal)maximum;
    }

    public decimal Minimum { get; }

    public decimal Maximum { get; }

    protected override Problem? Check(object value)
    {
        var number = Convert.ToDecimal(value, CultureInfo.InvariantCulture);
        return number >= Minimum && number <= Maximum
            ? null
            : new Problem(string.Create(CultureInfo.InvariantCulture, $"must be between {Minimum} and {Maximum}"), PolicyErrors.Describe(value));
    }
}
