namespace Dashboard.Tests.Support;

/// <summary>
/// A test class on one real host whose webhooks go to a <see cref="WebhookReceiver"/> on loopback (retries 50 ms
/// apart), both started before each test and stopped after.
/// </summary>
public abstract class WebhookHostTest(DashboardFactory factory) : IAsyncLifetime
{
    public const string Secret = "a-webhook-secret-of-at-least-32-characters";

    protected DashboardFactory Factory { get; } = factory;

    protected WebhookReceiver Receiver { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        Factory.With("Webhooks:Url", Receiver.Url.ToString()).With("Webhooks:Secret", Secret)
            .With("Webhooks:FirstRetryDelay", "00:00:00.050");
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
