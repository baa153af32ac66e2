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

    /// <summary>Keys whose record has a source hash (decision 139): none, and looking a row up by its source hash cannot find it.</summary>
    public int SourceHashCount { get; private set; }

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
    /// Then the key is claimed for <paramref name="line"/> of the unit, as <see cref="Claim"/> and <see cref="Land(ref Entry, UInt128)"/> would have;
    /// otherwise nothing changes and the row is to be claimed and landed the ordinary way.
    /// </summary>
    public bool TryClaimUnchanged(ReadOnlySpan<char> key, UInt128 hash, int unit, long line) => TryClaimUnchanged(key, hash, unit, line, null, out _);

    /// <summary><see cref="TryClaimUnchanged(ReadOnlySpan{char}, UInt128, int, long)"/> for a row with a source hash.</summary>
    /// <remarks>
    /// <paramref name="sourceHash"/> is the row's source hash: when the stored one is missing or another, it is recorded and
    /// <paramref name="sourceHashStale"/> says the store's is to be written (the record itself is unchanged).
    /// </remarks>
    public bool TryClaimUnchanged(ReadOnlySpan<char> key, UInt128 hash, int unit, long line, UInt128? sourceHash, out bool sourceHashStale)
    {
        sourceHashStale = false;
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
        sourceHashStale = Refresh(ref entry, sourceHash);
        return true;
    }

    /// <summary>
    /// Whether the key is stored with exactly this source hash (the row was mapped from the same raw columns under the same mapping,
    /// so it maps to the stored record) and <paramref name="unit"/> has not read it before: the row changes nothing, and need not be
    /// mapped. Then the key is claimed for <paramref name="line"/>, as <see cref="TryClaimUnchanged"/> does (decision 139).
    /// </summary>
    public bool TryClaimUnchangedAtSource(ReadOnlySpan<char> key, UInt128 sourceHash, int unit, long line)
    {
        var slot = IndexOf(key, string.GetHashCode(key));
        if (slot < 0)
        {
            return false;
        }

        ref var entry = ref SlotAt(slot).Value;
        if (!entry.Stored || !entry.HasSourceHash || entry.SourceHash != sourceHash || entry.Unit == unit)
        {
            return false;
        }

        entry.Unit = unit;
        entry.Line = line;
        return true;
    }

    /// <summary>A stored record's hash, as the store reads it (<see cref="Ports.LedgerKeyHash"/>: the key is copied).</summary>
    public void AddStored(ReadOnlySpan<char> key, UInt128 hash) => AddStored(key, hash, null);

    /// <summary>A stored record's hash and source hash, as the store reads them (<see cref="Ports.LedgerKeyHashes"/>: the key is copied).</summary>
    public void AddStored(ReadOnlySpan<char> key, UInt128 hash, UInt128? sourceHash)
    {
        ref var entry = ref Find(key);
        if (!entry.Stored)
        {
            StoredCount++;
        }

        entry.Hash = hash;
        entry.Stored = true;
        SetSourceHash(ref entry, sourceHash);
    }

    /// <summary>
    /// Claims <paramref name="key"/> for line <paramref name="line"/> of <paramref name="unit"/>. When the unit read the key before,
    /// sets <paramref name="firstLine"/> to the line that read it first; otherwise it is <c>null</c> and the entry returned is to be
    /// landed with <see cref="Land(ref Entry, UInt128)"/> before the table changes again.
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
    public LandKind Land(ref Entry entry, UInt128 hash) => Land(ref entry, hash, null, out _);

    /// <summary>
    /// <see cref="Land(ref Entry, UInt128)"/> with the row's source hash, recorded with a new or changed record; for an unchanged one
    /// <paramref name="sourceHashStale"/> says the stored source hash is missing or another (to be written on its own).
    /// </summary>
    public LandKind Land(ref Entry entry, UInt128 hash, UInt128? sourceHash, out bool sourceHashStale)
    {
        sourceHashStale = false;
        if (entry.Stored)
        {
            if (entry.Hash == hash)
            {
                sourceHashStale = Refresh(ref entry, sourceHash);
                return LandKind.Unchanged;
            }

            entry.Hash = hash;
            SetSourceHash(ref entry, sourceHash);
            return LandKind.Changed;
        }

        entry.Hash = hash;
        entry.Stored = true;
        SetSourceHash(ref entry, sourceHash);
        StoredCount++;
        return LandKind.New;
    }

    /// <summary>An unchanged record read from a row with <paramref name="sourceHash"/>: whether the stored source hash is to be written.</summary>
    private bool Refresh(ref Entry entry, UInt128? sourceHash)
    {
        if (sourceHash is not { } made || (entry.HasSourceHash && entry.SourceHash == made))
        {
            return false;
        }

        SetSourceHash(ref entry, made);
        return true;
    }

    private void SetSourceHash(ref Entry entry, UInt128? sourceHash)
    {
        if (sourceHash is { } made)
        {
            SourceHashCount += entry.HasSourceHash ? 0 : 1;
            entry.SourceHash = made;
            entry.HasSourceHash = true;
        }
        else if (entry.HasSourceHash)
        {
            // A record written without one (a retried letter, a query row) stores none: the old one no longer describes it.
            SourceHashCount--;
            entry.HasSourceHash = false;
        }
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

    /// <summary>One key: its record's hash and source hash when stored, and the unit and physical line that last read it.</summary>
    internal struct Entry
    {
        public UInt128 Hash;
        public UInt128 SourceHash;
        public long Line;
        public int Unit;
        public bool Stored;
        public bool HasSourceHash;
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
