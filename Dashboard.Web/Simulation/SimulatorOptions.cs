namespace Dashboard.Web.Simulation;

/// <summary>
/// The built-in ACD simulator (section "Simulator"). Rates are per real hour and durations in real seconds at
/// <see cref="SpeedFactor"/> 1; a speed factor N multiplies every rate by N and divides every duration by N.
/// </summary>
public sealed class SimulatorOptions
{
    public const string Section = "Simulator";

    /// <summary>Runs the simulator in this host. Turn it off when real telephony feeds the dashboard.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>N makes everything happen N× faster in real time (arrivals × N, durations ÷ N). Event times stay
    /// real "now".</summary>
    public double SpeedFactor { get; set; } = 1;

    /// <summary>Seed for a reproducible run; none picks one at random.</summary>
    public int? Seed { get; set; }

    /// <summary>How often the simulator catches up with the clock and sends one batch.</summary>
    public int TickMilliseconds { get; set; } = 200;

    /// <summary>How much of the recent past the simulator plays at start (events with past times), so a new
    /// wall-board shows a working floor at once instead of filling up over half an hour.</summary>
    public TimeSpan WarmUp { get; set; } = TimeSpan.Zero;

    /// <summary>Contacts per hour at peak (profile 1.0), by queue id.</summary>
    public Dictionary<string, double> ArrivalsPerHour { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Contacts per hour at peak for queues not in <see cref="ArrivalsPerHour"/>.</summary>
    public double DefaultArrivalsPerHour { get; set; } = 30;

    /// <summary>
    /// Load over the center's local day as fractions of peak: N values, one per 24/N hours (24 values = hourly),
    /// linearly interpolated between slot centres. One value is a flat load.
    /// </summary>
    public List<double> DailyProfile { get; set; } = [];

    /// <summary>The default <see cref="DailyProfile"/>: quiet nights, a morning and an afternoon peak.</summary>
    public static readonly ImmutableArray<double> DefaultDailyProfile =
    [
        0.05, 0.03, 0.02, 0.02, 0.02, 0.04, 0.10, 0.25, 0.55, 0.85, 1.00, 0.95,
        0.70, 0.80, 0.95, 0.90, 0.80, 0.60, 0.45, 0.35, 0.30, 0.20, 0.12, 0.08,
    ];

    /// <summary>
    /// The demo's own day: the simulator's load follows <see cref="DailyProfile"/> from this local time at its start (the
    /// start of the warm-up), whatever the clock says, so a newcomer at 22:00 still meets a morning's busy hour. Only the
    /// load's shape moves: events carry the real time, so the center's clock, "today" and history stay true. None: the
    /// profile follows the center's clock.
    /// </summary>
    public TimeOnly? TimeOfDay { get; set; }

    /// <summary>The load never drops below this fraction of peak, so a demo at 3 a.m. still moves.</summary>
    public double MinimumLoad { get; set; } = 0.3;

    public ChannelSimulationOptions Voice { get; set; } = new()
    {
        TalkMedianSeconds = 180, TalkSigma = 0.6, PatienceMeanSeconds = 90, RingSeconds = 6,
    };

    public ChannelSimulationOptions Chat { get; set; } = new()
    {
        TalkMedianSeconds = 360, TalkSigma = 0.5, PatienceMeanSeconds = 240, RingSeconds = 3,
    };

    /// <summary>Email: nobody hangs up on an email (patience 0 = never abandons).</summary>
    public ChannelSimulationOptions Email { get; set; } = new()
    {
        TalkMedianSeconds = 240, TalkSigma = 0.7, PatienceMeanSeconds = 0, RingSeconds = 1,
    };

    /// <summary>Share of callers who hang up within 5 seconds (short abandons), on channels that abandon.</summary>
    public double ShortAbandonShare { get; set; } = 0.1;

    /// <summary>Chance that a voice call is put on hold once.</summary>
    public double HoldProbability { get; set; } = 0.2;

    public double HoldMedianSeconds { get; set; } = 40;

    public double WrapUpMedianSeconds { get; set; } = 25;

    public double WrapUpSigma { get; set; } = 0.5;

    /// <summary>Chance that an offered voice or chat contact is not answered by the agent (ring-no-answer);
    /// it is then offered to the next agent.</summary>
    public double RingNoAnswerProbability { get; set; } = 0.04;

    /// <summary>How long an unanswered offer rings before it goes to the next agent.</summary>
    public double RingTimeoutSeconds { get; set; } = 15;

    /// <summary>Chance that an answered contact is transferred to another queue of the same channel.</summary>
    public double TransferProbability { get; set; } = 0.05;

    /// <summary>Share of contacts queued with priority 1 (served before priority 0).</summary>
    public double PriorityShare { get; set; } = 0.05;

    /// <summary>Chance that a handled contact opens a complaint, for queues not in
    /// <see cref="ComplaintProbabilityByQueue"/>.</summary>
    public double ComplaintProbability { get; set; } = 0.02;

    public Dictionary<string, double> ComplaintProbabilityByQueue { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Share of complaints opened as serious (always escalated to a supervisor).</summary>
    public double SeriousComplaintShare { get; set; } = 0.2;

    public double ComplaintEscalateMedianSeconds { get; set; } = 600;

    public double ComplaintResolveMedianSeconds { get; set; } = 3600;

    public double ComplaintCloseMedianSeconds { get; set; } = 1800;

    /// <summary>Chance that a handled contact answers a satisfaction survey (score 1–5).</summary>
    public double SurveyProbability { get; set; } = 0.25;

    /// <summary>Chance that a handled contact ends with a promise to call the customer back (callback.scheduled),
    /// due 15 minutes to 2 hours later and made (callback.completed) a few minutes after it is due.</summary>
    public double CallbackProbability { get; set; } = 0.04;

    /// <summary>Not-ready spells per agent per hour (break, callback, training, …; lunch apart).</summary>
    public double BreaksPerAgentPerHour { get; set; } = 0.4;

    public double BreakMedianSeconds { get; set; } = 600;

    /// <summary>Relative weights of the reason codes used for not-ready spells other than lunch. Codes that are
    /// not configured in Center:ReasonCodes are never used.</summary>
    public Dictionary<string, double> BreakReasons { get; set; } = new(StringComparer.Ordinal);

    public static readonly ImmutableDictionary<string, double> DefaultBreakReasons =
        new Dictionary<string, double>
        {
            ["break"] = 6, ["callback"] = 2, ["training"] = 1, ["meeting"] = 1, ["coaching"] = 1,
        }.ToImmutableDictionary(StringComparer.Ordinal);

    /// <summary>Each agent takes lunch once per this many hours, staggered (0 = no lunch). Needs the "lunch"
    /// reason code.</summary>
    public double LunchIntervalHours { get; set; } = 8;

    public double LunchMinutes { get; set; } = 30;

    internal IReadOnlyList<double> EffectiveDailyProfile => DailyProfile.Count > 0 ? DailyProfile : DefaultDailyProfile;

    internal IReadOnlyDictionary<string, double> EffectiveBreakReasons =>
        BreakReasons.Count > 0 ? BreakReasons : DefaultBreakReasons;

    internal ChannelSimulationOptions For(Channel channel) => channel switch
    {
        Channel.Chat => Chat,
        Channel.Email => Email,
        _ => Voice,
    };

    /// <summary>Problems that make the options unusable, for startup validation.</summary>
    internal IEnumerable<string> Problems()
    {
        if (!(SpeedFactor > 0)) yield return "Simulator:SpeedFactor must be greater than 0.";
        if (TickMilliseconds is < 10 or > 10_000) yield return "Simulator:TickMilliseconds must be 10–10000.";
        if (MinimumLoad is < 0 or > 1) yield return "Simulator:MinimumLoad must be 0–1.";
        if (DailyProfile.Any(v => v < 0 || double.IsNaN(v))) yield return "Simulator:DailyProfile values must be ≥ 0.";
        if (ArrivalsPerHour.Values.Any(v => v < 0) || DefaultArrivalsPerHour < 0)
            yield return "Simulator:ArrivalsPerHour must be ≥ 0.";
        foreach (var (name, p) in new[]
                 {
                     (nameof(ShortAbandonShare), ShortAbandonShare), (nameof(HoldProbability), HoldProbability),
                     (nameof(RingNoAnswerProbability), RingNoAnswerProbability),
                     (nameof(TransferProbability), TransferProbability), (nameof(PriorityShare), PriorityShare),
                     (nameof(ComplaintProbability), ComplaintProbability),
                     (nameof(SeriousComplaintShare), SeriousComplaintShare), (nameof(SurveyProbability), SurveyProbability),
                     (nameof(CallbackProbability), CallbackProbability),
                 })
        {
            if (p is < 0 or > 1) yield return $"Simulator:{name} must be 0–1.";
        }
        foreach (var (name, c) in new[] { ("Voice", Voice), ("Chat", Chat), ("Email", Email) })
        {
            if (!(c.TalkMedianSeconds > 0)) yield return $"Simulator:{name}:TalkMedianSeconds must be greater than 0.";
            if (c.TalkSigma < 0 || c.PatienceMeanSeconds < 0 || c.RingSeconds < 0)
                yield return $"Simulator:{name}: TalkSigma, PatienceMeanSeconds and RingSeconds must be ≥ 0.";
        }
    }
}

/// <summary>How contacts of one channel behave.</summary>
public sealed class ChannelSimulationOptions
{
    /// <summary>Median talk (handling) time; talk times are log-normal.</summary>
    public double TalkMedianSeconds { get; set; } = 180;

    /// <summary>Log-normal sigma of talk time (0 = always the median).</summary>
    public double TalkSigma { get; set; } = 0.6;

    /// <summary>Mean caller patience in the queue (exponential); 0 = never abandons.</summary>
    public double PatienceMeanSeconds { get; set; } = 90;

    /// <summary>Typical time from offer to answer (uniform over 0.5–1.5×).</summary>
    public double RingSeconds { get; set; } = 6;
}
