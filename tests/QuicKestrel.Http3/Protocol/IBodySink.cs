namespace QuicKestrel.Http3.Protocol;

/// <summary>Receives message content (DATA payload) as it is parsed.</summary>
internal interface IBodySink
{
    /// <summary>Takes as much of <paramref name="data"/> as it can now.</summary>
    /// <param name="data">The next content bytes; valid only during the call.</param>
    /// <returns>How many bytes were taken; fewer than offered means "pause": the rest is offered again later.</returns>
    int Write(ReadOnlySpan<byte> data);
}

/// <summary>A sink that counts and drops content.</summary>
internal sealed class DiscardBodySink : IBodySink
{
    public static readonly DiscardBodySink Instance = new();

    public int Write(ReadOnlySpan<byte> data) => data.Length;
}
