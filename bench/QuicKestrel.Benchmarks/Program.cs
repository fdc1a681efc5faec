using BenchmarkDotNet.Running;

namespace QuicKestrel.Benchmarks;

/// <summary>Runs the micro-benchmarks: <c>dotnet run -c Release --project bench/QuicKestrel.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
