namespace Connector.Domain.Collections;

public enum ContactKind
{
    Email,
    Task,
}

/// <summary>An action already taken on a customer's case: the email or task of <see cref="Level"/> on <see cref="Date"/>.</summary>
public sealed record ContactAttempt(string CustomerId, int Level, ContactKind Kind, DateOnly Date);
