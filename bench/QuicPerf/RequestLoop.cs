using System.Diagnostics;

namespace QuicKestrel.Perf;

/// <summary>One rr connection's request chain: each completion records the latency and starts the next request (on the worker) until the deadline or the cap.</summary>
internal sealed class RequestLoop
{
    private readonly ClientRequest _request;
    private readonly ScenarioOptions _options;
    private readonly long _deadline;
    private readonly CountdownEvent _finished;

    public RequestLoop(PerfSession client, ClientConnection connection, ScenarioOptions options, int capacity, long deadline, CountdownEvent finished)
    {
        _options = options;
        _deadline = deadline;
        _finished = finished;
        Latencies = new LatencyRecorder(capacity);
        _request = new ClientRequest(client.Api, connection.Handle!) { Completed = OnCompleted };
    }

    public LatencyRecorder Latencies { get; }

    public long Failures { get; private set; }

    public void Begin() => StartNext();

    private void OnCompleted(ClientRequest request)
    {
        if (request.Succeeded)
            Latencies.Record(request.FinishTimestamp - request.StartTimestamp);
        else
            Failures++;
        StartNext();
    }

    private void StartNext()
    {
        bool more = Stopwatch.GetTimestamp() < _deadline && !Latencies.IsFull && Failures < 100;
        if (!more || !_request.Start((ulong)_options.ResponseBytes, (ulong)Math.Max(0, _options.RequestBytes - PerfProtocol.HeaderLength)))
            _finished.Signal();
    }
}
