namespace QuicKestrel.Protocol.Api;

/// <summary>Routes a parameter id to the object that serves it: by prefix, from the handle to the object above it when needed.</summary>
internal static class ParamDispatch
{
    public static QuicStatus Get(QuicHandle? handle, uint param, ref uint length, Span<byte> buffer)
    {
        if (handle is null)
            return GlobalParams.Get(param, ref length, buffer);
        switch (param & 0x7F000000)
        {
            case QuicParam.PrefixConfiguration when handle.Target is not null:
                return Configuration(handle) is { } configuration
                    ? ObjectParams.GetConfiguration(configuration, param, ref length, buffer)
                    : QuicStatus.InvalidState;
            case QuicParam.PrefixListener when handle.Target is ApiListener listener:
                return ObjectParams.GetListener(listener, param, ref length, buffer);
            case QuicParam.PrefixConnection or QuicParam.PrefixTls when Connection(handle) is { } connection:
                return connection.GetParam(param, ref length, buffer);
            case QuicParam.PrefixStream when handle.Target is ApiStream stream:
                return stream.GetParam(param, ref length, buffer);
            default:
                return QuicStatus.InvalidParameter; // MsQuic defines no registration parameter; or a handle without an object
        }
    }

    public static QuicStatus Set(QuicHandle? handle, uint param, ReadOnlySpan<byte> buffer)
    {
        if (handle is null)
            return GlobalParams.Set(param, buffer);
        switch (param & 0x7F000000)
        {
            case QuicParam.PrefixConfiguration when handle.Target is not null:
                return Configuration(handle) is { } configuration
                    ? ObjectParams.SetConfiguration(configuration, param, buffer)
                    : QuicStatus.InvalidState;
            case QuicParam.PrefixListener when handle.Target is ApiListener listener:
                return ObjectParams.SetListener(listener, param, buffer);
            case QuicParam.PrefixConnection or QuicParam.PrefixTls when Connection(handle) is { } connection:
                return connection.SetParam(param, buffer);
            case QuicParam.PrefixStream when handle.Target is ApiStream stream:
                return stream.SetParam(param, buffer);
            default:
                return QuicStatus.InvalidParameter;
        }
    }

    private static ApiConnection? Connection(QuicHandle handle) => handle.Target switch
    {
        ApiConnection connection => connection,
        ApiStream stream => stream.Connection,
        _ => null,
    };

    /// <summary>A configuration handle's own object, or the configuration a connection (or its stream) uses.</summary>
    private static ApiConfiguration? Configuration(QuicHandle handle) => handle.Target switch
    {
        ApiConfiguration configuration => configuration,
        _ => Connection(handle)?.Configuration,
    };
}
