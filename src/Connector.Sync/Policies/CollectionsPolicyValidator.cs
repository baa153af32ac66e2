using Connector.Domain.Collections;
using Microsoft.Extensions.Options;

namespace Connector.Sync.Policies;

/// <summary>
/// The validation attributes of <see cref="CollectionsPolicy"/>, checked by generated code. <c>Priority</c> and the ladders
/// are checked by <see cref="CollectionsPolicyCrossFieldValidator"/> (the Domain cannot mark them for nested validation,
/// and a ladder's steps are checked against each other).
/// </summary>
#pragma warning disable SYSLIB1212 // Priority: CollectionsPolicyCrossFieldValidator runs CollectionPriorityPolicyValidator on it
[OptionsValidator]
public sealed partial class CollectionsPolicyValidator : IValidateOptions<CollectionsPolicy>;
#pragma warning restore SYSLIB1212
