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
[SettingsSection(SectionName)]
public sealed class AgingPolicy
{
    public const string SectionName = "Aging";

    [SettingOneOf]
    public AgingBasis Basis { get; set; } = AgingBasis.DueDate;

    /// <summary>Inclusive upper bounds in days of the overdue buckets, strictly increasing; a last open bucket follows.</summary>
    public int[] Bounds { get; set; } = [30, 60, 90, 120];
}
