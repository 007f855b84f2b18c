//! The wire enums of what organisations exchange: referrals, the change feed and webhooks.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

wire_enum! {
    /// The service referred to (code list `service_kinds`).
    ServiceKind mirrors ServiceKind {
        OpenMarketEmployment = "open_market_employment",
        PaySubsidisedEmployment = "pay_subsidised_employment",
        WorkTrial = "work_trial",
        Education = "education",
        Rehabilitation = "rehabilitation",
        SocialRehabilitation = "social_rehabilitation",
        WorkAbilityAssessment = "work_ability_assessment",
        MentalHealthServices = "mental_health_services",
        SubstanceAbuseServices = "substance_abuse_services",
        DebtCounselling = "debt_counselling",
        HousingServices = "housing_services",
        Other = "other",
    }
}

wire_enum! {
    /// Status of a referral (code list `referral_statuses`).
    ReferralStatus mirrors ReferralStatus {
        Draft = "draft",
        Sent = "sent",
        Received = "received",
        Accepted = "accepted",
        InProgress = "in_progress",
        Declined = "declined",
        Completed = "completed",
        Cancelled = "cancelled",
    }
}

wire_enum! {
    /// Why a referral was declined (code list `decline_reasons`).
    DeclineReason mirrors DeclineReason {
        NotEligible = "not_eligible",
        NoCapacity = "no_capacity",
        ServiceNotOffered = "service_not_offered",
        ParticipantDeclined = "participant_declined",
        Duplicate = "duplicate",
        Other = "other",
    }
}

wire_enum! {
    /// Kind of change (code list `event_types`).
    EventType mirrors EventType {
        ParticipantRegistered = "participant.registered",
        ParticipantUpdated = "participant.updated",
        StepEntered = "participant.step_entered",
        ParticipantExited = "participant.exited",
        ParticipantReEntered = "participant.re_entered",
        ParticipantAnonymised = "participant.anonymised",
        ParticipantTransferredIn = "participant.transferred_in",
        ParticipantRemoved = "participant.removed",
        FollowUpRecorded = "participant.follow_up_recorded",
        GoalCreated = "goal.created",
        GoalUpdated = "goal.updated",
        AssessmentRecorded = "assessment.recorded",
        ActivityCreated = "activity.created",
        AttendanceRecorded = "activity.attendance_recorded",
        ReferralCreated = "referral.created",
        ReferralReceived = "referral.received",
        ReferralStatusChanged = "referral.status_changed",
        ReferralUpdated = "referral.updated",
    }
}

wire_enum! {
    /// Whether a webhook subscription is delivered (code list `webhook_statuses`).
    WebhookStatus mirrors WebhookStatus {
        Active = "active",
        Paused = "paused",
    }
}

wire_enum! {
    /// What a webhook delivery carries (code list `webhook_payloads`).
    WebhookPayload mirrors WebhookPayload {
        Askel = "askel",
        FhirIdOnly = "fhir_id_only",
    }
}
