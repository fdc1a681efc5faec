namespace QuicKestrel.Transport;

/// <summary>
/// Application error codes as QUIC carries them: a variable-length integer, so 0 to 2^62 − 1
/// (RFC 9000 §16, §20.2). Kestrel's error-code features use <see cref="long"/> with −1 for "unset".
/// </summary>
public static class QuicErrorCode
{
    /// <summary>The largest application error code QUIC can carry, 2^62 − 1.</summary>
    public const long MaxValue = (1L << 62) - 1;

    /// <summary>True when <paramref name="errorCode"/> can be sent in RESET_STREAM, STOP_SENDING or CONNECTION_CLOSE.</summary>
    /// <param name="errorCode">The code.</param>
    /// <returns>Whether it is between 0 and <see cref="MaxValue"/>.</returns>
    public static bool IsValid(long errorCode) => errorCode is >= 0 and <= MaxValue;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <see cref="IsValid"/>.</summary>
    /// <param name="errorCode">The code.</param>
    public static void Validate(long errorCode)
    {
        if (!IsValid(errorCode))
            throw new ArgumentOutOfRangeException(nameof(errorCode), errorCode, $"A QUIC application error code is between 0 and 2^62 - 1 ({MaxValue}).");
    }
}
