namespace QuicKestrel.Http3;

/// <summary>
/// An HTTP/3 request to send with <see cref="Http3Client.SendAsync(Http3Request, CancellationToken)"/>.
/// A request object may be sent many times (and concurrently) as long as it is not modified
/// meanwhile; the load runner relies on that.
/// </summary>
public sealed class Http3Request
{
    /// <summary>Creates a request.</summary>
    /// <param name="method">The method, e.g. "GET".</param>
    /// <param name="path">The :path, e.g. "/bytes/1000".</param>
    public Http3Request(string method = "GET", string path = "/")
    {
        Method = method;
        Path = path;
    }

    /// <summary>The :method.</summary>
    public string Method { get; set; }

    /// <summary>The :path.</summary>
    public string Path { get; set; }

    /// <summary>The :scheme; "https" by default.</summary>
    public string Scheme { get; set; } = "https";

    /// <summary>The :authority; <see langword="null"/> for the client's "host:port".</summary>
    public string? Authority { get; set; }

    /// <summary>Further header fields (lowercase names), sent after the pseudo-headers.</summary>
    public List<Http3Field> Headers { get; } = [];

    /// <summary>
    /// The request content, sent without copying (the memory must stay unchanged until the
    /// response completes). A content-length field is added unless <see cref="Headers"/> has one
    /// or the content is empty on a GET or HEAD.
    /// </summary>
    public ReadOnlyMemory<byte> Body { get; set; }

    /// <summary>
    /// Alternatively, a stream to read the content from as it is sent (for large or open-ended
    /// uploads); read to its end on a thread-pool thread. Takes precedence over <see cref="Body"/>.
    /// </summary>
    public Stream? BodyStream { get; set; }

    /// <summary>Trailer fields to send after the content, or <see langword="null"/>.</summary>
    public List<Http3Field>? Trailers { get; set; }

    /// <summary>How the response body is delivered.</summary>
    public Http3ResponseMode ResponseMode { get; set; } = Http3ResponseMode.Buffered;
}
