using Connector.Domain.Metrics;
using Microsoft.Extensions.Options;

namespace Connector.Sync.Policies;

/// <summary>The validation attributes of <see cref="MetricsPolicy"/>, checked by generated code.</summary>
[OptionsValidator]
public sealed partial class MetricsPolicyValidator : IValidateOptions<MetricsPolicy>;
