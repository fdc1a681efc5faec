using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace QuicKestrel.Protocol.Api;

/// <summary>The configuration's and the listener's parameters.</summary>
internal static class ObjectParams
{
    public static QuicStatus GetConfiguration(ApiConfiguration configuration, uint param, ref uint length, Span<byte> buffer)
    {
        if (param != QuicParam.ConfigurationSettings)
            return QuicStatus.InvalidParameter; // TICKET_KEYS is set-only
        QuicSettings settings = configuration.Settings;
        return ParamBuffer.Write(settings, ref length, buffer);
    }

    public static QuicStatus SetConfiguration(ApiConfiguration configuration, uint param, ReadOnlySpan<byte> buffer)
    {
        switch (param)
        {
            case QuicParam.ConfigurationSettings when ParamBuffer.TryRead(buffer, out QuicSettings settings):
                return configuration.ApplySettings(settings);
            case QuicParam.ConfigurationTicketKeys:
                int size = Unsafe.SizeOf<QuicTicketKeyConfig>();
                if (buffer.Length < size || buffer.Length % size != 0 || buffer.Length / size > QuicLimits.MaxTicketKeyCount)
                    return QuicStatus.InvalidParameter;
                return configuration.SetTicketKeys(MemoryMarshal.Cast<byte, QuicTicketKeyConfig>(buffer));
            default:
                return QuicStatus.InvalidParameter;
        }
    }

    public static QuicStatus GetListener(ApiListener listener, uint param, ref uint length, Span<byte> buffer)
    {
        switch (param)
        {
            case QuicParam.ListenerLocalAddress:
                if (!listener.IsStarted)
                    return QuicStatus.InvalidState;
                return ParamBuffer.Write(listener.LocalAddress, ref length, buffer);
            case QuicParam.ListenerStats:
                return ParamBuffer.Write(listener.Statistics, ref length, buffer);
            case QuicParam.DosModeEvents:
                return ParamBuffer.WriteBool(listener.DosModeEvents, ref length, buffer);
            default:
                return QuicStatus.InvalidParameter;
        }
    }

    public static QuicStatus SetListener(ApiListener listener, uint param, ReadOnlySpan<byte> buffer)
    {
        if (param == QuicParam.DosModeEvents && ParamBuffer.TryReadBool(buffer, out bool enabled))
        {
            listener.DosModeEvents = enabled;
            return QuicStatus.Success;
        }
        return QuicStatus.InvalidParameter;
    }
}
