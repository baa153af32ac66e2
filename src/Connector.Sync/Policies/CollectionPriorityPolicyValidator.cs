using Connector.Domain.Collections;
using Microsoft.Extensions.Options;

namespace Connector.Sync.Policies;

/// <summary>
/// The validation attributes of <see cref="CollectionPriorityPolicy"/> (<c>Collections:Priority</c>), checked by generated code;
/// run by <see cref="CollectionsPolicyCrossFieldValidator"/> as part of the <c>Collections</c> section.
/// </summary>
[OptionsValidator]
public sealed partial class CollectionPriorityPolicyValidator : IValidateOptions<CollectionPriorityPolicy>;
