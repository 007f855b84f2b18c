//! Referrals (ohjaus): a participant referred onwards to a service of another organisation,
//! through a lifecycle both sides can follow.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::text::{Description, Text};
use crate::{
    ConsentKind, Education, Gender, LabourMarketStatus, MunicipalityCode, OrganisationId,
    OrganisationKind, ParticipantId, ProjectId,
};

code_list! {
    /// The service a participant is referred to.
    pub enum ServiceKind ("service_kinds", "Services a participant is referred to") {
        OpenMarketEmployment = "open_market_employment", "avoimet työmarkkinat", "öppna arbetsmarknaden", "open-market employment";
        PaySubsidisedEmployment = "pay_subsidised_employment", "palkkatuki", "lönesubvention", "pay-subsidised employment";
        WorkTrial = "work_trial", "työkokeilu", "arbetsprövning", "work trial";
        Education = "education", "koulutus", "utbildning", "education";
        Rehabilitation = "rehabilitation", "kuntoutus", "rehabilitering", "rehabilitation";
        SocialRehabilitation = "social_rehabilitation", "sosiaalinen kuntoutus", "social rehabilitering", "social rehabilitation";
        WorkAbilityAssessment = "work_ability_assessment", "työkyvyn arviointi", "bedömning av arbetsförmåga", "work-ability assessment";
        MentalHealthServices = "mental_health_services", "mielenterveyspalvelut", "mentalvårdstjänster", "mental health services";
        SubstanceAbuseServices = "substance_abuse_services", "päihdepalvelut", "missbrukartjänster", "substance abuse services";
        DebtCounselling = "debt_counselling", "velkaneuvonta", "skuldrådgivning", "debt counselling";
        HousingServices = "housing_services", "asumispalvelut", "boendetjänster", "housing services";
        Other = "other", "muu", "annan", "other";
    }
}

code_list! {
    /// Where a referral stands.
    pub enum ReferralStatus ("referral_statuses", "Statuses of a referral") {
        Draft = "draft", "luonnos", "utkast", "draft";
        Sent = "sent", "lähetetty", "skickad", "sent";
        Received = "received", "vastaanotettu", "mottagen", "received";
        Accepted = "accepted", "hyväksytty", "godkänd", "accepted";
        InProgress = "in_progress", "käynnissä", "pågår", "in progress";
        Declined = "declined", "hylätty", "avböjd", "declined";
        Completed = "completed", "päättynyt", "avslutad", "completed";
        Cancelled = "cancelled", "peruttu", "annullerad", "cancelled";
    }
}

code_list! {
    /// Why a target declines a referral.
    pub enum DeclineReason ("decline_reasons", "Reasons for declining a referral") {
        NotEligible = "not_eligible", "ei täytä edellytyksiä", "uppfyller inte villkoren", "not eligible";
        NoCapacity = "no_capacity", "ei kapasiteettia", "ingen kapacitet", "no capacity";
        ServiceNotOffered = "service_not_offered", "palvelua ei tarjota", "tjänsten erbjuds inte", "service not offered";
        ParticipantDeclined = "participant_declined", "asiakas kieltäytyi", "klienten avböjde", "the participant declined";
        Duplicate = "duplicate", "päällekkäinen ohjaus", "dubblett", "duplicate referral";
        Other = "other", "muu syy", "annan orsak", "other";
    }
}

/// Which side of a referral a caller is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The organisation that sent it.
    Sender,
    /// The organisation it is addressed to.
    Target,
}

/// The lifecycle, one row per allowed move: `(from, to, who)`.
///
/// draft → sent → received → accepted | declined; accepted → in progress (the service has
/// begun) → completed, or accepted → completed at once; the sender may cancel at any point
/// before completion (and before a decline, which ends the referral).
pub const TRANSITIONS: &[(ReferralStatus, ReferralStatus, Side)] = {
    use ReferralStatus::*;
    &[
        (Draft, Sent, Side::Sender),
        (Draft, Cancelled, Side::Sender),
        (Sent, Received, Side::Target),
        (Sent, Cancelled, Side::Sender),
        (Received, Accepted, Side::Target),
        (Received, Declined, Side::Target),
        (Received, Cancelled, Side::Sender),
        (Accepted, InProgress, Side::Target),
        (Accepted, Completed, Side::Target),
        (Accepted, Cancelled, Side::Sender),
        (InProgress, Completed, Side::Target),
        (InProgress, Cancelled, Side::Sender),
    ]
};

