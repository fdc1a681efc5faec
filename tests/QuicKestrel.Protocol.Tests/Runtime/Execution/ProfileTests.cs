using QuicKestrel.Protocol.Runtime;

namespace QuicKestrel.Protocol.Tests.Runtime.Execution;

public class ProfileTests
{
    [Fact]
    public void Execution_profiles_map_to_worker_counts_priorities_and_spinning()
    {
        WorkerPoolOptions lowLatency = WorkerPoolOptions.ForProfile(ExecutionProfile.LowLatency);
        WorkerPoolOptions throughput = WorkerPoolOptions.ForProfile(ExecutionProfile.MaxThroughput);
        WorkerPoolOptions scavenger = WorkerPoolOptions.ForProfile(ExecutionProfile.Scavenger);
        WorkerPoolOptions realTime = WorkerPoolOptions.ForProfile(ExecutionProfile.RealTime);

        Assert.Equal(Environment.ProcessorCount, lowLatency.WorkerCount);
        Assert.Equal(Environment.ProcessorCount, throughput.WorkerCount);
        Assert.Equal(Environment.ProcessorCount, realTime.WorkerCount);
        Assert.Equal(1, scavenger.WorkerCount);
        Assert.Equal(ThreadPriority.Lowest, scavenger.ThreadPriority);
        Assert.Equal(0, scavenger.WaitSpinCount);
        Assert.Equal(ThreadPriority.Highest, realTime.ThreadPriority);
        Assert.True(realTime.WaitSpinCount > lowLatency.WaitSpinCount);
        Assert.All(new[] { lowLatency, throughput, scavenger, realTime }, o => Assert.Equal(16, o.MaxOperationsPerDrain));
        Assert.Equal(0, (int)ExecutionProfile.LowLatency); // msquic.h values
        Assert.Equal(3, (int)ExecutionProfile.RealTime);
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkerPoolOptions.ForProfile((ExecutionProfile)4));
    }

    [Theory]
    [InlineData((int)ExecutionProfile.Scavenger)]
    [InlineData((int)ExecutionProfile.RealTime)]
    public void A_pool_runs_with_each_profiles_thread_settings(int profile)
    {
        using var pool = new WorkerPool(WorkerPoolOptions.ForProfile((ExecutionProfile)profile) with { WorkerCount = 1 });
        ThreadPriority? seen = null;
        var (owner, handle) = pool.Attach("profiled");
        Assert.Equal(WorkCallStatus.Completed, handle.Invoke(new LambdaCall(_ => seen = Thread.CurrentThread.Priority)));
        Assert.Equal(pool.Options.ThreadPriority, seen);
        Assert.Equal(0, owner.Overlaps);
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkerPool(new WorkerPoolOptions { WorkerCount = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkerPool(new WorkerPoolOptions { MaxOperationsPerDrain = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkerPool(new WorkerPoolOptions { WaitSpinCount = 5000 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkerPool(new WorkerPoolOptions { SendBufferSize = 100 }));
    }
}
