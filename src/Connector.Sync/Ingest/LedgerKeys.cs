namespace Connector.Sync.Ingest;

/// <summary>
/// Every key of one entity a run knows, in one table: the ledger's row hash (loaded once, updated as rows land) and the unit
/// and line that last read the key (duplicate keys within a file). One lookup per row serves both checks. The keys' text is
/// copied into one arena of characters, so the table holds no string per key: a million key strings read at the start of a
/// re-ingest (or kept from a first ingest's records) all survived into gen 2, and promoting them cost more than reading them
/// (decision 112). Keys are found by their text in place (<see cref="ReadOnlySpan{T}"/>), hashed with the runtime's randomized
/// string hash, so a crafted export cannot make lookups collide.
/// </summary>
internal sealed class LedgerKeys
{
    private int[] buckets = new int[16];
    private Slot[] slots = new Slot[16];
    private char[] text = new char[256];
    private int count;
    private int textLength;
    private int lastUnit;

    /// <summary>Keys with a stored (or landed this run) record.</summary>
    public int StoredCount { get; private set; }

    /// <summary>Makes room for <paramref name="keys"/> keys at once (and their text, at an estimated 16 characters each).</summary>
    public void EnsureCapacity(long keys)
    {
        var wanted = (int)Math.Min(keys, Array.MaxLength / 4);
        if (wanted > slots.Length)
        {
            Resize(wanted);
        }

        var chars = (int)Math.Min((long)wanted * 16, Array.MaxLength);
        if (chars > text.Length)
        {
            Array.Resize(ref text, chars);
        }
    }

    /// <summary>A number for a unit being read, so a key read twice within it is told from a key read in an earlier unit.</summary>
    public int NewUnit() => ++lastUnit;

    /// <summary>Whether a record of this key is in the ledger or landed earlier in the run (a reference to it holds).</summary>
    public bool IsStored(ReadOnlySpan<char> key)
    {
        var slot = IndexOf(key, string.GetHashCode(key));
        return slot >= 0 && slots[slot].Value.Stored;
    }

    /// <summary>
    /// Whether the key is stored with exactly this hash and <paramref name="unit"/> has not read it before: the row changes nothing.
    /// Then the key is claimed for <paramref name="line"/> of the unit, as <see cref="Claim"/> and <see cref="Land"/> would have;
    /// otherwise nothing changes and the row is to be claimed and landed the ordinary way.
    /// </summary>
    public bool TryClaimUnchanged(ReadOnlySpan<char> key, UInt128 hash, int unit, long line)
    {
        var slot = IndexOf(key, string.GetHashCode(key));
        if (slot < 0)
        {
            return false;
        }

        ref var entry = ref slots[slot].Value;
        if (!entry.Stored || entry.Hash != hash || entry.Unit == unit)
        {
            return false;
        }

        entry.Unit = unit;
        entry.Line = line;
        return true;
    }

    /// <summary>A stored record's hash, as the store reads it (<see cref="Ports.LedgerKeyHash"/>: the key is copied).</summary>
    public void AddStored(ReadOnlySpan<char> key, UInt128 hash)
    {
        ref var entry = ref Find(key);
        if (!entry.Stored)
        {
            StoredCount++;
        }

        entry.Hash = hash;
        entry.Stored = true;
    }

    /// <summary>
    /// Claims <paramref name="key"/> for line <paramref name="line"/> of <paramref name="unit"/>. When the unit read the key before,
    /// sets <paramref name="firstLine"/> to the line that read it first; otherwise it is <c>null</c> and the entry returned is to be
    /// landed with <see cref="Land"/> before the table changes again.
    /// </summary>
    public ref Entry Claim(ReadOnlySpan<char> key, int unit, long line, out long? firstLine)
    {
        ref var entry = ref Find(key, out var exists);
        if (exists && entry.Unit == unit)
        {
            firstLine = entry.Line;
            return ref entry;
        }

        entry.Unit = unit;
        entry.Line = line;
        firstLine = null;
        return ref entry;
    }

    /// <summary>The entry of a key outside any unit (a retried letter): created when new. Valid until the table changes again.</summary>
    public ref Entry Find(ReadOnlySpan<char> key) => ref Find(key, out _);

    /// <summary>Compares a record's hash with the stored one and records it; what it costs the ledger.</summary>
    public LandKind Land(ref Entry entry, UInt128 hash)
    {
        if (entry.Stored)
        {
            if (entry.Hash == hash)
            {
                return LandKind.Unchanged;
            }

            entry.Hash = hash;
            return LandKind.Changed;
        }

        entry.Hash = hash;
        entry.Stored = true;
        StoredCount++;
        return LandKind.New;
    }

    private ref Entry Find(ReadOnlySpan<char> key, out bool exists)
    {
        var hashCode = string.GetHashCode(key);
        var found = IndexOf(key, hashCode);
        if (found >= 0)
        {
            exists = true;
            return ref slots[found].Value;
        }

        if (count == slots.Length)
        {
            Resize(slots.Length * 2);
        }

        if (textLength + key.Length > text.Length)
        {
            Array.Resize(ref text, (int)Math.Min(Math.Max((long)text.Length * 2, textLength + key.Length), Array.MaxLength));
        }

        key.CopyTo(text.AsSpan(textLength));
        var index = count++;
        ref var slot = ref slots[index];
        slot.Start = textLength;
        slot.Length = key.Length;
        slot.HashCode = hashCode;
        ref var bucket = ref buckets[hashCode & (buckets.Length - 1)];
        slot.Next = bucket - 1;
        bucket = index + 1;
        textLength += key.Length;
        exists = false;
        return ref slot.Value;
    }

    private int IndexOf(ReadOnlySpan<char> key, int hashCode)
    {
        var slots = this.slots;
        for (var i = buckets[hashCode & (buckets.Length - 1)] - 1; i >= 0; i = slots[i].Next)
        {
            ref var slot = ref slots[i];
            if (slot.HashCode == hashCode && key.SequenceEqual(text.AsSpan(slot.Start, slot.Length)))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Room for <paramref name="capacity"/> keys: the slots keep their places (and their hash codes), the buckets are rebuilt.</summary>
    private void Resize(int capacity)
    {
        Array.Resize(ref slots, capacity);
        buckets = new int[(int)Math.Min(System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity), 1u << 30)];
        var mask = buckets.Length - 1;
        for (var i = 0; i < count; i++)
        {
            ref var bucket = ref buckets[slots[i].HashCode & mask];
            slots[i].Next = bucket - 1;
            bucket = i + 1;
        }
    }

    /// <summary>One key: its record's hash when stored, and the unit and physical line that last read it.</summary>
    internal struct Entry
    {
        public UInt128 Hash;
        public long Line;
        public int Unit;
        public bool Stored;
    }

    /// <summary>A key's place in the arena, its hash code, the next slot of its bucket (-1: none) and its entry.</summary>
    private struct Slot
    {
        public Entry Value;
        public int Start;
        public int Length;
        public int HashCode;
        public int Next;
    }
}

/// <summary>What landing a record costs the ledger.</summary>
internal enum LandKind
{
    New,
    Changed,
    Unchanged,
}
