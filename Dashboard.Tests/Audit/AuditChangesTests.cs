using Dashboard.Web.Audit;

namespace Dashboard.Tests.Audit;

/// <summary>An audit entry read as a change: the fields that changed, each before → after, not raw JSON.</summary>
public sealed class AuditChangesTests
{
    [Fact]
    public void AgentQueues_AListChanged_OneChangeWithEachQueueAndItsSkill()
    {
        var changes = AuditChanges.Of("""[{"queueId":"after-sales","skillLevel":3}]""", """[{"queueId":"complaints","skillLevel":5}]""");

        var change = Assert.Single(changes);
        Assert.Equal(new FieldChange("", "after-sales (skill level: 3)", "complaints (skill level: 5)"), change);
    }

    [Fact]
    public void Settings_OnlyTheChangedFields_NestedByPath()
    {
        var changes = AuditChanges.Of(
            """{"longestWait":{"enabled":true,"warning":60,"critical":120},"minimumContactsForRates":5}""",
            """{"longestWait":{"enabled":true,"warning":45,"critical":120},"minimumContactsForRates":5}""");

        Assert.Equal([new FieldChange("longestWait.warning", "60", "45")], changes);
    }

    [Fact]
    public void Creation_EveryFieldWithNothingBefore_BooleansInWords()
    {
        var changes = AuditChanges.Of(null, """{"name":"Floor 3 TV","queues":null,"wrapUp":true,"createdAt":"2026-12-07T14:26:41.0646546+00:00"}""",
            new AuditChanges.Words("是", "否", f => f) { Moment = at => at.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) });

        // No "queues: — → —": a field with no value is no change; a moment as the page writes times.
        Assert.Equal([new FieldChange("name", null, "Floor 3 TV"), new FieldChange("wrapUp", null, "是"), new FieldChange("createdAt", null, "14:26")], changes);
    }

    [Fact]
    public void Deletion_EveryFieldWithNothingAfter()
    {
        var changes = AuditChanges.Of("""{"userName":"ann","roles":["Manager","Analyst"]}""", null);

        Assert.Equal([new FieldChange("userName", "ann", null), new FieldChange("roles", "Manager, Analyst", null)], changes);
    }

    [Fact]
    public void NothingRecorded_NoChange_AndTextThatIsNotJson_ShownWhole()
    {
        Assert.Empty(AuditChanges.Of(null, null));
        Assert.Equal([new FieldChange("", "old text", "{not json")], AuditChanges.Of("old text", "{not json"));
    }

    [Theory]
    [InlineData("skillLevel", "skill level")]
    [InlineData("longestWait.warning", "longest wait · warning")]
    [InlineData("name", "name")]
    public void Humanize_JsonNamesInWords(string path, string words) => Assert.Equal(words, AuditChanges.Humanize(path));

    /// <summary>Every action the host writes to the audit log, by the constants where they are kept or as written.</summary>
    public static TheoryData<string> Actions => new()
    {
        Dashboard.Web.Management.AgentAssignments.AuditAction, Dashboard.Web.Management.AgentDesks.StateAction,
        Dashboard.Web.Management.AgentDesks.LogOutAction, Dashboard.Web.Management.AlertAcknowledgements.AuditAction,
        Dashboard.Web.Settings.CenterSettingsService.QueueSettingsAction, Dashboard.Web.Settings.CenterSettingsService.AlertThresholdsAction,
        Dashboard.Web.Settings.CenterSettingsService.QueueAlertThresholdsAction, Dashboard.Web.Settings.CenterSettingsService.StaffingPlanAction,
        "display-link.create", "display-link.revoke", "api-key.create", "api-key.revoke", "user.create", "user.update", "user.roles",
        "user.password-reset", "user.lock", "user.unlock", "user.delete",
        Dashboard.Web.Settings.CenterSettingsService.ComplaintDueAction, Dashboard.Web.Settings.CenterSettingsService.WorkingHoursAction,
        // The complaint desk audits each action by its event's name; a complaint opened from a low score too.
        "complaint.opened", "complaint.assigned", "complaint.noted", "complaint.escalated", "complaint.resolved", "complaint.return_call",
        "complaint.closed", "complaint.reopened", "callback.completed",
    };

    [Theory]
    [MemberData(nameof(Actions))]
    public void EveryAuditedAction_HasWordsInBothLanguages(string action)
    {
        foreach (var culture in new[] { "en", "zh-CN" })
        {
            using var _ = Dashboard.Tests.Localization.TestText.Culture(culture);
            Assert.False(Dashboard.Tests.Localization.TestText.Localizer["Audit.Action." + action].ResourceNotFound, $"{culture}: {action}");
        }
    }
}
