namespace Connector.Domain.Exposure;

/// <summary>
/// The counted orders of many customers end to end in one growing array: a full evaluation keeps
/// 200,000 counted orders in one large array instead of 100,000 small ones the garbage collector
/// would copy. Each customer's orders are a range of it.
/// </summary>
internal sealed class CountedOrderBuffer(CountedOrder[] items)
{
    public CountedOrderBuffer(int capacity)
        : this(capacity == 0 ? [] : new CountedOrder[capacity])
    {
    }

    public int Count { get; private set; }

    public void Add(CountedOrder order)
    {
        if (Count == items.Length)
        {
            Array.Resize(ref items, Math.Max(4, items.Length * 2));
        }

        items[Count++] = order;
    }

    public void Set(int index, CountedOrder order) => items[index] = order;

    /// <summary>Empties the buffer for the next customer (a full evaluation's scratch buffer, decision 124).</summary>
    public void Clear() => Count = 0;

    public ReadOnlySpan<CountedOrder> Slice(int start, int count) => items.AsSpan(start, count);

    /// <summary>A read-only view of a range; the buffer must not grow any more once views are handed out.</summary>
    public IReadOnlyList<CountedOrder> View(int start, int count) =>
        count == 0 ? Array.Empty<CountedOrder>() : new ArraySegment<CountedOrder>(items, start, count);

    public CountedOrder[] ToArray(int start, int count) => count == 0 ? [] : items.AsSpan(start, count).ToArray();
}
