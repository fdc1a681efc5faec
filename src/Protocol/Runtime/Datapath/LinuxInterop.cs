using System.Runtime.InteropServices;

namespace QuicKestrel.Protocol.Runtime.Datapath;

/// <summary>
/// The libc calls of the native datapath. Blittable signatures only (ints and pointers),
/// so the generated stubs do no marshalling work; errno is captured for every call.
/// Valid for 64-bit Linux on x64 and arm64, whose socket ABI (constants, struct layouts)
/// is the generic one; other targets use the managed datapath.
/// </summary>
internal static unsafe partial class LinuxInterop
{
    private const string LibC = "libc";

    [LibraryImport(LibC, EntryPoint = "socket", SetLastError = true)]
    internal static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(LibC, EntryPoint = "setsockopt", SetLastError = true)]
    internal static partial int SetSockOpt(int fd, int level, int name, void* value, uint length);

    [LibraryImport(LibC, EntryPoint = "getsockopt", SetLastError = true)]
    internal static partial int GetSockOpt(int fd, int level, int name, void* value, uint* length);

    [LibraryImport(LibC, EntryPoint = "bind", SetLastError = true)]
    internal static partial int Bind(int fd, byte* address, uint length);

    [LibraryImport(LibC, EntryPoint = "getsockname", SetLastError = true)]
    internal static partial int GetSockName(int fd, byte* address, uint* length);

    [LibraryImport(LibC, EntryPoint = "sendmsg", SetLastError = true)]
    internal static partial nint SendMsg(int fd, MessageHeader* message, int flags);

    [LibraryImport(LibC, EntryPoint = "sendmmsg", SetLastError = true)]
    internal static partial int SendMMsg(int fd, MultiMessageHeader* messages, uint count, int flags);

    [LibraryImport(LibC, EntryPoint = "recvmmsg", SetLastError = true)]
    internal static partial int RecvMMsg(int fd, MultiMessageHeader* messages, uint count, int flags, void* timeout);

    [LibraryImport(LibC, EntryPoint = "shutdown", SetLastError = true)]
    internal static partial int Shutdown(int fd, int how);

    [LibraryImport(LibC, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    internal static int Errno => Marshal.GetLastPInvokeError();

    internal static int SetInt(int fd, int level, int name, int value) =>
        SetSockOpt(fd, level, name, &value, sizeof(int));

    internal static bool TryGetInt(int fd, int level, int name, out int value)
    {
        int result = 0;
        uint length = sizeof(int);
        bool ok = GetSockOpt(fd, level, name, &result, &length) == 0;
        value = result;
        return ok;
    }
}

/// <summary>struct iovec.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IoVector
{
    public byte* Base;
    public nuint Length;
}

/// <summary>struct msghdr (glibc layout; musl's differs only in padding that stays zero).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MessageHeader
{
    public byte* Name;
    public uint NameLength;
    public IoVector* IoVectors;
    public nuint IoVectorCount;
    public byte* Control;
    public nuint ControlLength;
    public int Flags;
}

/// <summary>struct mmsghdr.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MultiMessageHeader
{
    public MessageHeader Header;
    public uint Length;
}

/// <summary>struct cmsghdr: the header of one control message; data follows, 8-byte aligned.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ControlMessageHeader
{
    public nuint Length;
    public int Level;
    public int Type;
}

/// <summary>struct timeval (64-bit).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TimeValue
{
    public long Seconds;
    public long Microseconds;
}
