using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace QuicKestrel.Transport.Tests.Interop;

/// <summary>A first middleware that notes how each request reached Kestrel.</summary>
internal sealed class RequestRecorder : IStartupFilter
{
    public sealed record Seen(string PathAndQuery, string Protocol, string ConnectionId, IPAddress? RemoteAddress, string UserAgent);

    public ConcurrentQueue<Seen> Requests { get; } = new();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            Requests.Enqueue(new Seen(
                context.Request.Path + context.Request.QueryString,
                context.Request.Protocol,
                context.Connection.Id,
                context.Connection.RemoteIpAddress,
                context.Request.Headers.UserAgent.ToString()));
            return nextMiddleware(context);
        });
        next(app);
    };
}
