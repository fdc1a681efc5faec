namespace QuicKestrel.Http3;

/// <summary>How <see cref="Http3Client"/> delivers a response body.</summary>
public enum Http3ResponseMode
{
    /// <summary>The task completes when the whole response has arrived; the body is in <see cref="Http3Response.Body"/>.</summary>
    Buffered,

    /// <summary>The task completes when the headers arrive; the body is read from <see cref="Http3Response.BodyStream"/>, with flow control back-pressure.</summary>
    Streamed,

    /// <summary>Like <see cref="Buffered"/>, but the body is only counted (<see cref="Http3Response.BodyLength"/>): for load tests.</summary>
    Discarded,
}
