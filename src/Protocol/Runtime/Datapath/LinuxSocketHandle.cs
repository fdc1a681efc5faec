using System.Runtime.InteropServices;

namespace QuicKestrel.Protocol.Runtime.Datapath;

/// <summary>
/// Owns a socket file descriptor. Every syscall runs between <see cref="TryAcquire"/> and
/// <see cref="ReleaseUse"/>, so Dispose during a send or a blocked receive only marks the
/// handle closed and the descriptor is closed when the last call returns: it can never be
/// reused under a running call.
/// </summary>
internal sealed class LinuxSocketHandle : SafeHandle
{
    public LinuxSocketHandle(int fd) : base(invalidHandleValue: -1, ownsHandle: true)
    {
        SetHandle(fd);
    }

    public override bool IsInvalid => handle == -1;

    /// <summary>The descriptor, for setup calls made before the handle is shared.</summary>
    public int Fd => (int)handle;

    /// <summary>Takes a use of the descriptor; false once the handle is closed.</summary>
    public bool TryAcquire(out int fd)
    {
        bool added = false;
        try
        {
            DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException)
        {
        }
        fd = added ? (int)handle : -1;
        return added;
    }

    public void ReleaseUse() => DangerousRelease();

    protected override bool ReleaseHandle() => LinuxInterop.Close((int)handle) == 0;
}
