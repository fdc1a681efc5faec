using FsCheck;
using FsCheck.Fluent;
using QuicKestrel.Http3.Qpack;

namespace QuicKestrel.Http3.Tests.Qpack;

public class QpackPropertyTests
{
    private const string NameChars = "abcdefghijklmnopqrstuvwxyz0123456789-_";

    internal static Gen<Http3Field> FieldGen()
    {
        Gen<string> name = Gen.OneOf(
            Gen.Elements(":method", ":path", ":status", "content-type", "content-length", "user-agent", "x-frame-options"),
            Gen.Choose(1, 40).SelectMany(n => Gen.ArrayOf(Gen.Elements(NameChars.ToCharArray()), n)).Select(c => new string(c)));
        Gen<string> value = Gen.OneOf(
            Gen.Elements("", "GET", "/", "200", "text/plain", "sameorigin", "*/*"),
            Gen.Choose(0, 300).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(c => (char)c), n)).Select(c => new string(c)));
        return name.SelectMany(n => value.Select(v => new Http3Field(n, v)));
    }

    internal static Arbitrary<Http3Field[]> FieldListArb() =>
        Gen.Choose(0, 20).SelectMany(n => Gen.ArrayOf(FieldGen(), n)).ToArbitrary();

    [Fact]
    public void FieldSectionsRoundTripWithAndWithoutHuffman()
    {
        Prop.ForAll(FieldListArb(), ArbMap.Default.ArbFor<bool>(), (fields, huffman) =>
        {
            byte[] section = new QpackEncoder(huffman).Encode(fields);
            var decoded = new List<Http3Field>();
            QpackDecodeError error = new QpackDecoder(int.MaxValue).Decode(section, decoded);
            return error == QpackDecodeError.None && decoded.SequenceEqual(fields);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void HuffmanNeverMakesASectionLonger()
    {
        Prop.ForAll(FieldListArb(), fields =>
            new QpackEncoder(useHuffman: true).Encode(fields).Length <= new QpackEncoder().Encode(fields).Length)
            .QuickCheckThrowOnFailure();
    }
}
