using System.Net;

namespace QuicKestrel.Protocol.Api;

/// <summary>What ConnectionStart hands its worker: the configuration, the name for TLS, and where to connect.</summary>
internal sealed record ClientStartRequest(ApiConfiguration Configuration, string? ServerName, IPEndPoint Remote);
