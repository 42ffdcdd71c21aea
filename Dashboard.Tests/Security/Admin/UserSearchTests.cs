using Dashboard.Web.Security.Accounts;

namespace Dashboard.Tests.Security.Admin;

/// <summary>The users page's search: every word somewhere in the account, case ignored, roles in the reader's words too.</summary>
public sealed class UserSearchTests
{
    private static readonly UserSummary WangFang = new("1", "wang.fang", "Wang Fang", ["Supervisor"], null, "North", false, false, false);
    private static readonly UserSummary LiNa = new("2", "li.na", "Li Na", ["Agent"], "a07", "South", false, false, false);

    private static string Chinese(string role) => role == "Supervisor" ? "客服主管" : "客服专员";

    [Theory]
    [InlineData("", true, true)]
    [InlineData("WANG", true, false)]
    [InlineData("a07", false, true)]
    [InlineData("south", false, true)]
    [InlineData("supervisor", true, false)]
    [InlineData("主管", true, false)]
    [InlineData("li south", false, true)]
    [InlineData("li north", false, false)]
    public void Matches_EveryWordInSomeField(string search, bool wang, bool li)
    {
        Assert.Equal(wang, WangFang.Matches(search, Chinese));
        Assert.Equal(li, LiNa.Matches(search, Chinese));
    }
}
