using System.Net;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Protocol.Tests.Api;

public sealed class QuicApiTableTests : IDisposable
{
    private const string NoHandle = "none";

    private static readonly QuicBuffer[] H3 = ["h3"u8.ToArray()];
    private static readonly QuicConnectionCallback ConnectionHandler = (QuicHandle _, object? _, ref QuicConnectionEvent _) => QuicStatus.Success;
    private static readonly QuicStreamCallback StreamHandler = (QuicHandle _, object? _, ref QuicStreamEvent _) => QuicStatus.Success;
    private static readonly QuicListenerCallback ListenerHandler = (QuicHandle _, object? _, ref QuicListenerEvent _) => QuicStatus.Success;

    private readonly QuicApiTable _api;
    private readonly QuicHandle _registration;
    private readonly QuicHandle _configuration;
    private readonly QuicHandle _listener;
    private readonly QuicHandle _connection;
    private readonly QuicHandle _stream;

    /// <summary>Real objects, none started: a connection opened (not started) and a stream opened on it.</summary>
    public QuicApiTableTests()
    {
        MsQuicLibrary.MsQuicOpen2(out _api);
        _api.RegistrationOpen(null, out QuicHandle? registration);
        _registration = registration!;
        _api.ConfigurationOpen(_registration, H3, default, null, out QuicHandle? configuration);
        _configuration = configuration!;
        _api.ListenerOpen(_registration, ListenerHandler, null, out QuicHandle? listener);
        _listener = listener!;
        _api.ConnectionOpen(_registration, ConnectionHandler, null, out QuicHandle? connection);
        _connection = connection!;
        _api.StreamOpen(_connection, QuicStreamOpenFlags.None, StreamHandler, null, out QuicHandle? stream);
        _stream = stream!;
    }

    public void Dispose()
    {
        foreach (QuicHandle handle in new[] { _registration, _configuration, _listener, _connection, _stream })
            handle.IsClosed = false; // some tests mark handles closed by hand
        _api.StreamClose(_stream);
        _api.ConnectionClose(_connection);
        _api.ListenerClose(_listener);
        _api.ConfigurationClose(_configuration);
        _api.RegistrationClose(_registration);
        MsQuicLibrary.MsQuicClose(_api);
    }

    public static TheoryData<string> HandleCalls() =>
        new(Calls(new QuicApiTable(), null, null, null, null, null).Keys);

    [Theory]
    [MemberData(nameof(HandleCalls))]
    public void Null_handles_are_invalid_parameters_not_exceptions(string call)
    {
        Assert.Equal(QuicStatus.InvalidParameter, Calls(_api, null, null, null, null, null)[call]());
    }

    [Theory]
    [MemberData(nameof(HandleCalls))]
    public void Wrong_kind_handles_are_invalid_parameters(string call)
    {
        // Every handle argument gets a listener, except calls on listeners, which get a stream.
        QuicHandle wrong = call.StartsWith("Listener", StringComparison.Ordinal) ? _stream : _listener;
        Assert.Equal(QuicStatus.InvalidParameter, Calls(_api, wrong, wrong, wrong, wrong, wrong)[call]());
    }

    [Theory]
    [MemberData(nameof(HandleCalls))]
    public void Closed_handles_are_invalid_parameters(string call)
    {
        foreach (QuicHandle handle in new[] { _registration, _configuration, _listener, _connection, _stream })
            handle.IsClosed = true;
        Assert.Equal(QuicStatus.InvalidParameter, Calls(_api, _registration, _configuration, _listener, _connection, _stream)[call]());
    }

    [Theory]
    [MemberData(nameof(HandleCalls))]
    public void Handles_the_api_did_not_make_are_invalid_parameters(string call)
    {
        QuicHandle Bare(QuicHandleKind kind) => new(kind);
        Assert.Equal(QuicStatus.InvalidParameter, Calls(_api, Bare(QuicHandleKind.Registration), Bare(QuicHandleKind.Configuration),
            Bare(QuicHandleKind.Listener), Bare(QuicHandleKind.Connection), Bare(QuicHandleKind.Stream))[call]());
    }

