using System.Buffers;
using Connector.Store.Relational;
using FsCheck.Xunit;

namespace Connector.Store.Tests.Relational;

public sealed class FieldValuesTests
{
    [Property]
    public bool Decode_AnyValues_GivesBackWhatWasEncoded(string?[] values)
    {
        if (values is null || values.Length == 0)
        {
            return true;
        }

        return FieldValues.Decode(FieldValues.Encode(values), values.Length).SequenceEqual(values);
    }

    [Fact]
    public void Decode_NullsEmptiesAndSeparators_KeptApart()
    {
        string?[][] cases = [["a", null, ""], [null, "\u001E", "\u001B\u001F"], ["\u001E\u001F", null], [""], [null]];

        foreach (var values in cases)
        {
            Assert.Equal(values, FieldValues.Decode(FieldValues.Encode(values), values.Length));
        }
    }

    [Property]
    public bool EncodeUtf8_AnyValues_SameBytesAsTheEncodedText(string?[] values)
    {
        if (values is null || values.Length == 0)
        {
            return true;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(1);
        buffer[0] = 42;
        var length = FieldValues.EncodeUtf8(values, ref buffer, 1);

        var same = buffer[0] == 42 && buffer.AsSpan(1, length).SequenceEqual(System.Text.Encoding.UTF8.GetBytes(FieldValues.Encode(values)));
        ArrayPool<byte>.Shared.Return(buffer);
        return same;
    }

    [Fact]
    public void Decode_WrongFieldCount_Throws()
    {
        var encoded = FieldValues.Encode(["a", "b", "c"]);

        Assert.Throws<InvalidDataException>(() => FieldValues.Decode(encoded, 2));
    }
}
