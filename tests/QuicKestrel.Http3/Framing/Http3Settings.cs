namespace QuicKestrel.Http3.Framing;

/// <summary>
/// The parameters of a SETTINGS frame (RFC 9114 §7.2.4, RFC 9204 §5). Unknown identifiers are
/// kept in <see cref="Entries"/> and otherwise ignored, as §7.2.4.1 requires.
/// </summary>
public sealed class Http3Settings
{
    /// <summary>SETTINGS_QPACK_MAX_TABLE_CAPACITY (RFC 9204 §5).</summary>
    public const ulong QpackMaxTableCapacityId = 0x01;

    /// <summary>SETTINGS_MAX_FIELD_SECTION_SIZE (RFC 9114 §7.2.4.1).</summary>
    public const ulong MaxFieldSectionSizeId = 0x06;

    /// <summary>SETTINGS_QPACK_BLOCKED_STREAMS (RFC 9204 §5).</summary>
    public const ulong QpackBlockedStreamsId = 0x07;

    /// <summary>SETTINGS_ENABLE_CONNECT_PROTOCOL (RFC 9220).</summary>
    public const ulong EnableConnectProtocolId = 0x08;

    /// <summary>SETTINGS_H3_DATAGRAM (RFC 9297).</summary>
    public const ulong H3DatagramId = 0x33;

    /// <summary>Creates settings from identifier/value pairs.</summary>
    /// <param name="entries">The pairs, in wire order.</param>
    public Http3Settings(IReadOnlyList<KeyValuePair<ulong, ulong>> entries) => Entries = entries;

    /// <summary>Every pair, in wire order, unknown identifiers included.</summary>
    public IReadOnlyList<KeyValuePair<ulong, ulong>> Entries { get; }

    /// <summary>The peer's dynamic table capacity for our encoder; 0 when absent.</summary>
    public ulong QpackMaxTableCapacity => Get(QpackMaxTableCapacityId) ?? 0;

    /// <summary>The largest field section the peer accepts; <see langword="null"/> when unlimited (absent).</summary>
    public ulong? MaxFieldSectionSize => Get(MaxFieldSectionSizeId);

    /// <summary>How many streams may be blocked on the peer's decoder; 0 when absent.</summary>
    public ulong QpackBlockedStreams => Get(QpackBlockedStreamsId) ?? 0;

    /// <summary>What we send: no dynamic table (capacity 0, no blocked streams) and a field section limit.</summary>
    /// <param name="maxFieldSectionSize">SETTINGS_MAX_FIELD_SECTION_SIZE to advertise.</param>
    /// <returns>The settings.</returns>
    public static Http3Settings CreateLocal(ulong maxFieldSectionSize) => new(
    [
        new(QpackMaxTableCapacityId, 0),
        new(QpackBlockedStreamsId, 0),
        new(MaxFieldSectionSizeId, maxFieldSectionSize),
    ]);

    /// <summary>The value of an identifier, or <see langword="null"/> when absent.</summary>
    /// <param name="id">A setting identifier.</param>
    /// <returns>The value.</returns>
    public ulong? Get(ulong id)
    {
        foreach (KeyValuePair<ulong, ulong> entry in Entries)
        {
            if (entry.Key == id)
                return entry.Value;
        }
        return null;
    }

    /// <summary>
    /// True for HTTP/2 setting identifiers without an HTTP/3 equivalent (0x02–0x05), whose receipt
    /// is H3_SETTINGS_ERROR (RFC 9114 §7.2.4.1).
    /// </summary>
    /// <param name="id">A setting identifier.</param>
    /// <returns>Whether it is reserved.</returns>
    public static bool IsReservedHttp2(ulong id) => id is >= 0x02 and <= 0x05;

    /// <summary>Parses a SETTINGS frame payload.</summary>
    /// <param name="payload">The frame payload.</param>
    /// <param name="settings">The settings, on success.</param>
    /// <param name="error">H3_FRAME_ERROR for a truncated pair, H3_SETTINGS_ERROR for a duplicate or reserved identifier.</param>
    /// <returns>Whether the payload is valid.</returns>
    public static bool TryParse(ReadOnlySpan<byte> payload, out Http3Settings settings, out Http3ErrorCode error)
    {
        var entries = new List<KeyValuePair<ulong, ulong>>();
        settings = new Http3Settings(entries);
        error = Http3ErrorCode.NoError;
        while (!payload.IsEmpty)
        {
            if (!Http3VarInt.TryRead(payload, out ulong id, out int idLength)
                || !Http3VarInt.TryRead(payload.Slice(idLength), out ulong value, out int valueLength))
            {
                error = Http3ErrorCode.FrameError;
                return false;
            }
            payload = payload.Slice(idLength + valueLength);
            if (IsReservedHttp2(id) || settings.Get(id) is not null)
            {
                error = Http3ErrorCode.SettingsError;
                return false;
            }
            entries.Add(new(id, value));
        }
        return true;
    }

    /// <summary>Shows the pairs as "id=value" in hex identifiers.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => string.Join(", ", Entries.Select(e => $"0x{e.Key:x}={e.Value}"));
}
