namespace Connector.Graph.Configuration;

/// <summary>Configuration section <c>Graph</c> (filled in by the Graph client work).</summary>
public sealed class GraphOptions
{
    public const string SectionName = "Graph";

    /// <summary>The list each collector's tasks go to, created when missing.</summary>
    public string TaskListName { get; set; } = "AR Collections";
}
