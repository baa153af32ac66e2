using Connector.Domain.Profile;
using Microsoft.Extensions.Options;

namespace Connector.Sync.Policies;

/// <summary>The validation attributes of <see cref="RiskPolicy"/>, checked by generated code.</summary>
[OptionsValidator]
public sealed partial class RiskPolicyValidator : IValidateOptions<RiskPolicy>;
