using Connector.Domain.Policies;

namespace Connector.Domain.Aging;

public enum AgingBasis
{
    /// <summary>Days past the due date (the default).</summary>
    DueDate,

    /// <summary>Days since the document date.</summary>
    DocumentDate,
}

/// <summary>Configuration section <c>Aging</c>: the basis and the buckets' inclusive upper bounds.</summary>
public sealed class AgingPolicy
{
    public const string SectionName = "Aging";

    public AgingBasis Basis { get; set; } = AgingBasis.DueDate;

    /// <summary>Inclusive upper bounds in days of the overdue buckets; a last open bucket follows.</summary>
    public int[] Bounds { get; set; } = [30, 60, 90, 120];

    public IReadOnlyList<string> Validate()
    {
        var errors = new PolicyErrors(SectionName);
        if (Bounds is null || Bounds.Length == 0)
        {
            errors.Add(nameof(Bounds), "must list at least one bucket bound in days, such as [30, 60, 90, 120]", Bounds);
            return errors.Errors;
        }

        for (var i = 0; i < Bounds.Length; i++)
        {
            if (Bounds[i] < 1)
            {
                errors.Add($"{nameof(Bounds)}:{i}", "must be a positive number of days", Bounds[i]);
            }
            else if (i > 0 && Bounds[i] <= Bounds[i - 1])
            {
                errors.Add($"{nameof(Bounds)}:{i}", $"must be greater than the bound before it ({Bounds[i - 1]})", Bounds[i]);
            }
        }

        return errors.Errors;
    }
}
