namespace QuicKestrel.Protocol.Api;

/// <summary>
/// The object behind a <see cref="QuicHandle"/>: each API object creates its handle and hangs
/// off it, so a call resolves a handle to its object with one type check.
/// </summary>
internal abstract class ApiObject
{
    protected ApiObject(QuicHandleKind kind, object? context)
    {
        Handle = new QuicHandle(kind) { Target = this, Context = context };
    }

    public QuicHandle Handle { get; }

    /// <summary>The object of an open handle of type <typeparamref name="T"/>, or null.</summary>
    public static T? From<T>(QuicHandle? handle)
        where T : ApiObject =>
        handle is { IsClosed: false, Target: T target } ? target : null;
}