    [Fact]
    public void Connection_calls_accept_a_stream_of_the_connection_as_msquic_does()
    {
        Assert.Equal(QuicStatus.Success, _api.StreamOpen(_stream, QuicStreamOpenFlags.None, StreamHandler, null, out QuicHandle? second));
        _api.StreamClose(second);
        // The configuration has no credential yet: refused as MsQuic does, but for that reason, not the handle.
        Assert.Equal(QuicStatus.InvalidParameter, _api.ConnectionStart(_stream, _configuration, QuicAddressFamily.Unspec, "example.com", 443));
        _api.ConfigurationLoadCredential(_configuration, new QuicCredentialConfig { Flags = QuicCredentialFlags.Client });
        Assert.Equal(QuicStatus.InvalidParameter, _api.ConnectionSetConfiguration(_stream, _configuration)); // a client connection
        Assert.Equal(QuicStatus.InvalidParameter, _api.DatagramSend(_stream, H3, QuicSendFlags.None, null)); // MsQuic: connections only
    }

    [Fact]
    public void Bad_arguments_are_invalid_parameters()
    {
        Assert.Equal(QuicStatus.InvalidParameter, _api.RegistrationOpen(new QuicRegistrationConfig { ExecutionProfile = (QuicExecutionProfile)9 }, out QuicHandle? registration));
        Assert.Null(registration);
        Assert.Equal(QuicStatus.InvalidParameter, _api.ConfigurationOpen(_registration, [], default, null, out _));
        Assert.Equal(QuicStatus.InvalidParameter, _api.ConfigurationOpen(_registration, H3, new QuicSettings { InitialRttMs = 0 }, null, out _));
        Assert.Equal(QuicStatus.InvalidParameter, _api.ListenerOpen(_registration, null, null, out _));
        Assert.Equal(QuicStatus.InvalidParameter, _api.ListenerStart(_listener, [new byte[256]], null));
        Assert.Equal(QuicStatus.InvalidParameter, _api.ConnectionOpen(_registration, null, null, out _));
        Assert.Equal(QuicStatus.InvalidParameter, _api.ConnectionStart(_connection, _configuration, (QuicAddressFamily)1, "example.com", 443));
        Assert.Equal(QuicStatus.InvalidParameter, _api.ConnectionStart(_connection, _configuration, QuicAddressFamily.Inet, "example.com", 0));
        Assert.Equal(QuicStatus.InvalidParameter, _api.ConnectionStart(_connection, _configuration, QuicAddressFamily.Inet, new string('a', 65536), 443));
        Assert.Equal(QuicStatus.InvalidParameter, _api.ConnectionSendResumptionTicket(_connection, QuicSendResumptionFlags.None, new byte[1001]));
        Assert.Equal(QuicStatus.InvalidParameter, _api.ConnectionSendResumptionTicket(_connection, (QuicSendResumptionFlags)2, []));
        Assert.Equal(QuicStatus.InvalidParameter, _api.ConnectionCertificateValidationComplete(_connection, false, (QuicTlsAlertCode)256));
        Assert.Equal(QuicStatus.InvalidState, _api.ConnectionCertificateValidationComplete(_connection, true, QuicTlsAlertCode.Success)); // none pending
        Assert.Equal(QuicStatus.InvalidParameter, _api.StreamOpen(_connection, QuicStreamOpenFlags.None, null, null, out _));
        Assert.Equal(QuicStatus.InvalidParameter, _api.StreamOpen(_connection, (QuicStreamOpenFlags)0x10, StreamHandler, null, out _));
        Assert.Equal(QuicStatus.InvalidParameter, _api.StreamShutdown(_stream, QuicStreamShutdownFlags.Abort, QuicLimits.Uint62Max + 1));
        Assert.Equal(QuicStatus.InvalidParameter, _api.DatagramSend(_connection, ReadOnlyMemory<QuicBuffer>.Empty, QuicSendFlags.None, null));
        Assert.Equal(QuicStatus.Pending, _api.StreamSend(_stream, ReadOnlyMemory<QuicBuffer>.Empty, QuicSendFlags.Fin, null)); // queued until start
        Assert.Equal(QuicStatus.InvalidState, _api.StreamSend(_stream, H3, QuicSendFlags.None, null)); // after the FIN
    }

