namespace Connector.Domain.CashApplication;

/// <summary>
/// Looks for sets of two or more invoices whose open amounts sum exactly to a payment, stopping at
/// the second set found (the answer is then ambiguous) or when the step budget is spent (then a
/// single set found is not proven unique). Amounts are tried largest first with a bound on what the
/// remaining ones can still add, so most searches end after a few steps.
/// </summary>
internal sealed class CombinationSearch
{
    private decimal[] amounts = new decimal[64];
    private int[] order = new int[64];
    private decimal[] suffix = new decimal[65];
    private (decimal Amount, int Invoice)[] keys = new (decimal, int)[64];
    private readonly int[] path = new int[16];
    private int count;
    private int maxSize;
    private int budget;

    public int[] First { get; private set; } = [];

    public int[] Second { get; private set; } = [];

    public int Found { get; private set; }

    public int Steps { get; private set; }

    public bool Exhausted { get; private set; }

    /// <summary>Searches <paramref name="candidates"/> (invoice numbers) with their <paramref name="open"/> amounts.</summary>
    public void Run(List<int> candidates, decimal[] open, decimal target, int maxSize, int maxSteps)
    {
        count = 0;
        if (amounts.Length < candidates.Count)
        {
            amounts = new decimal[candidates.Count];
            order = new int[candidates.Count];
            suffix = new decimal[candidates.Count + 1];
            keys = new (decimal, int)[candidates.Count];
        }

        foreach (var invoice in candidates)
        {
            if (open[invoice] < target)
            {
                order[count] = invoice;
                amounts[count] = open[invoice];
                count++;
            }
        }

        // Largest first; equal amounts keep their age order (Array.Sort is not stable, so sort keys include it).
        for (var k = 0; k < count; k++)
        {
            keys[k] = (-amounts[k], order[k]);
        }

        Array.Sort(keys, 0, count);
        for (var k = 0; k < count; k++)
        {
            amounts[k] = -keys[k].Amount;
            order[k] = keys[k].Invoice;
        }

        suffix[count] = 0m;
        for (var k = count - 1; k >= 0; k--)
        {
            suffix[k] = suffix[k + 1] + amounts[k];
        }

        this.maxSize = Math.Min(maxSize, path.Length);
        budget = maxSteps;
        Found = 0;
        Steps = 0;
        Exhausted = false;
        First = [];
        Second = [];
        Search(0, 0, target);
    }

    private void Search(int from, int depth, decimal target)
    {
        for (var k = from; k < count; k++)
        {
            if (suffix[k] < target || Found >= 2 || Exhausted)
            {
                return; // even all the rest together fall short
            }

            if (++Steps > budget)
            {
                Exhausted = true;
                return;
            }

            var amount = amounts[k];
            if (amount > target)
            {
                continue;
            }

            path[depth] = order[k];
            if (amount == target)
            {
                if (depth >= 1)
                {
                    Record(depth + 1);
                }

                continue;
            }

            if (depth + 1 < maxSize)
            {
                Search(k + 1, depth + 1, target - amount);
            }
        }
    }

    private void Record(int size)
    {
        var set = path[..size];
        Array.Sort(set);
        if (Found == 0)
        {
            First = set;
        }
        else
        {
            Second = set;
        }

        Found++;
    }
}