/// A move the lifecycle does not allow from here for this side.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a referral that is {from} cannot become {to} by the {side}; allowed: {}", if allowed.is_empty() { "none".to_owned() } else { allowed.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ") })]
pub struct TransitionError {
    /// The current status.
    pub from: ReferralStatus,
    /// The status asked for.
    pub to: ReferralStatus,
    /// Who asked, as a word.
    pub side: &'static str,
    /// The moves this side may make from here.
    pub allowed: Vec<ReferralStatus>,
}

/// The moves `side` may make from `from`.
pub fn allowed_moves(from: ReferralStatus, side: Side) -> Vec<ReferralStatus> {
    TRANSITIONS
        .iter()
        .filter(|(f, _, s)| *f == from && *s == side)
        .map(|(_, t, _)| *t)
        .collect()
}

/// Checks a move against the lifecycle.
pub fn transition(
    from: ReferralStatus,
    to: ReferralStatus,
    side: Side,
) -> Result<(), TransitionError> {
    if TRANSITIONS.contains(&(from, to, side)) {
        return Ok(());
    }
    Err(TransitionError {
        from,
        to,
        side: match side {
            Side::Sender => "sender",
            Side::Target => "target",
        },
        allowed: allowed_moves(from, side),
    })
}

/// The consent a referral to an organisation of `kind` needs: the county's for a wellbeing
/// services county, TE services' for a TE office, the general one for anyone else.
pub fn required_consent(kind: OrganisationKind) -> ConsentKind {
    match kind {
        OrganisationKind::WellbeingServicesCounty => ConsentKind::ShareWithCounty,
        OrganisationKind::TeOffice => ConsentKind::ShareWithTeServices,
        _ => ConsentKind::DataProcessing,
    }
}

/// What the sender chose to share with the target, as it was when the referral was made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SharedDetails {
    /// Birth date.
    pub birth_date: Option<NaiveDate>,
    /// Gender.
    pub gender: Option<Gender>,
    /// Home municipality.
    pub home_municipality: Option<MunicipalityCode>,
    /// Labour-market status at entry.
    pub labour_market_status: Option<LabourMarketStatus>,
    /// Education.
    pub education: Option<Education>,
    /// Whether the identity code is shared (it is stored encrypted beside the referral).
    pub identity_code: bool,
    /// Whether contact details are shared (stored encrypted beside the referral).
    pub contact: bool,
}

/// The target's account of what came of a completed referral.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// What happened, e.g. "started the work trial".
    pub description: Description,
    /// When it started, if it did.
    pub started_on: Option<NaiveDate>,
}

/// A referral.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referral {
    /// Its id.
    pub id: Uuid,
    /// The project.
    pub project_id: ProjectId,
    /// The participant.
    pub participant_id: ParticipantId,
    /// The sending organisation.
    pub sender_id: OrganisationId,
    /// The target organisation.
    pub target_id: OrganisationId,
    /// The service.
    pub service_kind: ServiceKind,
    /// Why.
    pub reason: Description,
    /// What is shared with the target.
    pub shared: SharedDetails,
    /// Status.
    pub status: ReferralStatus,
    /// Why it was declined.
    pub decline: Option<(DeclineReason, Option<Text<2000>>)>,
    /// What came of it.
    pub outcome: Option<Outcome>,
    /// Version.
    pub version: i32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// A move in a referral's life, kept with its time and actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    /// The status before (`None` for the creation).
    pub from: Option<ReferralStatus>,
    /// The status after.
    pub to: ReferralStatus,
    /// When.
    pub at: DateTime<Utc>,
    /// The API client.
    pub client: String,
    /// Its organisation.
    pub organisation_id: Option<OrganisationId>,
    /// The person it acted for.
    pub acting_for: Option<String>,
}