    [Theory]
    [InlineData(QuicStreamShutdownFlags.None, false)]
    [InlineData(QuicStreamShutdownFlags.Graceful, true)]
    [InlineData(QuicStreamShutdownFlags.Graceful | QuicStreamShutdownFlags.Inline, true)]
    [InlineData(QuicStreamShutdownFlags.Graceful | QuicStreamShutdownFlags.AbortSend, false)]
    [InlineData(QuicStreamShutdownFlags.Graceful | QuicStreamShutdownFlags.Immediate, false)]
    [InlineData(QuicStreamShutdownFlags.AbortSend, true)]
    [InlineData(QuicStreamShutdownFlags.AbortReceive, true)]
    [InlineData(QuicStreamShutdownFlags.Abort, true)]
    [InlineData(QuicStreamShutdownFlags.Abort | QuicStreamShutdownFlags.Immediate, true)]
    [InlineData(QuicStreamShutdownFlags.AbortSend | QuicStreamShutdownFlags.Immediate, false)]
    [InlineData(QuicStreamShutdownFlags.Abort | QuicStreamShutdownFlags.Immediate | QuicStreamShutdownFlags.Inline, false)]
    [InlineData(QuicStreamShutdownFlags.Abort | QuicStreamShutdownFlags.Inline, true)]
    [InlineData((QuicStreamShutdownFlags)0x20 | QuicStreamShutdownFlags.Abort, false)]
    public void Stream_shutdown_flag_combinations_follow_msquic(QuicStreamShutdownFlags flags, bool valid)
    {
        Assert.Equal(valid, QuicApiArguments.IsValidStreamShutdown(flags));
        Assert.Equal(valid ? QuicStatus.Pending : QuicStatus.InvalidParameter, _api.StreamShutdown(_stream, flags, 7));
    }

    [Fact]
    public void Alpn_lists_need_one_to_255_bytes_each_and_fit_a_tls_extension()
    {
        Assert.True(QuicApiArguments.IsValidAlpnList(H3));
        Assert.True(QuicApiArguments.IsValidAlpnList([new byte[255]]));
        Assert.False(QuicApiArguments.IsValidAlpnList([]));
        Assert.False(QuicApiArguments.IsValidAlpnList([Array.Empty<byte>()]));
        Assert.False(QuicApiArguments.IsValidAlpnList([new byte[256]]));
        QuicBuffer[] many = Enumerable.Repeat<QuicBuffer>(new byte[255], 256).ToArray(); // 256 × 256 bytes on the wire
        Assert.False(QuicApiArguments.IsValidAlpnList(many));
        Assert.True(QuicApiArguments.IsValidAlpnList(many.AsSpan(0, 255)));
    }

    [Theory]
    [InlineData(QuicParam.GlobalSettings, NoHandle, true)]
    [InlineData(QuicParam.GlobalSettings, nameof(QuicHandleKind.Connection), false)]
    [InlineData(QuicParam.ConnSettings, NoHandle, false)]
    [InlineData(QuicParam.ConfigurationSettings, nameof(QuicHandleKind.Configuration), true)]
    [InlineData(QuicParam.ConfigurationSettings, nameof(QuicHandleKind.Connection), true)]
    [InlineData(QuicParam.ConfigurationSettings, nameof(QuicHandleKind.Listener), false)]
    [InlineData(QuicParam.ListenerLocalAddress, nameof(QuicHandleKind.Listener), true)]
    [InlineData(QuicParam.ListenerLocalAddress, nameof(QuicHandleKind.Connection), false)]
    [InlineData(QuicParam.ConnLocalAddress, nameof(QuicHandleKind.Connection), true)]
    [InlineData(QuicParam.ConnLocalAddress | QuicParam.HighPriority, nameof(QuicHandleKind.Stream), true)]
    [InlineData(QuicParam.ConnLocalAddress, nameof(QuicHandleKind.Listener), false)]
    [InlineData(QuicParam.TlsHandshakeInfo, nameof(QuicHandleKind.Connection), true)]
    [InlineData(QuicParam.TlsHandshakeInfo, nameof(QuicHandleKind.Configuration), false)]
    [InlineData(QuicParam.StreamPriority, nameof(QuicHandleKind.Stream), true)]
    [InlineData(QuicParam.StreamPriority, nameof(QuicHandleKind.Connection), false)]
    [InlineData(QuicParam.PrefixRegistration, nameof(QuicHandleKind.Stream), true)]
    [InlineData(QuicParam.PrefixRegistration, nameof(QuicHandleKind.Registration), true)]
    [InlineData(QuicParam.ConnSettings, nameof(QuicHandleKind.Registration), false)]
    public void Params_reach_their_object_and_the_objects_above_it(uint param, string kind, bool reachable)
    {
        QuicHandle? handle = kind == NoHandle ? null : new QuicHandle(Enum.Parse<QuicHandleKind>(kind));
        Assert.Equal(reachable, QuicApiArguments.IsParamReachable(handle, param));
        if (!reachable)
        {
            Assert.Equal(QuicStatus.InvalidParameter, _api.SetParam(handle, param, stackalloc byte[2]));
            Assert.Equal(QuicStatus.InvalidParameter, _api.GetParam(handle, param, out ushort _));
        }
    }

