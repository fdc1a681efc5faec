namespace QuicKestrel.Protocol.Streams;

/// <summary>States of the sending part of a stream (RFC 9000 §3.1, Figure 2).</summary>
internal enum SendStreamState : byte
{
    /// <summary>Created; the application may be buffering data, nothing sent yet.</summary>
    Ready,
    /// <summary>Sending STREAM (or STREAM_DATA_BLOCKED) frames.</summary>
    Send,
    /// <summary>All data and the FIN sent; retransmitting as needed until acknowledged.</summary>
    DataSent,
    /// <summary>Everything up to the final size acknowledged. Terminal.</summary>
    DataRecvd,
    /// <summary>Abandoned with RESET_STREAM; waiting for it to be acknowledged.</summary>
    ResetSent,
    /// <summary>RESET_STREAM acknowledged. Terminal.</summary>
    ResetRecvd,
}

/// <summary>States of the receiving part of a stream (RFC 9000 §3.2, Figure 3).</summary>
internal enum ReceiveStreamState : byte
{
    /// <summary>Receiving data; final size unknown.</summary>
    Recv,
    /// <summary>FIN received; final size known, some data still missing.</summary>
    SizeKnown,
    /// <summary>All data up to the final size received, not all read yet.</summary>
    DataRecvd,
    /// <summary>The application read (or we discarded) everything. Terminal.</summary>
    DataRead,
    /// <summary>RESET_STREAM received; the application has not been told yet.</summary>
    ResetRecvd,
    /// <summary>The application has been told of the reset. Terminal.</summary>
    ResetRead,
}
