namespace Connector.Domain.Evaluation;

/// <summary>
/// A sum of decimals kept as a whole number of units of 10^−<see cref="UnitScale"/>, for operands of at most that scale:
/// integer adds instead of decimal ones in the walk over a million open items (decision 136). It gives the decimal the same
/// additions give: the exact value at the largest scale added (decimal addition keeps the larger scale and rounds only
/// beyond 28 digits, which these operands never reach). A sum that comes to zero from operands is not given (the sign
/// of a decimal zero depends on the order of the additions); the caller then sums in decimals.
/// </summary>
internal struct UnitSum
{
    /// <summary>The largest operand scale taken: currency amounts have 0–3 decimals.</summary>
    public const int UnitScale = 4;

    /// <summary>Operand magnitudes below this (7·10^13 at scale 0, 7·10^17 units) can be added at least 13 times before a sum can overflow; every addition is checked, and an overflow sends the account to the decimal sum.</summary>
    public const ulong MaxMagnitude = 1UL << 46;

    private static readonly long[] UnitsPerScale = [10_000, 1_000, 100, 10, 1];

    private long units;

    // 0: nothing added (the sum is 0m); else 1 + the largest scale added.
    private byte scalePlusOne;

    /// <summary>An operand's units, or <c>false</c> when it cannot be summed here (too wide, too many decimals, −0).</summary>
    public static bool TryUnits(ulong magnitude, byte signAndScale, out long operand)
    {
        var scale = signAndScale & 0x7F;
        var negative = (signAndScale & 0x80) != 0;
        if (scale > UnitScale || magnitude >= MaxMagnitude || (negative && magnitude == 0))
        {
            operand = 0;
            return false;
        }

        operand = (long)magnitude * UnitsPerScale[scale];
        operand = negative ? -operand : operand;
        return true;
    }

    public static byte ScaleOf(byte signAndScale) => (byte)(signAndScale & 0x7F);

    /// <summary>Adds an operand (from <see cref="TryUnits"/>) of the given scale; throws <see cref="OverflowException"/> past 2^63 units.</summary>
    public void Add(long operand, byte scale)
    {
        units = checked(units + operand);
        if (scale >= scalePlusOne)
        {
            scalePlusOne = (byte)(scale + 1);
        }
    }

    /// <summary>The decimal the same additions give, starting from 0m; <c>false</c> for a zero reached from operands.</summary>
    public readonly bool TryGet(out decimal value)
    {
        if (scalePlusOne == 0)
        {
            value = 0m;
            return true;
        }

        if (units == 0)
        {
            value = default;
            return false;
        }

        var scale = scalePlusOne - 1;
        var magnitude = (ulong)Math.Abs(units) / (ulong)UnitsPerScale[scale];
        value = new decimal((int)magnitude, (int)(magnitude >> 32), 0, units < 0, (byte)scale);
        return true;
    }
}