    [Fact]
    public void GetParam_refuses_a_length_larger_than_the_buffer()
    {
        uint length = 9;
        Assert.Equal(QuicStatus.InvalidParameter, _api.GetParam(_stream, QuicParam.StreamId, ref length, stackalloc byte[8]));
        length = 8;
        Assert.Equal(QuicStatus.InvalidState, _api.GetParam(_stream, QuicParam.StreamId, ref length, stackalloc byte[8])); // no ID before start
        length = 1;
        Assert.Equal(QuicStatus.BufferTooSmall, _api.GetParam(_stream, QuicParam.StreamPriority, ref length, stackalloc byte[8]));
        Assert.Equal(2u, length); // the size needed
        length = 8;
        Assert.Equal(QuicStatus.Success, _api.GetParam(_stream, QuicParam.StreamPriority, ref length, stackalloc byte[8]));
        Assert.Equal(2u, length); // the size written
    }

    [Fact]
    public void Typed_GetParam_returns_default_on_failure()
    {
        Assert.Equal(QuicStatus.InvalidParameter, _api.GetParam(null, QuicParam.StreamId, out ulong id));
        Assert.Equal(0UL, id);
        Assert.Equal(QuicStatus.InvalidParameter, _api.SetParam(_listener, QuicParam.ConnSettings, new QuicSettings { IdleTimeoutMs = 1 }));
    }

    [Fact]
    public void Contexts_are_kept_on_the_handle()
    {
        object context = new();
        _api.SetContext(_connection, context);
        Assert.Same(context, _api.GetContext(_connection));
        _api.SetContext(null, context);
        Assert.Null(_api.GetContext(null));
    }

    [Fact]
    public void Callback_handlers_are_set_only_on_handles_of_their_kind()
    {
        var _connection = new QuicHandle(QuicHandleKind.Connection);
        var _stream = new QuicHandle(QuicHandleKind.Stream);
        var _listener = new QuicHandle(QuicHandleKind.Listener);
        object context = new();
        _api.SetCallbackHandler(_connection, ConnectionHandler, context);
        Assert.Same(ConnectionHandler, _connection.Handler);
        Assert.Same(context, _api.GetContext(_connection));

        _api.SetCallbackHandler(_stream, ConnectionHandler, "ignored");
        _api.SetCallbackHandler(_connection, StreamHandler, "ignored");
        _api.SetCallbackHandler(_connection, ListenerHandler, "ignored");
        _api.SetCallbackHandler(null, StreamHandler, "ignored");
        Assert.Null(_stream.Handler);
        Assert.Same(ConnectionHandler, _connection.Handler);
        Assert.Same(context, _api.GetContext(_connection));

        _api.SetCallbackHandler(_stream, StreamHandler, null);
        _api.SetCallbackHandler(_listener, ListenerHandler, null);
        Assert.Same(StreamHandler, _stream.Handler);
        Assert.Same(ListenerHandler, _listener.Handler);
    }

