//! The base OpenAPI document: info, tags, the bearer security scheme and shared components.
//! Paths are collected from the routes themselves (utoipa-actix-web), so they cannot drift.

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::{FieldError, Problem};

/// The security scheme every `/v1` operation except the token endpoint requires.
pub const BEARER: &str = "bearer";

/// Tags, in the order the docs show them.
pub mod tags {
    /// Tokens.
    pub const AUTH: &str = "auth";
    /// Organisations.
    pub const ORGANISATIONS: &str = "organisations";
    /// Projects.
    pub const PROJECTS: &str = "projects";
    /// Project actors, staff and statements.
    pub const PROJECT_PARTIES: &str = "project-parties";
    /// Participants.
    pub const PARTICIPANTS: &str = "participants";
    /// A participant's path: steps, exit, re-entry.
    pub const PATH: &str = "path";
    /// Goals and assessments.
    pub const PLAN: &str = "plan";
    /// Activities and attendance.
    pub const ACTIVITIES: &str = "activities";
    /// Referrals.
    pub const REFERRALS: &str = "referrals";
    /// The change feed.
    pub const EVENTS: &str = "events";
    /// Webhooks.
    pub const WEBHOOKS: &str = "webhooks";
    /// Figures.
    pub const REPORTS: &str = "reports";
    /// Code lists.
    pub const CODE_LISTS: &str = "code-lists";
    /// Health.
    pub const HEALTH: &str = "health";
}

/// The base document.
#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "Askel API",
        description = "System of record for Finnish ESF and ESF+ social-inclusion projects: organisations, projects and their actors, participants on the five steps of participation, referrals and the funder's figures.\n\n**Authentication.** Every `/v1` operation except `POST /v1/auth/token` needs `Authorization: Bearer <JWT>`. Registered API clients obtain tokens with OAuth 2.0 client credentials at `POST /v1/auth/token`; for development, `askel token --roles manager --org <id>` prints one.\n\n**Conventions.** JSON with snake_case fields; RFC 3339 UTC timestamps; ISO dates; every date and timestamp in bodies, queries and cursors lies from 1900-01-01 to 2199-12-31 (others answer 400); money in integer euro cents; ids are UUIDv7. Errors are RFC 9457 `application/problem+json` with a stable `type`; `errors` lists every fault of the kind at once: first a body's form (400: wrong types, values out of range or code list, unknown and missing fields), then its rules (422: fields that disagree with each other), then what is stored (422: e.g. the project's period). Lists page with `limit` and `cursor` and return `{items, next_cursor}` in `(updated_at, id)` order; `updated_since` gives what changed. Mutable resources carry a `version` and an `ETag`; send `If-Match` to update safely (412 when stale). Creates accept `Idempotency-Key`, scoped to your organisation, your token's subject and the operation: a retry returns the first response (after checking again that you may still see what it holds), a reuse with another body answers 422, and a retry after the participant it concerns was anonymised answers 409.",
        license(name = "EUPL-1.2", identifier = "EUPL-1.2"),
        version = "1.0.0"
    ),
    tags(
        (name = "auth", description = "Access tokens for registered API clients (OAuth 2.0 client credentials)."),
        (name = "organisations", description = "Associations, municipalities, wellbeing services counties, ELY centres and other organisations."),
        (name = "projects", description = "ESF and ESF+ projects: period, area, target groups, status and funding."),
        (name = "project-parties", description = "Who takes part in a project: actors in their roles, staff by title, and statements (lausunto)."),
        (name = "participants", description = "Participants: registered by an implementer, which owns their data; seen only by the owner and the project administrator. Every read and write is audited."),
        (name = "path", description = "A participant's path through the five steps, exit and re-entry; a history that is never overwritten."),
        (name = "plan", description = "The individual plan: goals, and assessments with versioned instruments (Kykyviisari, the adult social work wellbeing meter, and instruments an administrator defines)."),
        (name = "activities", description = "A project's activities (workshops, groups, coaching, …) and who attended; participation hours per person."),
        (name = "referrals", description = "Referrals onwards (service guidance): the sender sends and cancels, the target — the wellbeing services county, a TE office, … — receives, accepts, declines and completes. `GET /v1/referrals?role=target` is a county's inbox; `Accept: application/fhir+json` gives a FHIR R4 ServiceRequest."),
        (name = "events", description = "The change feed of everything you may see. Follow `next_cursor`: no event is ever skipped, even while writes commit out of order."),
        (name = "webhooks", description = "The change feed pushed as it happens: an organisation's subscriptions (an HTTPS URL, event types, optionally a project), deliveries signed by the Standard Webhooks convention (`webhook-id`, `webhook-timestamp`, `webhook-signature`), at least once and in feed order, retried with exponential backoff for 24 hours, then paused; a delivery log and redelivery."),
        (name = "reports", description = "Figures for the funder: each programme period's participant indicators by gender (with their official codes), the step funnel, EURA states, referrals, activity hours and funding — computed in the database. Roles without access to personal data get figures perturbed by the cell key method."),
        (name = "code-lists", description = "Closed vocabularies with Finnish, Swedish and English labels."),
        (name = "health", description = "Liveness and readiness for load balancers.")
    ),
    servers((url = "/", description = "The server that serves this document")),
    components(schemas(Problem, FieldError)),
    modifiers(&BearerAuth)
)]
pub struct BaseDoc;

/// Adds the bearer security scheme.
#[derive(Debug)]
pub struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut scheme = Http::new(HttpAuthScheme::Bearer);
        scheme.bearer_format = Some("JWT".to_owned());
        scheme.description =
            Some("A JWT from `POST /v1/auth/token` (or `askel token` in development).".to_owned());
        components.add_security_scheme(BEARER, SecurityScheme::Http(scheme));
    }
}
