using FsCheck;
using FsCheck.Fluent;
using QuicKestrel.Protocol.Tests.Simulation.Fakes;

namespace QuicKestrel.Protocol.Tests.Simulation;

public class RunLoopTests
{
    [Fact]
    public void Timers_fire_at_their_exact_time_and_moved_timers_do_not_fire_early()
    {
        var net = new SimNetwork();
        var probe = new TimerProbe { Timeout = 5_000 };
        var host = net.AddNode(probe, SimAddress.V4(1));
        net.RunFor(1_000);
        probe.Timeout = 9_000;   // moved later from outside: the 5 000 µs event is now stale
        net.Wake(host);
        net.RunFor(20_000);

        Assert.Equal([9_000L], probe.Fired);
        Assert.Equal(1, host.Stats.TimeoutsHandled);
        Assert.Equal(21_000, net.Now);
    }

    [Fact]
    public void A_timeout_in_the_past_fires_at_once()
    {
        var net = new SimNetwork();
        net.RunFor(10_000);
        var probe = new TimerProbe { Timeout = 3 };
        net.AddNode(probe, SimAddress.V4(1));
        net.RunFor(1);

        Assert.Equal([10_000L], probe.Fired);
    }

    [Fact]
    public void Run_until_stops_when_done_and_reports_timeouts_and_idleness()
    {
        var net = new SimNetwork();
        var pinger = new Pinger(SimAddress.V4(2), count: 3, intervalMicros: 1_000_000);
        var a = net.AddNode(pinger, SimAddress.V4(1));
        var b = net.AddNode(new EchoNode(), SimAddress.V4(2));
        net.Connect(a, b);

        Assert.False(net.RunUntil(() => pinger.AllAnswered, 1_500_000));
        Assert.Equal(SimStopReason.Deadline, net.LastStopReason);
        Assert.Equal(1_500_000, net.Now);

        Assert.True(net.RunUntil(() => pinger.AllAnswered, 10_000_000));
        Assert.Equal(SimStopReason.Done, net.LastStopReason);
        Assert.Equal(2_000_000 + 30_000 + 2 * 80, net.Now);   // third echo: 100 B = 80 µs each way

        Assert.False(net.RunUntil(() => false, 10_000_000));
        Assert.Equal(SimStopReason.Idle, net.LastStopReason);
        Assert.Contains("node0->node1: sent 3 (300 B), delivered 3 (300 B)", net.ToString());
    }

    [Fact]
    public void A_spinning_sender_fails_the_run_instead_of_hanging()
    {
        var net = new SimNetwork { MaxEventsPerRun = 100_000 };
        net.AddNode(new TimerProbe { SpinTarget = SimAddress.V4(9) }, SimAddress.V4(1));

        var error = Assert.Throws<SimulationLimitException>(() => net.RunFor(1_000_000));
        Assert.Contains("100000 events", error.Message);
    }

    [Fact]
    public void A_timer_that_never_clears_fails_the_run_instead_of_hanging()
    {
        var net = new SimNetwork { MaxEventsPerRun = 10_000 };
        net.AddNode(new TimerProbe { Timeout = 50, StuckTimer = true }, SimAddress.V4(1));

        Assert.Throws<SimulationLimitException>(() => net.RunUntil(() => false, 1_000_000));
        Assert.Equal(50, net.Now);
    }

    [Fact]
    public void Datagrams_to_unknown_or_unlinked_addresses_are_counted_as_unroutable()
    {
        var net = new SimNetwork();
        var sender = new ScriptedSender(SimAddress.V4(99));
        var a = net.AddNode(sender, SimAddress.V4(1));
        net.AddNode(new RecordingSink(), SimAddress.V4(2));
        sender.Add(0, new byte[10]).Add(0, new byte[10], to: SimAddress.V4(2));

        Assert.True(net.RunUntilIdle(1_000));
        Assert.Equal(2, a.Stats.Unroutable);
    }

    [Fact]
    public void A_node_may_send_from_another_address_and_hosts_may_own_several()
    {
        var net = new SimNetwork();
        var sender = new ScriptedSender(SimAddress.V4(2));
        var sink = new RecordingSink();
        var a = net.AddNode(sender, SimAddress.V4(1));
        var b = net.AddNode(sink, SimAddress.V4(2));
        net.AddAddress(b, SimAddress.V4(3, 4433));
        net.Connect(a, b);
        sender.Add(0, new byte[10], source: SimAddress.V4(1, 5555)).Add(0, new byte[10], to: SimAddress.V4(3, 4433));

        Assert.True(net.RunUntilIdle(1_000_000));

        Assert.Equal(["10.0.0.1:5555", "10.0.0.1:443"], sink.Arrivals.Select(x => x.From.ToString()));
        Assert.Equal(["10.0.0.2:443", "10.0.0.3:4433"], sink.Arrivals.Select(x => x.To.ToString()));
        Assert.Throws<ArgumentException>(() => net.AddAddress(a, SimAddress.V4(2)));
        Assert.Throws<ArgumentException>(() => net.Connect(a, b));
    }

    [Fact]
    public void Scheduled_actions_run_at_their_time_and_may_change_a_link()
    {
        var (net, _, sink, link) = SimTestNetworks.Paced(LinkOptions.Default, 1_200_000, 150, 1_000);
        long? ranAt = null;
        net.Schedule(400_000, () =>
        {
            ranAt = net.Now;
            link.Forward.Options = link.Forward.Options with { DelayMicros = 100_000 };
        });
        net.RunFor(2_000_000);

        Assert.Equal(400_000, ranAt);
        Assert.Equal(1_000, sink.Unique);
        Assert.Equal(999_000 + 120 + 100_000, sink.LastArrival);   // 150 B serialise in 120 µs
    }

    [Fact]
    public void Every_datagram_is_delivered_or_dropped_exactly_once()
    {
        var options =
            from loss in Gen.Choose(0, 30)
            from dup in Gen.Choose(0, 30)
            from queue in Gen.Choose(0, 40)
            from seed in Gen.Choose(1, 1000)
            select (loss, dup, queue, seed);
        Prop.ForAll(options.ToArbitrary(), input =>
        {
            var (loss, dup, queue, seed) = input;
            var link = LinkOptions.Default with
            {
                LossRate = loss / 100.0, DuplicateRate = dup / 100.0, QueuePackets = queue,
                ReorderRate = 0.1, CorruptRate = 0.1, Seed = (ulong)seed,
            };
            var (net, sender, sink, duplex) = SimTestNetworks.Paced(link, 20_000_000, 1000, 500);
            bool idle = net.RunUntilIdle(60_000_000);
            var s = duplex.Forward.Stats;
            return idle && s.DatagramsSent == 500 && net.DatagramsInFlight == 0
                && s.DatagramsSent + s.Duplicated == s.DatagramsDelivered + s.DroppedTotal
                && sink.Datagrams == s.DatagramsDelivered && s.MaxQueuePackets <= queue;
        }).QuickCheckThrowOnFailure();
    }
}
