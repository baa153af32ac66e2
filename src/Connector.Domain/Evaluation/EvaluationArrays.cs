using Connector.Domain.Collections;
using Connector.Domain.Credit;
using Connector.Domain.Exposure;

namespace Connector.Domain.Evaluation;

/// <summary>
/// One evaluation's per-customer arrays: figures, aging buckets, exposure rows, hold decisions and
/// dunning summaries. Fresh for an evaluation made without <see cref="EvaluationBuffers"/>; otherwise one of the two
/// sets the buffers alternate between, whose generation moves on each time a new evaluation takes it.
/// </summary>
internal sealed class EvaluationArrays(bool reusable)
{
    private int generation;
    private AccountFigures[] figures = [];
    private decimal[] buckets = [];
    private ExposureRow[] exposures = [];
    private HoldRow[] holds = [];
    private CollectionSummary[] collections = [];

    public bool Reusable { get; } = reusable;

    /// <summary>
    /// Starts an evaluation with these arrays and returns its lease. Whoever still reads the evaluation these arrays
    /// held before sees the generation move and stops reading.
    /// </summary>
    public EvaluationLease Take()
    {
        // First the generation (a full fence), then the writes: a reader that checks after reading sees one or the other.
        return new EvaluationLease(this, Interlocked.Increment(ref generation));
    }

    /// <summary>The account figures and their aging buckets (zeroed: the figures add into them).</summary>
    public (AccountFigures[] Figures, decimal[] Buckets) FigureArrays(int accounts, int bucketsPerAccount)
    {
        figures = Fit(figures, accounts);
        var fitted = Fit(buckets, accounts * bucketsPerAccount);
        if (ReferenceEquals(fitted, buckets))
        {
            Array.Clear(fitted, 0, accounts * bucketsPerAccount);
        }

        buckets = fitted;
        return (figures, buckets);
    }

    public ExposureRow[] ExposureRows(int accounts) => exposures = Fit(exposures, accounts);

    public HoldRow[] HoldRows(int accounts) => holds = Fit(holds, accounts);

    public CollectionSummary[] CollectionSummaries(int accounts) => collections = Fit(collections, accounts);

    /// <summary>Throws when a later evaluation took these arrays after <paramref name="expected"/>.</summary>
    public void EnsureCurrent(int expected)
    {
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref generation) != expected)
        {
            throw new InvalidOperationException(
                "This evaluation's figures were overwritten by a later evaluation that reused its buffers (EvaluationBuffers keeps the last two); read the newest evaluation.");
        }
    }

    /// <summary>
    /// The array when it can be reused at this length (not more than a quarter too long), its tail cleared so it holds
    /// no references; otherwise a new one of the exact length.
    /// </summary>
    private static T[] Fit<T>(T[] array, int length)
    {
        if (array.Length < length || array.Length > length + (length / 4))
        {
            return new T[length];
        }

        Array.Clear(array, length, array.Length - length);
        return array;
    }
}

/// <summary>An evaluation's hold on a set of <see cref="EvaluationArrays"/>: valid until a later evaluation takes them.</summary>
internal readonly struct EvaluationLease(EvaluationArrays arrays, int generation)
{
    public EvaluationArrays Arrays => arrays;

    public void EnsureCurrent() => arrays.EnsureCurrent(generation);
}
