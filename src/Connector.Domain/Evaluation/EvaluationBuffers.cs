namespace Connector.Domain.Evaluation;

/// <summary>
/// The large arrays a full evaluation writes its per-customer figures into, kept between the evaluations of one
/// process and used in turn: evaluation N writes into the arrays of evaluation N − 2, because N − 1 is still read
/// (the order check, the push) while N is built. Without them every evaluation of 100,000 customers allocates
/// ~58 MB of fresh large arrays, whose page faults and the full collections they set off cost more than the sums.
/// </summary>
/// <remarks>
/// An evaluation made with these buffers stays readable until the second next evaluation made with the same
/// buffers starts; reading it after that throws <see cref="InvalidOperationException"/> rather than showing another
/// evaluation's figures. Records already read from it (snapshots, aging lines, exposures) are copies and stay valid.
/// Not for concurrent evaluations: one caller evaluates with one instance at a time.
/// </remarks>
public sealed class EvaluationBuffers
{
    private readonly EvaluationArrays[] sets = [new(reusable: true), new(reusable: true)];
    private int next;

    /// <summary>The arrays of the evaluation before last, invalidated for whoever still holds it.</summary>
    internal EvaluationArrays Take()
    {
        var set = sets[next];
        next ^= 1;
        return set;
    }
}
