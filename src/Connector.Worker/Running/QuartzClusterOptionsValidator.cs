using Microsoft.Extensions.Options;

namespace Connector.Worker.Running;

/// <summary>The validation attributes of <see cref="QuartzClusterOptions"/>, checked by generated code.</summary>
[OptionsValidator]
public sealed partial class QuartzClusterOptionsValidator : IValidateOptions<QuartzClusterOptions>;
