using Connector.Mapping.Loading;

namespace Connector.Sync.Cycle;

/// <summary>The mapping files have problems: nothing is ingested until the admin fixes them (each problem one line).</summary>
public sealed class InvalidMappingsException : Exception
{
    public InvalidMappingsException()
    {
        Problems = [];
    }

    public InvalidMappingsException(string message)
        : base(message)
    {
        Problems = [];
    }

    public InvalidMappingsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [];
    }

    public InvalidMappingsException(string location, IReadOnlyList<MappingProblem> problems)
        : base($"the mappings in {location} have {problems?.Count ?? 0} problem(s); nothing is ingested until they are fixed ('connector mappings validate' lists them)")
    {
        Problems = problems ?? [];
    }

    public IReadOnlyList<MappingProblem> Problems { get; }
}
