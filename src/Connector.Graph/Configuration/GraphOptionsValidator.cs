using Microsoft.Extensions.Options;

namespace Connector.Graph.Configuration;

/// <summary>The validation attributes of <see cref="GraphOptions"/>, checked by generated code.</summary>
[OptionsValidator]
public sealed partial class GraphOptionsValidator : IValidateOptions<GraphOptions>;
