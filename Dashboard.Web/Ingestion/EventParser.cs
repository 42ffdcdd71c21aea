using System.Text.Json;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Ingestion;

/// <summary>
/// Turns one JSON event of the ingestion contract (docs/events.md) into a <see cref="CenterEvent"/>, or into a
/// message naming each bad field and the rule it breaks: the JSON's shape here, the values' rules in
/// <see cref="EventRules"/>, which every source shares.
/// </summary>
public sealed class EventParser(TimeProvider time)
{
    private readonly EventRules _rules = new(time);

    private static readonly ImmutableDictionary<string, AgentState> SettableStates = new Dictionary<string, AgentState>
    {
        ["available"] = AgentState.Available,
        ["not_ready"] = AgentState.NotReady,
        ["wrap_up"] = AgentState.WrapUp,
    }.ToImmutableDictionary();

    private static readonly ImmutableDictionary<string, Channel> Channels = new Dictionary<string, Channel>
    {
        ["voice"] = Channel.Voice,
        ["chat"] = Channel.Chat,
        ["email"] = Channel.Email,
    }.ToImmutableDictionary();

    private static readonly ImmutableDictionary<string, ComplaintSeverity> Severities = new Dictionary<string, ComplaintSeverity>
    {
        ["normal"] = ComplaintSeverity.Normal,
        ["serious"] = ComplaintSeverity.Serious,
    }.ToImmutableDictionary();

    private static readonly ImmutableDictionary<string, ReturnCallOutcome> ReturnCallOutcomes = new Dictionary<string, ReturnCallOutcome>
    {
        ["satisfied"] = ReturnCallOutcome.Satisfied,
        ["not_satisfied"] = ReturnCallOutcome.NotSatisfied,
    }.ToImmutableDictionary();

    /// <summary>The event, or null with <paramref name="error"/> set.</summary>
    public CenterEvent? Parse(JsonElement element, out string? error, out string? id)
    {
        id = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            error = "event: must be a JSON object";
            return null;
        }
        var fields = new Fields(element);
        id = fields.Id("id", required: true);
        var typeName = fields.String("type", required: true);
        EventType type = default;
        if (typeName is not null && !EventTypeNames.ByName.TryGetValue(typeName, out type))
        {
            fields.Fail("type", $"must be one of {string.Join(", ", EventTypeNames.ByName.Keys)}");
            typeName = null;
        }
        var at = fields.Timestamp("at");
        var seq = fields.Seq("seq");
        if (typeName is null || fields.Errors.Count > 0)
        {
            error = fields.Message;
            return null;
        }

