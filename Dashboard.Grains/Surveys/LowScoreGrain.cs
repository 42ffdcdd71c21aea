using Dashboard.Grains.Durability;

namespace Dashboard.Grains.Surveys;

/// <summary>A satisfaction survey answered 1 or 2 out of 5, kept for follow-up (issue 18 §4): the contact, the agent,
/// the customer's comment.</summary>
[GenerateSerializer, Immutable, Alias("LowScore")]
public sealed record LowScore(
    [property: Id(0)] string SurveyId,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string AgentId,
    [property: Id(3)] string? QueueId,
    [property: Id(4)] string? CallId,
    [property: Id(5)] string? CustomerId,
    [property: Id(6)] int Score,
    [property: Id(7)] string? Comment)
{
    /// <summary>Scores at or under this are low: the bottom two boxes of five.</summary>
    public const int Highest = 2;

    public static bool IsLow(CenterEvent e) => e.Type == EventType.SurveyCompleted && e.Score is >= 1 and <= Highest && e.AgentId is not null;

    public static LowScore Of(CenterEvent e) => new(e.Id, e.At, e.AgentId!, e.QueueId, e.CallId, e.CustomerId, e.Score!.Value, e.Note);
}

/// <summary>Every low score of the last <see cref="LowScoreGrain.Keep"/>, for the complaint desk's follow-up list.</summary>
public interface ILowScoreGrain : IGrainWithIntegerKey, ILiveStateGrain
{
    /// <summary>Takes new low scores; one already held (the same survey event) changes nothing.</summary>
    Task AddAsync(ImmutableArray<LowScore> scores);

    Task<ImmutableArray<LowScore>> ListAsync();
}

/// <remarks>One grain: low scores are a few a day to a few hundred. Made by the events, so a rebuild's replay makes it again.</remarks>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed class LowScoreGrain : LiveGrain, ILowScoreGrain
{
    public const long Key = 0;
    public static readonly TimeSpan Keep = TimeSpan.FromDays(35);

    private readonly Dictionary<string, LowScore> _scores = new(StringComparer.Ordinal);

    public Task AddAsync(ImmutableArray<LowScore> scores)
    {
        foreach (var score in scores)
            _scores.TryAdd(score.SurveyId, score);
        if (_scores.Count > 0)
        {
            var before = _scores.Values.Max(s => s.At) - Keep;
            foreach (var old in _scores.Values.Where(s => s.At < before).Select(s => s.SurveyId).ToList())
                _scores.Remove(old);
        }
        return Task.CompletedTask;
    }

    public Task<ImmutableArray<LowScore>> ListAsync() =>
        Task.FromResult(_scores.Values.OrderByDescending(s => s.At).ThenBy(s => s.SurveyId, StringComparer.Ordinal).ToImmutableArray());

    public override Task<Immutable<byte[]>> CaptureAsync() => Task.FromResult(this.Write(new LowScoreState([.. _scores.Values])));

    public override Task RestoreAsync(Immutable<byte[]> state)
    {
        _scores.Clear();
        foreach (var score in this.Read<LowScoreState>(state).Scores)
            _scores[score.SurveyId] = score;
        return Task.CompletedTask;
    }
}

[GenerateSerializer, Immutable, Alias("LowScoreState")]
public sealed record LowScoreState([property: Id(0)] ImmutableArray<LowScore> Scores);
