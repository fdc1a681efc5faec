namespace QuicKestrel.Protocol.Tls;

/// <summary>
/// Walks an extensions block (RFC 8446 §4.2): yields (type, body) pairs and rejects a block
/// that is malformed (decode_error) or repeats a type (illegal_parameter). Unknown types,
/// GREASE included, are returned like any other so callers can ignore them.
/// </summary>
internal ref struct ExtensionBlock
{
    private const int MaxExtensions = 128;

    private TlsReader _reader;
    private readonly Span<ushort> _seen;
    private int _count;

    /// <param name="block">The extensions vector's contents (without its 2-byte length).</param>
    /// <param name="seenStorage">Scratch space of at least 128 entries for the duplicate check.</param>
    public ExtensionBlock(ReadOnlySpan<byte> block, Span<ushort> seenStorage)
    {
        _reader = new TlsReader(block);
        _seen = seenStorage;
        _count = 0;
    }

    public static int ScratchSize => MaxExtensions;

    /// <summary>Position of the next extension, relative to the block start (for the pre_shared_key "last" rule).</summary>
    public readonly bool IsAtEnd => _reader.IsEmpty;

    /// <summary>Reads the next extension; false at the end or on error (then <paramref name="error"/> is set).</summary>
    public bool Next(out ushort type, out ReadOnlySpan<byte> body, out TlsError error)
    {
        type = 0;
        body = default;
        error = TlsError.None;
        if (_reader.IsEmpty)
            return false;
        if (!_reader.ReadUInt16(out type) || !_reader.ReadVector16(out body))
        {
            error = new TlsError(TlsAlert.DecodeError, "malformed extension");
            return false;
        }
        if (_seen[.._count].Contains(type))
        {
            error = new TlsError(TlsAlert.IllegalParameter, "duplicate extension");
            return false;
        }
        if (_count == MaxExtensions)
        {
            error = new TlsError(TlsAlert.DecodeError, "too many extensions");
            return false;
        }
        _seen[_count++] = type;
        return true;
    }

    /// <summary>Reads a list of 16-bit values with a 2-byte length prefix (groups, schemes, suites); values are copied.</summary>
    public static bool ReadUInt16List(ReadOnlySpan<byte> body, int prefixBytes, out ushort[] values)
    {
        values = [];
        var r = new TlsReader(body);
        ReadOnlySpan<byte> list;
        bool ok = prefixBytes == 1 ? r.ReadVector8(out list) : r.ReadVector16(out list);
        if (!ok || !r.IsEmpty || list.IsEmpty || (list.Length & 1) != 0)
            return false;
        values = new ushort[list.Length / 2];
        for (int i = 0; i < values.Length; i++)
            values[i] = (ushort)((list[2 * i] << 8) | list[2 * i + 1]);
        return true;
    }

    /// <summary>Parses an ALPN protocol_name_list (RFC 7301 §3.1); names are copied.</summary>
    public static bool ReadAlpnList(ReadOnlySpan<byte> body, out List<byte[]> names)
    {
        names = new List<byte[]>();
        var r = new TlsReader(body);
        if (!r.ReadVector16(out var list) || !r.IsEmpty || list.IsEmpty)
            return false;
        var items = new TlsReader(list);
        while (!items.IsEmpty)
        {
            if (!items.ReadVector8(out var name) || name.IsEmpty)
                return false;
            names.Add(name.ToArray());
        }
        return true;
    }

    public static void WriteAlpnList(TlsWriter w, IReadOnlyList<byte[]> names)
    {
        int ext = w.BeginExtension(ExtensionType.Alpn);
        int list = w.BeginVector(2);
        foreach (var name in names)
            w.WriteVector8(name);
        w.EndVector(list);
        w.EndVector(ext);
    }
}
