using QuicKestrel.Protocol.Runtime.Datapath;

namespace QuicKestrel.Protocol.Api;

/// <summary>Statuses of the layers below as <see cref="QuicStatus"/> values (MsQuic's Linux numbers).</summary>
internal static class StatusMapping
{
    /// <summary>Datapath statuses are errno values, which MsQuic's Linux statuses reuse where they exist.</summary>
    public static QuicStatus FromDatapath(DatapathStatus status) => status switch
    {
        DatapathStatus.Success => QuicStatus.Success,
        DatapathStatus.InvalidState => QuicStatus.InvalidState,
        DatapathStatus.OutOfMemory => QuicStatus.OutOfMemory,
        DatapathStatus.InvalidParameter => QuicStatus.InvalidParameter,
        DatapathStatus.NotSupported => QuicStatus.NotSupported,
        DatapathStatus.InvalidAddress => QuicStatus.InvalidAddress,
        DatapathStatus.AddressInUse => QuicStatus.AddressInUse,
        DatapathStatus.AddressNotAvailable => QuicStatus.AddressNotAvailable,
        DatapathStatus.AccessDenied => QuicStatus.AddressNotAvailable,
        DatapathStatus.NetworkUnreachable or DatapathStatus.HostUnreachable => QuicStatus.Unreachable,
        DatapathStatus.ConnectionRefused => QuicStatus.ConnectionRefused,
        DatapathStatus.Aborted => QuicStatus.Aborted,
        _ => QuicStatus.InternalError,
    };
}
