using System.Reflection;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Protocol.Tests.Api;

public class MsQuicHeaderValueTests
{
    public static TheoryData<string, string, long, long> Rows()
    {
        var data = new TheoryData<string, string, long, long>();
        foreach (HeaderValue row in MsQuicHeaderValues.All)
            data.Add(row.Header, row.Member, row.Actual, row.Expected);
        return data;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Value_equals_the_msquic_h_value(string header, string member, long actual, long expected)
    {
        Assert.True(expected == actual, $"{member} is {actual} but {header} is {expected}");
    }

    [Fact]
    public void Every_public_enum_member_is_checked_against_the_header()
    {
        var checkedMembers = MsQuicHeaderValues.All.Select(row => row.Member).ToHashSet();
        var missing = ApiTypes().Where(type => type.IsEnum)
            .SelectMany(type => Enum.GetNames(type).Select(name => $"{type.Name}.{name}"))
            .Where(member => !checkedMembers.Contains(member))
            .ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_public_constant_is_checked_against_the_header()
    {
        var checkedMembers = MsQuicHeaderValues.All.Select(row => row.Member).ToHashSet();
        var constants = ApiTypes().Where(type => !type.IsEnum)
            .SelectMany(type => type.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(field => field.IsLiteral)
                .Select(field => $"{type.Name}.{field.Name}"))
            .ToList();
        Assert.NotEmpty(constants);
        var missing = constants.Except(checkedMembers).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Each_member_is_listed_once()
    {
        var duplicates = MsQuicHeaderValues.All.GroupBy(row => row.Member).Where(group => group.Count() > 1).Select(group => group.Key);
        Assert.Empty(duplicates);
    }

    [Fact]
    public void Param_ids_are_prefix_plus_number_and_unique_per_object()
    {
        var ids = typeof(QuicParam).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && !field.Name.StartsWith("Prefix", StringComparison.Ordinal) && field.Name != nameof(QuicParam.HighPriority))
            .Select(field => (uint)field.GetRawConstantValue()!)
            .ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Contains(id & 0x3F000000, new uint[]
        {
            QuicParam.PrefixGlobal, QuicParam.PrefixConfiguration, QuicParam.PrefixListener,
            QuicParam.PrefixConnection, QuicParam.PrefixTls, QuicParam.PrefixStream,
        }));
    }

    [Theory]
    [InlineData(QuicParam.GlobalSettings, true)]
    [InlineData(QuicParam.GlobalStatelessResetKey | QuicParam.HighPriority, true)]
    [InlineData(QuicParam.ConfigurationSettings, false)]
    [InlineData(QuicParam.ConnSettings | QuicParam.HighPriority, false)]
    [InlineData(QuicParam.StreamPriority, false)]
    public void IsGlobal_looks_at_the_prefix_only(uint param, bool expected)
    {
        Assert.Equal(expected, QuicParam.IsGlobal(param));
    }

    private static IEnumerable<Type> ApiTypes() =>
        typeof(QuicStatus).Assembly.GetExportedTypes().Where(type => type.Namespace == typeof(QuicStatus).Namespace);
}
