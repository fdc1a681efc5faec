using FsCheck;
using FsCheck.Fluent;
using Microsoft.AspNetCore.Connections;
using QuicKestrel.Protocol.Api;
using QuicKestrel.Transport.Internal;

namespace QuicKestrel.Transport.Tests.Unit;

public class SmallPartsTests
{
    [Fact]
    public void Error_code_validity_is_exactly_the_62_bit_range() =>
        Prop.ForAll<long>(code =>
        {
            bool valid = code >= 0 && code < (1L << 62);
            if (QuicErrorCode.IsValid(code) != valid)
                return false;
            try
            {
                QuicErrorCode.Validate(code);
                return valid;
            }
            catch (ArgumentOutOfRangeException)
            {
                return !valid;
            }
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Address_conflicts_become_AddressInUseException()
    {
        Assert.IsType<AddressInUseException>(QuicTransportException.From(QuicStatus.AddressInUse, "ListenerStart"));
        Assert.IsType<AddressInUseException>(QuicTransportException.From(QuicStatus.AlpnInUse, "ListenerStart"));
        Exception other = QuicTransportException.From(QuicStatus.NotSupported, "RegistrationOpen");
        Assert.IsType<IOException>(other);
        Assert.Contains("NotSupported", other.Message);
    }

    [Fact]
    public void Connection_ids_are_unique_and_kestrel_shaped()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => ConnectionIds.Next()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[0-9A-V]{13}$", id));
    }

    [Fact]
    public async Task Send_completion_is_reusable_and_completes_once_per_send()
    {
        var source = new SendCompletionSource();
        source.Reset();
        source.Complete(true);
        source.Complete(false); // a late duplicate (e.g. at shutdown) is ignored
        Assert.True(await source.Task);

        source.Reset();
        ValueTask<bool> pending = source.Task;
        Assert.False(pending.IsCompleted);
        _ = Task.Run(() => source.Complete(false));
        Assert.False(await pending);
    }
}