    [Fact]
    public void Open_and_close_count_library_references_once_per_table()
    {
        int before = MsQuicLibrary.OpenCount;
        Assert.Equal(QuicStatus.Success, MsQuicLibrary.MsQuicOpen2(out QuicApiTable first));
        Assert.Equal(QuicStatus.Success, MsQuicLibrary.MsQuicOpen2(out QuicApiTable second));
        Assert.NotSame(first, second);
        Assert.Equal(before + 2, MsQuicLibrary.OpenCount);
        MsQuicLibrary.MsQuicClose(first);
        MsQuicLibrary.MsQuicClose(first);
        MsQuicLibrary.MsQuicClose(null);
        Assert.Equal(before + 1, MsQuicLibrary.OpenCount);
        MsQuicLibrary.MsQuicClose(second);
        Assert.Equal(before, MsQuicLibrary.OpenCount);
    }

    [Fact]
    public void Code_keeping_msquics_table_name_ports_line_by_line()
    {
        // The C sample's shape: MsQuic->RegistrationOpen(&RegConfig, &Registration), with the table named MsQuic.
        QuicApiTable MsQuic = _api;
        var regConfig = new QuicRegistrationConfig { AppName = "quicsample", ExecutionProfile = QuicExecutionProfile.LowLatency };
        QuicStatus status = MsQuic.RegistrationOpen(regConfig, out QuicHandle? registration);
        Assert.True(status.Succeeded() && registration is not null);
        MsQuic.RegistrationClose(registration);
        Assert.Equal("QuicHandle(Stream)", _stream.ToString());
    }

    /// <summary>Every table call that returns a status, by name, with the given handles and otherwise valid arguments.</summary>
    private static Dictionary<string, Func<QuicStatus>> Calls(
        QuicApiTable api, QuicHandle? registration, QuicHandle? configuration, QuicHandle? listener, QuicHandle? connection, QuicHandle? stream) => new()
    {
        ["ConfigurationOpen"] = () => api.ConfigurationOpen(registration, H3, default, null, out _),
        ["ConfigurationLoadCredential"] = () => api.ConfigurationLoadCredential(configuration, new QuicCredentialConfig { Flags = QuicCredentialFlags.Client }),
        ["ListenerOpen"] = () => api.ListenerOpen(registration, ListenerHandler, null, out _),
        ["ListenerStart"] = () => api.ListenerStart(listener, H3, new IPEndPoint(IPAddress.Loopback, 0)),
        ["ConnectionOpen"] = () => api.ConnectionOpen(registration, ConnectionHandler, null, out _),
        ["ConnectionStart"] = () => api.ConnectionStart(connection, configuration, QuicAddressFamily.Inet, "localhost", 4433),
        ["ConnectionSetConfiguration"] = () => api.ConnectionSetConfiguration(connection, configuration),
        ["ConnectionSendResumptionTicket"] = () => api.ConnectionSendResumptionTicket(connection, QuicSendResumptionFlags.Final, new byte[1000]),
        ["ConnectionResumptionTicketValidationComplete"] = () => api.ConnectionResumptionTicketValidationComplete(connection, true),
        ["ConnectionCertificateValidationComplete"] = () => api.ConnectionCertificateValidationComplete(connection, false, QuicTlsAlertCode.BadCertificate),
        ["DatagramSend"] = () => api.DatagramSend(connection, H3, QuicSendFlags.None, null),
        ["StreamOpen"] = () => api.StreamOpen(connection, QuicStreamOpenFlags.Unidirectional, StreamHandler, null, out _),
        ["StreamStart"] = () => api.StreamStart(stream, QuicStreamStartFlags.Immediate),
        ["StreamShutdown"] = () => api.StreamShutdown(stream, QuicStreamShutdownFlags.Graceful, 0),
        ["StreamSend"] = () => api.StreamSend(stream, H3, QuicSendFlags.Fin, null),
        ["StreamReceiveSetEnabled"] = () => api.StreamReceiveSetEnabled(stream, true),
        ["SetParam"] = () => api.SetParam(stream, QuicParam.StreamPriority, (ushort)1),
        ["GetParam"] = () => api.GetParam(stream, QuicParam.StreamId, out ulong _),
    };
}
