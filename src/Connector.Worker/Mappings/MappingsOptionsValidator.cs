using Microsoft.Extensions.Options;

namespace Connector.Worker.Mappings;

/// <summary>The validation attributes of <see cref="MappingsOptions"/>, checked by generated code.</summary>
[OptionsValidator]
public sealed partial class MappingsOptionsValidator : IValidateOptions<MappingsOptions>;
