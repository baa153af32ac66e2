using Microsoft.Extensions.Options;

namespace Connector.Dataverse.Configuration;

/// <summary>The validation attributes of <see cref="DataverseOptions"/>, checked by generated code (no reflection at start).</summary>
[OptionsValidator]
public sealed partial class DataverseOptionsValidator : IValidateOptions<DataverseOptions>;
