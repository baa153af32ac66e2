using Connector.Domain.Credit;
using Microsoft.Extensions.Options;

namespace Connector.Sync.Policies;

/// <summary>The validation attributes of <see cref="CreditPolicy"/>, checked by generated code.</summary>
[OptionsValidator]
public sealed partial class CreditPolicyValidator : IValidateOptions<CreditPolicy>;
