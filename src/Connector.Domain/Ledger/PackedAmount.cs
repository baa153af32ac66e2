namespace Connector.Domain.Ledger;

/// <summary>
/// A <see cref="decimal"/> as its 64-bit magnitude and one byte of sign and scale, exactly (the same bits come back, trailing
/// zeros and the sign of zero included), for an amount whose 96-bit magnitude has its top 32 bits clear — every amount a
/// ledger holds in practice. An <see cref="Invoice"/> keeps its two amounts this way: 18 bytes instead of 32, which makes
/// the record 80 bytes instead of 96 (decision 135). A wider amount is <see cref="Wide"/> and kept whole elsewhere.
/// </summary>
internal static class PackedAmount
{
    /// <summary>The sign-and-scale byte of an amount that did not fit (no decimal has scale 127).</summary>
    public const byte Wide = 0xFF;

    private const byte NegativeBit = 0x80;

    public static bool TryPack(decimal value, out ulong magnitude, out byte signAndScale)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        if (bits[2] != 0)
        {
            magnitude = 0;
            signAndScale = Wide;
            return false;
        }

        magnitude = (uint)bits[0] | ((ulong)(uint)bits[1] << 32);
        signAndScale = (byte)(((bits[3] >> 16) & 0x7F) | (bits[3] < 0 ? NegativeBit : 0));
        return true;
    }

    public static decimal Unpack(ulong magnitude, byte signAndScale) =>
        new((int)magnitude, (int)(magnitude >> 32), 0, (signAndScale & NegativeBit) != 0, (byte)(signAndScale & 0x7F));
}
