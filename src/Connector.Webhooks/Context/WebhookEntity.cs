namespace Connector.Webhooks.Context;

/// <summary>
/// A row as the webhook carries it (the Target, or an image): its table, id and the attributes present. Values are
/// the typed forms (<see cref="EntityReferenceValue"/>, <see cref="MoneyValue"/>, <see cref="OptionSetValue"/>,
/// <see cref="DateTimeOffset"/>) or plain JSON values (<see cref="string"/>, <see cref="decimal"/>, <see cref="bool"/>);
/// a type we do not read is kept as <c>null</c> so its name still shows the attribute was sent.
/// </summary>
public sealed class WebhookEntity
{
    public WebhookEntity(string logicalName, Guid id, IReadOnlyDictionary<string, object?> attributes)
    {
        LogicalName = logicalName;
        Id = id;
        Attributes = attributes;
    }

    public string LogicalName { get; }

    /// <summary><see cref="Guid.Empty"/> on a Create before the platform assigns one.</summary>
    public Guid Id { get; }

    public IReadOnlyDictionary<string, object?> Attributes { get; }

    public bool Has(string attribute) => Attributes.ContainsKey(attribute);

    /// <summary>The lookup in <paramref name="attribute"/>; <c>null</c> when absent, cleared or not a lookup.</summary>
    public EntityReferenceValue? Reference(string attribute) =>
        Attributes.GetValueOrDefault(attribute) as EntityReferenceValue;

    /// <summary>The amount in <paramref name="attribute"/> (a Money, or a plain number); <c>null</c> when absent or cleared.</summary>
    public decimal? Money(string attribute) => Attributes.GetValueOrDefault(attribute) switch
    {
        MoneyValue money => money.Value,
        decimal plain => plain,
        _ => null,
    };

    /// <summary>A text attribute; <c>null</c> when absent or not text.</summary>
    public string? Text(string attribute) => Attributes.GetValueOrDefault(attribute) as string;
}
