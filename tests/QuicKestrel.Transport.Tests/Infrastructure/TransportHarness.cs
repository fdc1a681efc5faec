using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace QuicKestrel.Transport.Tests.Infrastructure;

/// <summary>
/// A <see cref="QuicTransportFactory"/> listener on 127.0.0.1 with a TLS callback like Kestrel's,
/// plus helpers to pair a client connection with the server's context.
/// </summary>
internal sealed class TransportHarness : IAsyncDisposable
{
    public const string TraitName = "Requires";
    public const string TraitValue = "QuicStack";

    private TransportHarness(IMultiplexedConnectionListener listener, TlsConnectionCallbackOptions tls)
    {
        Listener = listener;
        Tls = tls;
    }

    public IMultiplexedConnectionListener Listener { get; }

    public TlsConnectionCallbackOptions Tls { get; }

    public IPEndPoint EndPoint => (IPEndPoint)Listener.EndPoint;

    public static async Task<TransportHarness> StartAsync(
        Action<QuicTransportOptions>? configure = null,
        Func<TlsConnectionCallbackContext, SslServerAuthenticationOptions>? onConnection = null,
        IPEndPoint? endPoint = null)
    {
        var options = new QuicTransportOptions();
        configure?.Invoke(options);
        var factory = new QuicTransportFactory(Options.Create(options), NullLoggerFactory.Instance);
        var shared = new SslServerAuthenticationOptions { ServerCertificate = TestCertificates.Server };
        var tls = new TlsConnectionCallbackOptions
        {
            ApplicationProtocols = [SslApplicationProtocol.Http3],
            OnConnection = (context, _) => ValueTask.FromResult(onConnection?.Invoke(context) ?? shared),
            OnConnectionState = "state",
        };
        var features = new FeatureCollection();
        features.Set(tls);
        IMultiplexedConnectionListener listener = await factory.BindAsync(endPoint ?? new IPEndPoint(IPAddress.Loopback, 0), features);
        return new TransportHarness(listener, tls);
    }

    public async Task<(QuicTestConnection Client, MultiplexedConnectionContext Server)> ConnectAsync(System.Security.Cryptography.X509Certificates.X509Certificate2? clientCertificate = null)
    {
        QuicTestConnection client = await QuicTestConnection.ConnectAsync(EndPoint, clientCertificate: clientCertificate);
        MultiplexedConnectionContext? server = await Listener.AcceptAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        return (client, server!);
    }

    public ValueTask DisposeAsync() => Listener.DisposeAsync();

    /// <summary>Reads a stream's input to its end.</summary>
    public static async Task<byte[]> ReadToEndAsync(PipeReader reader)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            ReadResult result = await reader.ReadAsync(cts.Token);
            if (result.IsCompleted)
            {
                byte[] all = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return all;
            }
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    public static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        WebApp.DeterministicContent.Fill(bytes, 0);
        return bytes;
    }
}