/// Which of the participant's details the sender shares with the target.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ShareChoice {
    /// The personal identity code.
    pub identity_code: bool,
    /// Birth date.
    pub birth_date: bool,
    /// Gender.
    pub gender: bool,
    /// Home municipality.
    pub home_municipality: bool,
    /// Labour-market status at entry.
    pub labour_market_status: bool,
    /// Education.
    pub education: bool,
}

/// How the target can reach the person about a referral (kept encrypted, as this JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub struct ContactDetails {
    /// The person's name as they wish to be addressed.
    pub name: String,
    /// Phone number.
    pub phone: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Preferred language (ISO 639-1).
    pub preferred_language: Option<String>,
    /// A good time to call, in words.
    pub good_time_to_call: Option<String>,
}

/// A command to make a referral.
#[derive(Debug, Clone)]
pub struct ReferralInput {
    /// The organisation referred to.
    pub target: OrganisationId,
    /// The service asked for.
    pub service_kind: ServiceKind,
    /// Why.
    pub reason: Description,
    /// What to share.
    pub share: ShareChoice,
    /// Send at once (else a draft).
    pub send: bool,
    /// Contact details for the target.
    pub contact: Option<ContactDetails>,
}

/// A command to move a referral.
#[derive(Debug, Clone)]
pub struct TransitionRequest {
    /// The status asked for.
    pub to: ReferralStatus,
    /// Decline reason and note.
    pub decline: Option<(DeclineReason, Option<Text<2000>>)>,
    /// Outcome, with completion.
    pub outcome: Option<Outcome>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CodeList;
    use ReferralStatus::*;

    #[test]
    fn the_happy_path_alternates_sides() {
        assert!(transition(Draft, Sent, Side::Sender).is_ok());
        assert!(transition(Sent, Received, Side::Target).is_ok());
        assert!(transition(Received, Accepted, Side::Target).is_ok());
        assert!(transition(Accepted, Completed, Side::Target).is_ok());
    }

    #[test]
    fn a_service_in_progress_is_completed_by_the_target_or_cancelled_by_the_sender() {
        assert!(transition(Accepted, InProgress, Side::Target).is_ok());
        assert!(transition(Accepted, InProgress, Side::Sender).is_err());
        assert!(transition(Received, InProgress, Side::Target).is_err());
        assert_eq!(allowed_moves(InProgress, Side::Target), [Completed]);
        assert_eq!(allowed_moves(InProgress, Side::Sender), [Cancelled]);
    }

    #[test]
    fn every_other_move_is_refused_with_the_allowed_ones_named() {
        for from in ReferralStatus::all() {
            for to in ReferralStatus::all() {
                for side in [Side::Sender, Side::Target] {
                    let listed = TRANSITIONS.contains(&(*from, *to, side));
                    assert_eq!(
                        transition(*from, *to, side).is_ok(),
                        listed,
                        "{from} → {to} by {side:?}"
                    );
                }
            }
        }
        let e = transition(Sent, Accepted, Side::Target).unwrap_err();
        assert_eq!(e.allowed, [Received]);
        assert_eq!(
            e.to_string(),
            "a referral that is sent cannot become accepted by the target; allowed: received"
        );
        assert!(
            transition(Received, Accepted, Side::Sender).is_err(),
            "the sender cannot accept its own referral"
        );
    }

    #[test]
    fn the_sender_may_cancel_until_completion_or_decline() {
        for from in [Draft, Sent, Received, Accepted, InProgress] {
            assert!(transition(from, Cancelled, Side::Sender).is_ok(), "{from}");
            assert!(transition(from, Cancelled, Side::Target).is_err(), "{from}");
        }
        for from in [Completed, Declined, Cancelled] {
            assert!(
                allowed_moves(from, Side::Sender).is_empty()
                    && allowed_moves(from, Side::Target).is_empty(),
                "{from} is final"
            );
        }
    }

    #[test]
    fn consent_follows_the_target_kind() {
        assert_eq!(
            required_consent(OrganisationKind::WellbeingServicesCounty),
            ConsentKind::ShareWithCounty
        );
        assert_eq!(
            required_consent(OrganisationKind::TeOffice),
            ConsentKind::ShareWithTeServices
        );
        assert_eq!(
            required_consent(OrganisationKind::EducationalInstitution),
            ConsentKind::DataProcessing
        );
    }
}
