using Transparency.Core.Policies;

namespace Transparency.Core.Tests.Policies;

public sealed class MinimumGroupSizeTests
{
    [Theory]
    [InlineData(4)]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-5)]
    public void Group_size_below_five_is_refused(int configured)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MinimumGroupSize(configured));
        Assert.Contains("Reports:MinimumGroupSize", e.Message);
    }

    [Fact]
    public void Default_group_size_is_five_and_suppresses_smaller_cells()
    {
        var k = new MinimumGroupSize();
        Assert.Equal(5, k.K);
        Assert.True(k.Suppresses(4));
        Assert.False(k.Suppresses(5));
    }

    [Fact]
    public void Group_size_may_be_raised()
    {
        var k = new MinimumGroupSize(8);
        Assert.True(k.Suppresses(7));
        Assert.False(k.Suppresses(8));
    }
}
