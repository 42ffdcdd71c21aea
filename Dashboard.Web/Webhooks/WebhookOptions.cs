using System.ComponentModel.DataAnnotations;

namespace Dashboard.Web.Webhooks;

/// <summary>Where changes made in the dashboard are sent (section "Webhooks"); no URL, no webhooks.</summary>
public sealed class WebhookOptions : IValidatableObject
{
    public const string Section = "Webhooks";

    public const int MinSecretLength = 32;

    /// <summary>The receiver, e.g. the external ACD's provisioning endpoint.</summary>
    public Uri? Url { get; set; }

    /// <summary>The shared secret the receiver checks signatures with; at least 32 characters. Keep it in the
    /// environment (<c>Webhooks__Secret</c>), never in a file in the repository.</summary>
    public string? Secret { get; set; }

    /// <summary>Attempts per change before it is given up (logged and counted).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait before the first retry; doubled at each next one (with jitter), at most <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Changes kept while the receiver is down; the oldest are dropped beyond this.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    public bool Enabled => Url is not null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Url is null)
            yield break;
        if (Url is not { IsAbsoluteUri: true, Scheme: "http" or "https" })
            yield return new ValidationResult("Webhooks:Url must be an absolute http or https URL", [nameof(Url)]);
        if (Secret is null || Secret.Length < MinSecretLength)
            yield return new ValidationResult($"Webhooks:Secret must be at least {MinSecretLength} characters when Webhooks:Url is set", [nameof(Secret)]);
        if (MaxAttempts is < 1 or > 100)
            yield return new ValidationResult("Webhooks:MaxAttempts must be from 1 to 100", [nameof(MaxAttempts)]);
    }
}
