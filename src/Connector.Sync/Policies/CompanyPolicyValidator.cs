using Connector.Domain.Policies;
using Microsoft.Extensions.Options;

namespace Connector.Sync.Policies;

/// <summary>The validation attributes of <see cref="CompanyPolicy"/>, checked by generated code.</summary>
[OptionsValidator]
public sealed partial class CompanyPolicyValidator : IValidateOptions<CompanyPolicy>;
