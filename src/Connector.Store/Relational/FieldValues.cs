using System.Buffers;
using System.Text;

namespace Connector.Store.Relational;

/// <summary>
/// A record's canonical values as one text column: values joined by the unit separator (U+001F), <c>null</c> as a
/// lone record separator (U+001E), and those two and the escape (U+001B) escaped inside a value. Compact, cheap to
/// write a million times, and still readable in a SQL client. Canonical text practically never holds control
/// characters, so the common case is one copy.
/// </summary>
internal static class FieldValues
{
    private const char Separator = '\u001F';
    private const char Null = '\u001E';
    private const char Escape = '\u001B';
    private static readonly SearchValues<char> Special = SearchValues.Create([Separator, Null, Escape]);

    public static string Encode(string?[] values)
    {
        var length = Math.Max(0, values.Length - 1);
        var plain = true;
        foreach (var value in values)
        {
            if (value is null)
            {
                length++;
                continue;
            }

            length += value.Length;
            if (value.AsSpan().IndexOfAny(Special) >= 0)
            {
                plain = false;
                length += value.AsSpan().Count(Separator) + value.AsSpan().Count(Null) + value.AsSpan().Count(Escape);
            }
        }

        return string.Create(length, (values, plain), static (span, state) =>
        {
            var position = 0;
            for (var i = 0; i < state.values.Length; i++)
            {
                if (i > 0)
                {
                    span[position++] = Separator;
                }

                var value = state.values[i];
                if (value is null)
                {
                    span[position++] = Null;
                }
                else if (state.plain)
                {
                    value.AsSpan().CopyTo(span[position..]);
                    position += value.Length;
                }
                else
                {
                    foreach (var c in value)
                    {
                        if (c is Separator or Null or Escape)
                        {
                            span[position++] = Escape;
                        }

                        span[position++] = c;
                    }
                }
            }
        });
    }

    /// <summary>
    /// <see cref="Encode"/> straight into UTF-8 bytes at the start of <paramref name="buffer"/> (grown from the pool
    /// when too small), for the bulk write that binds bytes: no string per row.
    /// </summary>
    public static int EncodeUtf8(string?[] values, ref byte[] buffer, int offset)
    {
        var most = values.Length;
        foreach (var value in values)
        {
            if (value is not null)
            {
                if (value.AsSpan().IndexOfAny(Special) >= 0)
                {
                    var escaped = Encode(values);
                    Reserve(ref buffer, offset, Encoding.UTF8.GetMaxByteCount(escaped.Length));
                    return Encoding.UTF8.GetBytes(escaped, buffer.AsSpan(offset));
                }

                most += Encoding.UTF8.GetMaxByteCount(value.Length);
            }
        }

        Reserve(ref buffer, offset, most);
        var span = buffer.AsSpan(offset);
        var position = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                span[position++] = (byte)Separator;
            }

            var value = values[i];
            if (value is null)
            {
                span[position++] = (byte)Null;
            }
            else
            {
                position += Encoding.UTF8.GetBytes(value, span[position..]);
            }
        }

        return position;
    }

    private static void Reserve(ref byte[] buffer, int offset, int length)
    {
        if (offset + length > buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(offset + length);
            buffer.AsSpan(0, offset).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }
    }

    /// <summary>Splits an encoded column back into values; <paramref name="count"/> is the schema's field count (a guard against a corrupt column).</summary>
    public static string?[] Decode(string text, int count)
    {
        var values = new string?[count];
        var span = text.AsSpan();
        var field = 0;
        var escaped = span.IndexOf(Escape) >= 0;
        while (true)
        {
            if (field >= count)
            {
                throw new InvalidDataException($"Stored values hold more than the {count} fields of the schema.");
            }

            if (!escaped)
            {
                var end = span.IndexOf(Separator);
                var part = end < 0 ? span : span[..end];
                values[field++] = part is [Null] ? null : part.ToString();
                if (end < 0)
                {
                    break;
                }

                span = span[(end + 1)..];
                continue;
            }

            var builder = new StringBuilder();
            var i = 0;
            var isNull = span.Length > 0 && span[0] == Null && (span.Length == 1 || span[1] == Separator);
            for (; i < span.Length && span[i] != Separator; i++)
            {
                if (span[i] == Escape && i + 1 < span.Length)
                {
                    i++;
                }

                builder.Append(span[i]);
            }

            values[field++] = isNull ? null : builder.ToString();
            if (i >= span.Length)
            {
                break;
            }

            span = span[(i + 1)..];
        }

        if (field != count)
        {
            throw new InvalidDataException($"Stored values hold {field} fields; the schema has {count}.");
        }

        return values;
    }
}
