using System.Globalization;
using QuicKestrel.Http3;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.H3Load;

/// <summary>The command line: a mode, an https URL and a few counts.</summary>
internal sealed class Arguments
{
    public const string Usage =
        "usage: H3Load load <https-url> [-c connections=1] [-n requests=1000] [-m streams-per-connection=10] [-w warm-up-requests=0] [-W stream-receive-window] [-t timeout-seconds=120]\n" +
        "       H3Load get <https-url> [-n timed-downloads=1] [-w untimed-downloads-first=0] [-W stream-receive-window] [-t timeout-seconds=120]";

    public required string Mode { get; init; }

    public required Uri Url { get; init; }

    public int Connections { get; private set; } = 1;

    public long Requests { get; private set; }

    public int StreamsPerConnection { get; private set; } = 10;

    public long WarmupRequests { get; private set; }

    public TimeSpan Timeout { get; private set; } = TimeSpan.FromSeconds(120);

    /// <summary>The initial stream receive window (a power of two), or 0 for the stack's default (64 KiB, auto-tuned).</summary>
    public uint StreamReceiveWindow { get; private set; }

    public string PathAndQuery => Url.PathAndQuery;

    public static Arguments Parse(string[] args)
    {
        if (args.Length < 2)
            throw new ArgumentException("A mode and a URL are required.");
        if (!Uri.TryCreate(args[1], UriKind.Absolute, out Uri? url) || url.Scheme != Uri.UriSchemeHttps)
            throw new ArgumentException($"\"{args[1]}\" is not an https URL.");
        var parsed = new Arguments { Mode = args[0], Url = url, Requests = args[0] == "get" ? 1 : 1000 };
        for (int i = 2; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
                throw new ArgumentException($"{args[i]} needs a value.");
            long value = long.Parse(args[i + 1], CultureInfo.InvariantCulture);
            if (value < 0 || (value == 0 && args[i] != "-w"))
                throw new ArgumentException($"{args[i]} must be positive.");
            switch (args[i])
            {
                case "-c": parsed.Connections = checked((int)value); break;
                case "-n": parsed.Requests = value; break;
                case "-m": parsed.StreamsPerConnection = checked((int)value); break;
                case "-w": parsed.WarmupRequests = value; break;
                case "-t": parsed.Timeout = TimeSpan.FromSeconds(value); break;
                case "-W": parsed.StreamReceiveWindow = checked((uint)value); break;
                default: throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }
        return parsed;
    }

    /// <summary>Client options for the URL's host and port; the self-signed test certificate is not validated.</summary>
    public Http3ClientOptions ClientOptions()
    {
        var options = new Http3ClientOptions { Host = Url.Host, Port = Url.Port };
        if (StreamReceiveWindow > 0)
            options.TransportSettings = new QuicSettings { StreamRecvWindowDefault = StreamReceiveWindow };
        return options;
    }
}
