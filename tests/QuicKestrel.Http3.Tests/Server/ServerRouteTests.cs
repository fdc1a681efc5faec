using QuicKestrel.Http3.Server;

namespace QuicKestrel.Http3.Tests.Server;

public class ServerRouteTests
{
    [Theory]
    [InlineData("/bytes/0", (int)RouteKind.Bytes, 0UL, "")]
    [InlineData("/bytes/10000000?x=1", (int)RouteKind.Bytes, 10_000_000UL, "")]
    [InlineData("/echo", (int)RouteKind.Echo, 0UL, "")]
    [InlineData("/reset/268", (int)RouteKind.Reset, 0x10CUL, "")]
    [InlineData("/reset/0x10B", (int)RouteKind.Reset, 0x10BUL, "")]
    [InlineData("/stop/0x100", (int)RouteKind.Stop, 0x100UL, "")]
    [InlineData("/delay/250", (int)RouteKind.Delay, 250UL, "")]
    [InlineData("/index.html", (int)RouteKind.Content, 0UL, "index.html")]
    public void ParsesRoutes(string path, int kind, ulong number, string name)
    {
        Assert.True(ServerRoute.TryParse(path, out ServerRoute route));
        Assert.Equal(new ServerRoute((RouteKind)kind, number, name), route);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/../etc/passwd")]
    [InlineData("/a/b")]
    [InlineData("/..")]
    [InlineData("/a\\b")]
    public void RefusesPathsOutsideTheContentRoot(string path) => Assert.False(ServerRoute.TryParse(path, out _));

    [Theory]
    [InlineData("/bytes/-1")]
    [InlineData("/bytes/x")]
    [InlineData("/delay/600000")]
    [InlineData("/reset/0x4000000000000000")]
    public void NumberedRoutesWithBadNumbersAreContentNames(string path)
    {
        // Not a valid numbered route, and not a single segment either: no route.
        Assert.False(ServerRoute.TryParse(path, out _));
    }
}