        var e = new CenterEvent { Id = id!, Type = type, At = at!.Value, Seq = seq };
        e = type switch
        {
            EventType.AgentLogin => fields.Membership(e with
            {
                AgentId = fields.Id("agentId", true), Name = fields.String("name"), Team = fields.String("team"),
            }, required: false),
            EventType.AgentQueues => fields.Membership(e with { AgentId = fields.Id("agentId", true) }, required: true),
            EventType.AgentLogout => e with { AgentId = fields.Id("agentId", true) },
            EventType.AgentState => e with
            {
                AgentId = fields.Id("agentId", true), State = fields.Choice("state", SettableStates, true),
                Reason = fields.String("reason"),
            },
            EventType.CallQueued => e with
            {
                CallId = fields.Id("callId", true), QueueId = fields.Id("queueId", true),
                Channel = fields.Choice("channel", Channels, false) ?? Channel.Voice, Priority = fields.Int("priority"),
            },
            EventType.CallOffered => e with
            {
                CallId = fields.Id("callId", true), AgentId = fields.Id("agentId", true),
                RingEndedAt = fields.Has("ringEndedAt") ? fields.Timestamp("ringEndedAt") : null,
            },
            EventType.CallAnswered => e with
            {
                CallId = fields.Id("callId", true), AgentId = fields.Id("agentId", true), QueueId = fields.Id("queueId"),
            },
            EventType.CallTransferred => e with
            {
                CallId = fields.Id("callId", true), ToQueueId = fields.Id("toQueueId"), ToAgentId = fields.Id("toAgentId"),
            },
            EventType.CallHeld or EventType.CallResumed or EventType.CallEnded or EventType.CallAbandoned =>
                e with { CallId = fields.Id("callId", true) },
            EventType.ComplaintOpened => e with
            {
                ComplaintId = fields.Id("complaintId", true), QueueId = fields.Id("queueId", true),
                AgentId = fields.Id("agentId"), CallId = fields.Id("callId"),
                Severity = fields.Choice("severity", Severities, true), Category = fields.String("category"),
                CustomerId = fields.Id("customerId"), By = fields.String("by"),
            },
            EventType.ComplaintAssigned => e with
            {
                ComplaintId = fields.Id("complaintId", true), AgentId = fields.Id("agentId", true), By = fields.String("by"),
            },
            EventType.ComplaintNoted => e with
            {
                ComplaintId = fields.Id("complaintId", true), Note = fields.String("note", true), By = fields.String("by"),
            },
            EventType.ComplaintEscalated => e with
            {
                ComplaintId = fields.Id("complaintId", true), EscalatedTo = fields.String("to"), By = fields.String("by"),
            },
            EventType.ComplaintResolved => e with
            {
                ComplaintId = fields.Id("complaintId", true), Resolution = fields.String("resolution"), By = fields.String("by"),
            },
            EventType.ComplaintReturnCall => e with
            {
                ComplaintId = fields.Id("complaintId", true), By = fields.String("by"),
                ReturnCallOutcome = fields.Choice("outcome", ReturnCallOutcomes, true),
            },
            EventType.ComplaintReopened or EventType.ComplaintClosed => e with
            {
                ComplaintId = fields.Id("complaintId", true), By = fields.String("by"),
            },
            EventType.CallbackScheduled => e with
            {
                CallbackId = fields.Id("callbackId", true), AgentId = fields.Id("agentId", true),
                DueAt = fields.Timestamp("dueAt"), QueueId = fields.Id("queueId"), CallId = fields.Id("callId"),
                Category = fields.String("topic"),
            },
            EventType.CallbackCompleted => e with
            {
                CallbackId = fields.Id("callbackId", true), AgentId = fields.Id("agentId", true),
                CallbackOutcome = fields.Choice("outcome", CallbackOutcomeNames.ByName, false), By = fields.String("by"),
            },
            EventType.SurveyCompleted => e with
            {
                AgentId = fields.Id("agentId", true), Score = fields.Score("score"), CallId = fields.Id("callId"),
                QueueId = fields.Id("queueId"), CustomerId = fields.Id("customerId"), Note = fields.String("comment"),
            },
            _ => e,
        };
        if (fields.Errors.Count == 0)
            fields.Errors.AddRange(_rules.Check(e));
        error = fields.Errors.Count > 0 ? fields.Message : null;
        return error is null ? e : null;
    }

    /// <summary>Reads fields of one event, collecting "field: rule" messages.</summary>
    private sealed class Fields(JsonElement element)
    {
        public List<string> Errors { get; } = [];

        public string Message => string.Join("; ", Errors);

        public void Fail(string field, string rule) => Errors.Add($"{field}: {rule}");

        private JsonElement? Get(string name, bool required)
        {
            if (element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                return value;
            }
            if (required)
            {
                Fail(name, "is required");
            }
            return null;
        }

        public bool Has(string name) => element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

        public string? String(string name, bool required = false)
        {
            if (Get(name, required) is not { } value)
            {
                return null;
            }
            if (value.ValueKind != JsonValueKind.String)
            {
                Fail(name, "must be a string");
                return null;
            }
            if (!TryGetString(value, out var text))
            {
                Fail(name, EventRules.UnicodeRule);
                return null;
            }
            return text;
        }

        /// <summary>An id; its length and characters are <see cref="EventRules"/>' to judge.</summary>
        public string? Id(string name, bool required = false) => String(name, required);

        /// <summary>
        /// The reader checks a string's UTF-8 and escapes only when it is decoded: invalid UTF-8 or an unpaired
        /// <c>\ud800</c> throws there, and must cost this event alone, not the batch.
        /// </summary>
        private static bool TryGetString(JsonElement value, out string text)
        {
            try
            {
                text = value.GetString()!;
                return true;
            }
            catch (InvalidOperationException)
            {
                text = "";
                return false;
            }
        }

        /// <summary>"queues" and "skillLevels" (an object: queue id → 1–5, each a queue of "queues").</summary>
        public CenterEvent Membership(CenterEvent e, bool required)
        {
            var queues = IdArray("queues", required);
            if (Get("skillLevels", false) is not { } levels)
            {
                return e with { Queues = queues };
            }
            var rule = $"must be an object of queue ids from \"queues\" to integers from {SkillLevels.Min} to {SkillLevels.Max}";
            var byQueue = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
            var valid = levels.ValueKind == JsonValueKind.Object && queues is not null;
            try
            {
                foreach (var level in valid ? levels.EnumerateObject().ToList() : [])
                {
                    if (!queues!.Value.Contains(level.Name) || level.Value.ValueKind != JsonValueKind.Number
                        || !level.Value.TryGetInt32(out var value) || !SkillLevels.IsValid(value))
                    {
                        valid = false;
                        break;
                    }
                    byQueue[level.Name] = value; // a repeated key: the last one, as JSON readers do
                }
            }
            catch (InvalidOperationException)
            {
                valid = false; // a key that is not valid UTF-8, or an unpaired surrogate escape: not a queue id
            }
            if (!valid)
            {
                Fail("skillLevels", rule);
                return e;
            }
            return e with { Queues = queues, SkillLevels = byQueue.ToImmutable() };
        }

        public ImmutableArray<string>? IdArray(string name, bool required = false)
        {
            if (Get(name, required) is not { } value)
            {
                return null;
            }
            var ids = new List<string>();
            foreach (var item in value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [])
            {
                if (item.ValueKind != JsonValueKind.String || !TryGetString(item, out var id))
                    break;
                ids.Add(id);
            }
            if (value.ValueKind != JsonValueKind.Array || ids.Count != value.GetArrayLength())
            {
                Fail(name, "must be an array of ids (strings)");
                return null;
            }
            return [.. ids.Distinct(StringComparer.Ordinal)];
        }

        public T? Choice<T>(string name, ImmutableDictionary<string, T> choices, bool required) where T : struct
        {
            var value = String(name, required);
            if (value is null)
            {
                return null;
            }
            if (!choices.TryGetValue(value, out var choice))
            {
                Fail(name, $"must be one of {string.Join(", ", choices.Keys.Order())}");
                return null;
            }
            return choice;
        }

        public int? Int(string name)
        {
            if (Get(name, false) is not { } value)
            {
                return null;
            }
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
            {
                Fail(name, "must be an integer");
                return null;
            }
            return number;
        }

        /// <summary>"seq": the event's place in its source's order (docs/events.md §1.6), an integer from 0.</summary>
        public long? Seq(string name)
        {
            if (Get(name, false) is not { } value)
            {
                return null;
            }
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var seq) || seq < 0)
            {
                Fail(name, "must be an integer from 0");
                return null;
            }
            return seq;
        }

        public int? Score(string name)
        {
            if (Get(name, true) is not { } value)
            {
                return null;
            }
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var score) || score is < 1 or > 5)
            {
                Fail(name, "must be an integer from 1 to 5");
                return null;
            }
            return score;
        }

        public DateTimeOffset? Timestamp(string name)
        {
            var text = String(name, required: true);
            if (text is null)
            {
                return null;
            }
            if (!Rfc3339.TryParse(text, out var at))
            {
                Fail(name, "must be an RFC 3339 timestamp with an offset, e.g. 2026-11-26T09:30:00Z");
                return null;
            }
            return at;
        }
    }
}
