using QuicKestrel.Protocol.Runtime;

namespace QuicKestrel.Protocol.Tests.Runtime.Execution;

public class FairnessTests
{
    /// <summary>
    /// With 1000 operations queued for A and one each for B and C, A gets at most
    /// MaxOperationsPerDrain before a flush and before B and C get their turn.
    /// </summary>
    [Theory]
    [InlineData(16)]
    [InlineData(1)]
    [InlineData(100)]
    public void A_busy_owner_cannot_starve_the_others(int maxOperationsPerDrain)
    {
        using WorkerPool pool = Pools.Create(1, configure: o => o with { MaxOperationsPerDrain = maxOperationsPerDrain });
        var log = new List<string>(); // written on the worker thread only, read after it is done
        TestOwner Logged(string name)
        {
            var (owner, _) = pool.Attach(name);
            owner.OnOperation = (TestOwner o, in WorkOperation _, long _) => log.Add(o.Name);
            owner.OnFlush = (o, _, _) => log.Add(o.Name + " flush");
            return owner;
        }
        TestOwner a = Logged("A"), b = Logged("B"), c = Logged("C");

        GateCall gate = Pools.Block(pool);
        for (int i = 0; i < 1000; i++)
            Assert.True(a.Handle!.Signal(i));
        Assert.True(b.Handle!.Signal(0));
        Assert.True(c.Handle!.Signal(0));
        gate.Release.Set();
        Assert.True(Pools.WaitUntil(() => a.Operations == 1000 && b.Operations == 1 && c.Operations == 1 && c.Flushes == 1 && a.Flushes == (1000 + maxOperationsPerDrain - 1) / maxOperationsPerDrain));

        string[] events = log.ToArray();
        int firstB = Array.IndexOf(events, "B");
        int firstC = Array.IndexOf(events, "C");
        int aBefore = events.Take(firstB).Count(e => e == "A");
        Assert.Equal(Math.Min(1000, maxOperationsPerDrain), aBefore);
        Assert.True(firstC < Array.FindIndex(events, firstB, e => e == "A"), "C waited behind A's second turn");

        // Every A turn: at most the budget of operations, then exactly one flush.
        int run = 0;
        foreach (string e in events.Where(e => e.StartsWith('A')))
        {
            if (e == "A")
            {
                run++;
                Assert.True(run <= maxOperationsPerDrain, $"{run} operations in one turn");
            }
            else
            {
                Assert.True(run > 0, "a flush without operations");
                run = 0;
            }
        }
        Assert.Equal(0, run);
    }
}
