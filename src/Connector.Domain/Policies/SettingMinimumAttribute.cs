using System.Globalization;

namespace Connector.Domain.Policies;

/// <summary>A number at or above a bound (<c>must be 0 or more</c>), or above it with <see cref="Exclusive"/> (<c>must be greater than 0</c>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
public sealed class SettingMinimumAttribute(double minimum) : SettingAttribute
{
    public decimal Minimum { get; } = (decimal)minimum;

    /// <summary>The bound itself is not allowed.</summary>
    public bool Exclusive { get; set; }

    protected override Problem? Check(object value)
    {
        var number = Convert.ToDecimal(value, CultureInfo.InvariantCulture);
        if (Exclusive ? number > Minimum : number >= Minimum)
        {
            return null;
        }

        var bound = Minimum.ToString(CultureInfo.InvariantCulture);
        return new Problem(Exclusive ? $"must be greater than {bound}" : $"must be {bound} or more", PolicyErrors.Describe(value));
    }
}
