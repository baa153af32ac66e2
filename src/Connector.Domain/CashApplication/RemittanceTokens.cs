namespace Connector.Domain.CashApplication;

/// <summary>
/// One possible invoice number found in a remittance text. <see cref="Chain"/> groups the whole of a
/// number such as "2026-0045" (<see cref="IsPart"/> false) with its parts "2026" and "45": a part is
/// only tried when the whole matched nothing.
/// </summary>
internal readonly record struct ReferenceToken(int KeyStart, int KeyLength, int RawStart, int RawLength, int Chain, bool IsPart, bool Strong);

/// <summary>The reference tokens of one text; reused across payments so scanning allocates nothing.</summary>
internal sealed class RemittanceTokens
{
    private readonly List<ReferenceToken> tokens = [];
    private char[] keys = new char[256];
    private int used;

    public int Count => tokens.Count;

    public ReferenceToken this[int index] => tokens[index];

    public ReadOnlySpan<char> Key(in ReferenceToken token) => keys.AsSpan(token.KeyStart, token.KeyLength);

    public string KeyString(in ReferenceToken token) => new(Key(token));

    public void Clear()
    {
        tokens.Clear();
        used = 0;
    }

    public void Add(ReadOnlySpan<char> key, int rawStart, int rawLength, int chain, bool isPart, bool strong)
    {
        if (used + key.Length > keys.Length)
        {
            Array.Resize(ref keys, Math.Max(keys.Length * 2, used + key.Length));
        }

        key.CopyTo(keys.AsSpan(used));
        tokens.Add(new ReferenceToken(used, key.Length, rawStart, rawLength, chain, isPart, strong));
        used += key.Length;
    }
}
