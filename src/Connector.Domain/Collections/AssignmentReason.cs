namespace Connector.Domain.Collections;

/// <summary>Why a case went to its collector, in the order the rules are tried.</summary>
public enum AssignmentReason
{
    /// <summary>No collector could be chosen (none known).</summary>
    None,

    /// <summary>The ERP or the mapping names the customer's collector.</summary>
    Explicit,

    /// <summary>The collector already works the open case and still fits the rules: kept to avoid hopping.</summary>
    Continuing,

    /// <summary>The customer's territory matched.</summary>
    Territory,

    /// <summary>The customer's language matched.</summary>
    Language,

    /// <summary>A large case went to a senior collector.</summary>
    Size,

    /// <summary>No rule narrowed the choice: the collector with the fewest open cases.</summary>
    LeastLoaded,
}
