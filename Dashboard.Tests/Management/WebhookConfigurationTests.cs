using System.Net;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Management;

/// <summary>Webhook settings as docker-compose passes them (empty when not set) and as an operator may get them wrong.</summary>
public sealed class WebhookConfigurationTests
{
    [Fact]
    public async Task EmptyUrlAndSecret_NoWebhooks_HostStarts()
    {
        await using var factory = new DashboardFactory().With("Webhooks:Url", "").With("Webhooks:Secret", "");

        var response = await factory.CreateClient().PutAsync("/api/agents/a30/queues",
            new StringContent("""{"queues":[{"queueId":"email","skillLevel":3}]}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("https://acd.example/hooks", "short", "Webhooks:Secret must be at least 32 characters")]
    [InlineData("ftp://acd.example/hooks", "a-webhook-secret-of-at-least-32-characters", "Webhooks:Url must be an absolute http or https URL")]
    public async Task BadSettings_HostRefusesToStartNamingThem(string url, string secret, string message)
    {
        await using var factory = new DashboardFactory().With("Webhooks:Url", url).With("Webhooks:Secret", secret);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => Task.Run(() => factory.CreateClient()));

        Assert.Contains(message, failure.ToString());
    }
}
