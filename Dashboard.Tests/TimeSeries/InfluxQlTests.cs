using Dashboard.Grains.History;
using Dashboard.Web.TimeSeries;
using Dashboard.Web.TimeSeries.Influx;

namespace Dashboard.Tests.TimeSeries;

public sealed class InfluxQlTests
{
    [Theory]
    [InlineData("sales", "'sales'")]
    [InlineData("it's", @"'it\'s'")]
    [InlineData(@"back\slash", @"'back\\slash'")]
    [InlineData("two\nlines", @"'two\nlines'")]
    [InlineData("' OR ''='", @"'\' OR \'\'=\''")]
    [InlineData("say \"hi\"", "'say \"hi\"'")]
    public void Literal_HostileText_QuotesAndEscapes(string value, string expected) =>
        Assert.Equal(expected, InfluxQl.Literal(value));

    [Theory]
    [InlineData("queue", "\"queue\"")]
    [InlineData("a\"b", "\"a\\\"b\"")]
    [InlineData(@"a\", "\"a\\\\\"")]
    public void Identifier_HostileName_QuotesAndEscapes(string name, string expected) =>
        Assert.Equal(expected, InfluxQl.Identifier(name));

    [Fact]
    public void Select_HostileQueue_ValueOnlyInsideOneLiteral()
    {
        // Whole seconds around [from, to): a point lies anywhere in its record's second.
        var filter = new HistoryFilter(HistoryKind.Contact, new DateTimeOffset(2026, 3, 14, 10, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 3, 14, 11, 0, 0, TimeSpan.Zero), QueueId: "x' OR \"agent\" = 'y\\");

        Assert.Equal(
            "SELECT * FROM \"contact\" WHERE time >= '2026-03-14T10:00:00.0000000Z' AND time < '2026-03-14T11:00:01.0000000Z'"
            + " AND \"queue\" = 'x\\' OR \"agent\" = \\'y%5C' ORDER BY time ASC",
            InfluxQl.Select(filter));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("100% sure")]
    [InlineData(@"trailing\")]
    [InlineData("new\nline\r\ttab")]
    [InlineData("%5C is not a backslash")]
    public void TagCodec_AnyText_RoundTripsAndLeavesNoBackslashOrControl(string value)
    {
        var stored = TagCodec.Encode(value);

        Assert.Equal(value, TagCodec.Decode(stored));
        Assert.DoesNotContain('\\', stored);
        Assert.DoesNotContain(stored, char.IsControl);
    }
}
