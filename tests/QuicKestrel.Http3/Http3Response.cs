namespace QuicKestrel.Http3;

/// <summary>An HTTP/3 response.</summary>
public sealed class Http3Response
{
    internal Http3Response(ulong streamId, int status, List<Http3Field> headers)
    {
        StreamId = streamId;
        Status = status;
        Headers = headers;
    }

    /// <summary>The QUIC stream ID of the request stream.</summary>
    public ulong StreamId { get; }

    /// <summary>The final :status.</summary>
    public int Status { get; }

    /// <summary>The final header section as received, :status first.</summary>
    public IReadOnlyList<Http3Field> Headers { get; }

    /// <summary>The content, in <see cref="Http3ResponseMode.Buffered"/> mode; empty otherwise.</summary>
    public ReadOnlyMemory<byte> Body { get; internal set; }

    /// <summary>The content as a stream, in <see cref="Http3ResponseMode.Streamed"/> mode; <see langword="null"/> otherwise. Disposing it before the end cancels the response (STOP_SENDING H3_REQUEST_CANCELLED).</summary>
    public Stream? BodyStream { get; internal set; }

    /// <summary>The number of content bytes received (in streamed mode: so far).</summary>
    public long BodyLength { get; internal set; }

    /// <summary>The trailer fields; empty until the content has ended, and when there were none.</summary>
    public IReadOnlyList<Http3Field> Trailers { get; internal set; } = [];

    /// <summary>The value of the first field named <paramref name="name"/>, or <see langword="null"/>.</summary>
    /// <param name="name">A lowercase field name.</param>
    /// <returns>The value.</returns>
    public string? GetHeader(string name)
    {
        foreach (Http3Field field in Headers)
        {
            if (field.Name == name)
                return field.Value;
        }
        return null;
    }
}
