namespace Connector.Sync.Ingest;

/// <summary>
/// Every key of one entity a run knows, in one table: the ledger's row hash (loaded once, updated as rows land) and the unit
/// and line that last read the key (duplicate keys within a file). One lookup per row serves both checks. The keys' text is
/// copied into chunks of characters, so the table holds no string per key: a million key strings read at the start of a
/// re-ingest (or kept from a first ingest's records) all survived into gen 2, and promoting them cost more than reading them
/// (decision 112). Keys are found by their text in place (<see cref="ReadOnlySpan{T}"/>), hashed with the runtime's randomized
/// string hash, so a crafted export cannot make lookups collide.
/// </summary>
internal sealed class LedgerKeys
{
    // Slots in segments of 1,024 (57 KB) and key text in chunks of 16,384 characters (32 KB): small objects, never copied as
    // the table grows. A first ingest grows it from nothing to a million keys, and arrays doubled on the large-object heap
    // (the text alone to 32 MB) each counted towards the next full collection: ten in one run instead of one.
    private const int SegmentShift = 10;
    private const int SegmentMask = (1 << SegmentShift) - 1;
    private const int TextChunk = 16_384;

    private readonly List<char[]> text = [new char[TextChunk]];
    private Slot[][] segments = [];
    private int[] buckets = new int[1024];
    private int count;
    private int textUsed;
    private int lastUnit;

    /// <summary>Keys with a stored (or landed this run) record.</summary>
    public int StoredCount { get; private set; }

    /// <summary>A number for a unit being read, so a key read twice within it is told from a key read in an earlier unit.</summary>
    public int NewUnit() => ++lastUnit;

    /// <summary>Whether a record of this key is in the ledger or landed earlier in the run (a reference to it holds).</summary>
    public bool IsStored(ReadOnlySpan<char> key)
    {
        var slot = IndexOf(key, string.GetHashCode(key));
        return slot >= 0 && SlotAt(slot).Value.Stored;
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

        ref var entry = ref SlotAt(slot).Value;
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
            return ref SlotAt(found).Value;
        }

        if (count == buckets.Length && buckets.Length < 1 << 30)
        {
            Rehash(buckets.Length * 4);
        }

        if ((count >> SegmentShift) == segments.Length)
        {
            Array.Resize(ref segments, Math.Max(4, segments.Length * 2));
        }

        var index = count++;
        ref var segment = ref segments[index >> SegmentShift];
        segment ??= new Slot[1 << SegmentShift];
        ref var slot = ref segment[index & SegmentMask];
        if (textUsed + key.Length > text[^1].Length)
        {
            text.Add(new char[Math.Max(TextChunk, key.Length)]);
            textUsed = 0;
        }

        key.CopyTo(text[^1].AsSpan(textUsed));
        slot.Chunk = text.Count - 1;
        slot.Offset = textUsed;
        slot.Length = key.Length;
        slot.HashCode = hashCode;
        textUsed += key.Length;
        ref var bucket = ref buckets[hashCode & (buckets.Length - 1)];
        slot.Next = bucket - 1;
        bucket = index + 1;
        exists = false;
        return ref slot.Value;
    }

    private ref Slot SlotAt(int index) => ref segments[index >> SegmentShift][index & SegmentMask];

    private int IndexOf(ReadOnlySpan<char> key, int hashCode)
    {
        for (var i = buckets[hashCode & (buckets.Length - 1)] - 1; i >= 0;)
        {
            ref var slot = ref SlotAt(i);
            if (slot.HashCode == hashCode && key.SequenceEqual(text[slot.Chunk].AsSpan(slot.Offset, slot.Length)))
            {
                return i;
            }

            i = slot.Next;
        }

        return -1;
    }

    /// <summary><paramref name="size"/> buckets (a power of two): the slots keep their places and hash codes, only the chains are rebuilt.</summary>
    private void Rehash(int size)
    {
        buckets = new int[size];
        var mask = size - 1;
        for (var i = 0; i < count; i++)
        {
            ref var slot = ref SlotAt(i);
            ref var bucket = ref buckets[slot.HashCode & mask];
            slot.Next = bucket - 1;
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

    /// <summary>A key's place in the text chunks, its hash code, the next slot of its bucket (-1: none) and its entry.</summary>
    private struct Slot
    {
        public Entry Value;
        public int Chunk;
        public int Offset;
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
