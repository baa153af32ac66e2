using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Connector.Sync.Ingest;

/// <summary>
/// Every key of one entity a run knows, in one dictionary: the ledger's row hash (loaded once, updated as rows land) and
/// the unit and line that last read the key (duplicate keys within a file). One lookup per row serves both checks, and a
/// re-ingest keeps no second string per key alive (a per-file key dictionary of a million entries was, with the hash
/// dictionary, what set off most full collections of a large ingest).
/// </summary>
internal sealed class LedgerKeys
{
    private readonly Dictionary<string, Entry> entries;
    private readonly Dictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> bySpan;
    private int lastUnit;

    public LedgerKeys()
    {
        entries = new(StringComparer.Ordinal);
        bySpan = entries.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Keys with a stored (or landed this run) record.</summary>
    public int StoredCount { get; private set; }

    /// <summary>Makes room for <paramref name="count"/> keys at once.</summary>
    public void EnsureCapacity(long count) => entries.EnsureCapacity((int)Math.Min(count, Array.MaxLength / 2));

    /// <summary>A number for a unit being read, so a key read twice within it is told from a key read in an earlier unit.</summary>
    public int NewUnit() => ++lastUnit;

    /// <summary>Whether a record of this key is in the ledger or landed earlier in the run (a reference to it holds).</summary>
    public bool IsStored(string key) => entries.TryGetValue(key, out var entry) && entry.Stored;

    /// <summary><see cref="IsStored(string)"/> for a key in place.</summary>
    public bool IsStored(ReadOnlySpan<char> key) => bySpan.TryGetValue(key, out var entry) && entry.Stored;

    /// <summary>
    /// Whether the key is stored with exactly this hash and <paramref name="unit"/> has not read it before: the row changes nothing.
    /// Then the key is claimed for <paramref name="line"/> of the unit, as <see cref="Claim"/> and <see cref="Land"/> would have;
    /// otherwise nothing changes and the row is to be claimed and landed the ordinary way.
    /// </summary>
    public bool TryClaimUnchanged(ReadOnlySpan<char> key, UInt128 hash, int unit, long line)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(bySpan, key);
        if (Unsafe.IsNullRef(ref entry) || !entry.Stored || entry.Hash != hash || entry.Unit == unit)
        {
            return false;
        }

        entry.Unit = unit;
        entry.Line = line;
        return true;
    }

    /// <summary>A stored record's hash, as the store reads it.</summary>
    public void AddStored(string key, UInt128 hash)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(entries, key, out _);
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
    /// landed with <see cref="Land"/> before the dictionary changes again.
    /// </summary>
    public ref Entry Claim(string key, int unit, long line, out long? firstLine)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(entries, key, out var exists);
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

    /// <summary>The entry of a key outside any unit (a retried letter): created when new.</summary>
    public ref Entry Find(string key) => ref CollectionsMarshal.GetValueRefOrAddDefault(entries, key, out _);

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

    /// <summary>One key: its record's hash when stored, and the unit and physical line that last read it.</summary>
    internal struct Entry
    {
        public UInt128 Hash;
        public long Line;
        public int Unit;
        public bool Stored;
    }
}

/// <summary>What landing a record costs the ledger.</summary>
internal enum LandKind
{
    New,
    Changed,
    Unchanged,
}
