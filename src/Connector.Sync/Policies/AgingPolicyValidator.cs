using Connector.Domain.Aging;
using Microsoft.Extensions.Options;

namespace Connector.Sync.Policies;

/// <summary>The validation attributes of <see cref="AgingPolicy"/>, checked by generated code.</summary>
[OptionsValidator]
public sealed partial class AgingPolicyValidator : IValidateOptions<AgingPolicy>;
