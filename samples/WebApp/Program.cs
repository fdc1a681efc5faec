var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

app.MapGet("/", (HttpContext context) => $"Served over {context.Request.Protocol}");
app.MapGet("/hello", () => "Hello, world!");

app.Run();
