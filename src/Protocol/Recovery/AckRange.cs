namespace QuicKestrel.Protocol.Recovery;

/// <summary>
/// One contiguous range of acknowledged packet numbers from an ACK frame, both ends inclusive.
/// An ACK frame is a span of these, largest range first (RFC 9000 §19.3.1).
/// </summary>
internal readonly record struct AckRange(long Smallest, long Largest);

/// <summary>The ECN counts an ACK_ECN frame reports for one packet number space (RFC 9000 §19.3.2).</summary>
internal readonly record struct EcnCounts(long Ect0, long Ect1, long Ce);
