//! Change events: what happened, to which object, for whom. Events carry no personal data —
//! only a type, the object's id, its project's id and, where there is one the reader may read,
//! the participant's id — and each is kept for the organisations that may see it.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{OrganisationId, ParticipantId, ProjectId};

code_list! {
    /// Kinds of change in the feed.
    pub enum EventType ("event_types", "Kinds of change in the change feed") {
        ParticipantRegistered = "participant.registered", "osallistuja rekisteröity", "deltagare registrerad", "participant registered";
        ParticipantUpdated = "participant.updated", "osallistujan tiedot muuttuneet", "deltagarens uppgifter ändrade", "participant updated";
        StepEntered = "participant.step_entered", "askel aloitettu", "steg påbörjat", "step entered";
        ParticipantExited = "participant.exited", "osallistuja päättänyt", "deltagare avslutat", "participant exited";
        ParticipantReEntered = "participant.re_entered", "osallistuja palannut", "deltagare återkommit", "participant re-entered";
        ParticipantAnonymised = "participant.anonymised", "osallistuja anonymisoitu", "deltagare anonymiserad", "participant anonymised";
        ParticipantTransferredIn = "participant.transferred_in", "osallistuja siirretty", "deltagare överförd", "participant transferred in";
        ParticipantRemoved = "participant.removed", "osallistuja poistunut näkyvistä", "deltagare borttagen ur vyn", "participant no longer visible";
        FollowUpRecorded = "participant.follow_up_recorded", "seuranta kirjattu", "uppföljning registrerad", "follow-up six months after leaving recorded";
        GoalCreated = "goal.created", "tavoite lisätty", "mål tillagt", "goal created";
        GoalUpdated = "goal.updated", "tavoite muuttunut", "mål ändrat", "goal updated";
        AssessmentRecorded = "assessment.recorded", "arviointi kirjattu", "bedömning registrerad", "assessment recorded";
        ActivityCreated = "activity.created", "toiminto lisätty", "aktivitet tillagd", "activity created";
        AttendanceRecorded = "activity.attendance_recorded", "läsnäolo kirjattu", "närvaro registrerad", "attendance recorded";
        ReferralCreated = "referral.created", "ohjaus luotu", "remiss skapad", "referral created (sender's side)";
        ReferralReceived = "referral.received", "ohjaus vastaanotettu", "remiss mottagen", "referral received (target's side)";
        ReferralStatusChanged = "referral.status_changed", "ohjauksen tila muuttunut", "remissens status ändrad", "referral status changed";
        ReferralUpdated = "referral.updated", "ohjauksen tiedot muuttuneet", "remissens uppgifter ändrade", "referral changed otherwise (moved to a new owner, or what it shared removed)";
    }
}

impl EventType {
    /// The kind of object the event is about.
    pub fn resource(self) -> &'static str {
        match self {
            Self::ReferralCreated
            | Self::ReferralReceived
            | Self::ReferralStatusChanged
            | Self::ReferralUpdated => "referral",
            Self::GoalCreated | Self::GoalUpdated => "goal",
            Self::AssessmentRecorded => "assessment",
            Self::ActivityCreated | Self::AttendanceRecorded => "activity",
            Self::FollowUpRecorded => "follow_up",
            _ => "participant",
        }
    }
}

/// A change to record, for each organisation in `audience`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    /// The event's id (shared by its copies for each audience).
    pub id: Uuid,
    /// What happened.
    pub event_type: EventType,
    /// The object.
    pub resource_id: Uuid,
    /// The object's project.
    pub project_id: Option<ProjectId>,
    /// The participant it is about, for an audience that may read the participant.
    pub participant_id: Option<ParticipantId>,
    /// When.
    pub occurred_at: DateTime<Utc>,
    /// Who may see it (duplicates are ignored).
    pub audience: Vec<OrganisationId>,
}

impl NewEvent {
    /// An event for the given organisations.
    pub fn new(
        event_type: EventType,
        resource_id: Uuid,
        occurred_at: DateTime<Utc>,
        audience: impl IntoIterator<Item = OrganisationId>,
    ) -> Self {
        let mut audience: Vec<_> = audience.into_iter().collect();
        audience.sort();
        audience.dedup();
        Self {
            id: Uuid::now_v7(),
            event_type,
            resource_id,
            project_id: None,
            participant_id: None,
            occurred_at,
            audience,
        }
    }

    /// The same event, naming the object's project and (for readers of it) participant.
    #[must_use]
    pub fn about(mut self, project: ProjectId, participant: Option<ParticipantId>) -> Self {
        self.project_id = Some(project);
        self.participant_id = participant;
        self
    }
}

/// An event as one organisation reads it from the feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The event's id.
    pub id: Uuid,
    /// What happened.
    pub event_type: EventType,
    /// The object.
    pub resource_id: Uuid,
    /// The object's project.
    pub project_id: Option<ProjectId>,
    /// The participant it is about, if the reader may read it.
    pub participant_id: Option<ParticipantId>,
    /// When.
    pub occurred_at: DateTime<Utc>,
    /// The position to continue after.
    pub position: FeedPosition,
}

/// A position in the feed: commit order, then insertion order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct FeedPosition {
    /// The writing transaction's order (PostgreSQL's transaction id; 0 on SQLite, where
    /// writes are serialised).
    pub commit_order: i64,
    /// The row's sequence number.
    pub seq: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_is_kept_once_per_organisation() {
        let a = OrganisationId::new();
        let b = OrganisationId::new();
        let e = NewEvent::new(
            EventType::ReferralCreated,
            Uuid::now_v7(),
            Utc::now(),
            [a, b, a],
        );
        assert_eq!(e.audience.len(), 2);
        assert_eq!(e.event_type.resource(), "referral");
        assert_eq!(EventType::StepEntered.resource(), "participant");
    }
}
