namespace Connector.Domain.Collections;

/// <summary>One term of the priority score, with the sentence that explains it on the task.</summary>
public sealed record PriorityFactor(string Name, decimal Value, string Explanation);
