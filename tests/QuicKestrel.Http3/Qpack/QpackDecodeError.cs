namespace QuicKestrel.Http3.Qpack;

/// <summary>Why a field section could not be decoded. Every error but <see cref="FieldSectionTooLarge"/> is QPACK_DECOMPRESSION_FAILED (RFC 9204 §2.2).</summary>
public enum QpackDecodeError
{
    /// <summary>Decoded successfully.</summary>
    None = 0,

    /// <summary>The section ended inside a field line, integer or string.</summary>
    Truncated,

    /// <summary>An integer exceeded 2^62 − 1 (RFC 9204 §4.1.1).</summary>
    IntegerOverflow,

    /// <summary>A Huffman string was invalid: bad padding or an EOS symbol (RFC 7541 §5.2).</summary>
    InvalidHuffman,

    /// <summary>The section used the dynamic table (a non-zero Required Insert Count, a dynamic or post-base reference), which is disabled.</summary>
    DynamicTableReference,

    /// <summary>A static table index was 99 or more.</summary>
    InvalidStaticIndex,

    /// <summary>The decoded fields exceed the size limit (RFC 9114 §4.2.2: name + value + 32 per line).</summary>
    FieldSectionTooLarge,
}
