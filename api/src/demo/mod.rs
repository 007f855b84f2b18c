//! The demo dataset from the seed texts: the organisations, projects, actor roles, funding,
//! periods, areas and the statement of Esko, OSAT, Suunta yhdessä and Osaava työikä, and the
//! projects Hämeen ELY-keskus funds. Staff appear by title only; no real person's contact
//! details are stored. Loaded through the same services as the API, so it obeys every rule.

mod esko;
mod hame;

pub use hame::Scale;
mod seeds;

use askel_domain::{
    BusinessId, MunicipalityCode, NewOrganisation, OrganisationId, PageRequest, ProjectActor,
    ProjectId, Role, StaffId, StaffMember,
};
use uuid::Uuid;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::services::{clients, organisations, parties, projects};
use crate::state::AppState;

use seeds::*;

/// A fixed, time-ordered (v7-shaped) id, so the demo's ids are the same on every machine.
pub(super) fn demo_id(n: u8) -> Uuid {
    uuid::Builder::from_unix_timestamp_millis(
        1_735_689_600_000 + u64::from(n),
        &[0xA5, n, 0, 0, 0, 0, 0, 0, 0, n],
    )
    .into_uuid()
}

pub(super) fn org_id(n: u8) -> OrganisationId {
    OrganisationId::from_uuid(demo_id(n))
}

/// Esko's id in the demo (the project the contract's examples are written for).
pub fn esko_project_id() -> Uuid {
    demo_id(100)
}

/// The client name the demo loads as: its registrations are logged as one summary line.
pub const LOADER: &str = "demo-loader";

/// Whether `principal` is the demo loader.
pub fn is_loader(principal: &Principal) -> bool {
    principal.client == LOADER
}

/// The roles the demo prints tokens for: `(label, roles, organisation, what to try first)`.
pub const DEMO_ROLES: &[(&str, &[Role], Option<u8>, &str)] = &[
    (
        "platform operator (admin)",
        &[Role::Admin],
        None,
        "GET /v1/organisations and /v1/projects: every organisation and project",
    ),
    (
        "Socom, Esko's administrator (manager)",
        &[Role::Manager],
        Some(SOCOM),
        "GET /v1/projects/{ESKO}/participants (both partners' people) and …/reports/indicators (exact figures)",
    ),
    (
        "Laptuote-säätiö, Esko's co-implementer (worker)",
        &[Role::Worker],
        Some(LAPTUOTE),
        "GET /v1/projects/{ESKO}/participants (young men who left by 2019), then register one with the contract's example and POST /v1/participants/{id}/steps",
    ),
    (
        "Hämeen ELY-keskus, funder (reporter)",
        &[Role::Reporter],
        Some(HAME_ELY),
        "GET /v1/funders/{HAME_ELY}/reports/indicators (protected figures by programme period)",
    ),
    (
        "Eksote, wellbeing services county (referral_handler)",
        &[Role::ReferralHandler],
        Some(EKSOTE),
        "GET /v1/referrals?role=target (the inbox), then POST /v1/referrals/{id}/transitions",
    ),
    (
        "Pohjois-Savon hyvinvointialue (manager)",
        &[Role::Manager],
        Some(POHJOIS_SAVO),
        "GET /v1/projects/{OSAAVA-TYOIKA}/statements (its statement on Osaava työikä)",
    ),
    (
        "Saimaan Virta ry, Esko's co-implementer (worker)",
        &[Role::Worker],
        Some(SAIMAAN_VIRTA),
        "GET /v1/projects/{ESKO}/participants: its own people only; GET /v1/events (its feed)",
    ),
    (
        "Laptuote-säätiö's integration manager (manager)",
        &[Role::Manager],
        Some(LAPTUOTE),
        "POST /v1/webhooks {\"url\": \"http://127.0.0.1:9000/hook\"} (the README's Webhooks recipe), then record a step",
    ),
    (
        "Saimaan Virta's integration manager (manager)",
        &[Role::Manager],
        Some(SAIMAAN_VIRTA),
        "POST /v1/webhooks with a receiver on 127.0.0.1; GET /v1/webhooks/{id}/deliveries",
    ),
];

/// A data key for the demo when none is configured: fixed and public, so identity codes and
/// webhook secrets of the demo database stay readable across restarts — and so never for real
/// data.
const DEMO_DATA_KEY: &str = "ZGVtby1vbmx5LXB1YmxpYy1rZXktbmV2ZXItcmVhbCE=";

/// What `serve --demo` changes in the settings so that every everyday job can be tried on one
/// machine: a data key when none is set (demo only), and webhook deliveries to a receiver on
/// `http://127.0.0.1`. Returns the warnings to print.
pub fn settings(settings: &mut crate::config::Settings) -> Vec<&'static str> {
    let mut warnings = Vec::new();
    if settings.data_key.is_none() {
        settings.data_key = Some(crate::config::Secret::new(DEMO_DATA_KEY));
        warnings.push(
            "demo only: no ASKEL_DATA_KEY is set, so identity codes and webhook secrets are encrypted with the demo's public key; set ASKEL_DATA_KEY for real data",
        );
    }
    if !settings.webhooks.allow_http_loopback {
        settings.webhooks.allow_http_loopback = true;
        warnings.push(
            "demo only: webhooks may deliver to plain http on 127.0.0.1 (ASKEL_WEBHOOK_ALLOW_HTTP_LOOPBACK=true)",
        );
    }
    warnings
}

/// Told how far generation has come: `(participants generated, participants in all)`.
pub type Progress = dyn Fn(usize, usize) + Sync;

/// Whether the database already holds data (the demo loads only into an empty one).
async fn is_empty(state: &AppState) -> Result<bool, ApiError> {
    let first = PageRequest {
        limit: askel_domain::Limit::new(1).map_err(ApiError::internal)?,
        ..Default::default()
    };
    crate::transaction::outside::read_in(&state.db, async |tx| {
        Ok(tx
            .organisations()
            .organisations(&first)
            .await?
            .items
            .is_empty())
    })
    .await
}

/// Loads the demo dataset into an empty database; returns whether it loaded anything.
pub async fn load(state: &AppState) -> Result<bool, ApiError> {
    load_scaled(state, Scale::HAME, &|_, _| {}).await
}

/// Loads the demo dataset with the generated programme at `scale` (the benchmark's dataset),
/// calling `progress(participants generated, participants in all)` after each project.
pub async fn load_scaled(
    state: &AppState,
    scale: Scale,
    progress: &Progress,
) -> Result<bool, ApiError> {
    if !is_empty(state).await? {
        return Ok(false);
    }
    let admin = Principal {
        client: LOADER.into(),
        organisation: None,
        roles: vec![Role::Admin],
        acting_for: None,
    };
    let (started, esko_people, generated) =
        crate::transaction::write(state, &admin, async |work| {
            for (n, org_name, kind, municipality) in ORGANISATIONS {
                let fields = NewOrganisation {
                    name: name(org_name)?,
                    kind: *kind,
                    business_id: None::<BusinessId>,
                    home_municipality: municipality
                        .map(|m| MunicipalityCode::parse(m).map_err(ApiError::internal))
                        .transpose()?,
                };
                organisations::create(work, org_id(*n), fields).await?;
            }
            let mut osaava = None;
            let mut esko = None;
            for (i, (seed, actors, staff)) in seeds()?.into_iter().enumerate() {
                let code = seed.code;
                let id = ProjectId::from_uuid(demo_id(100 + u8::try_from(i).unwrap_or(0)));
                projects::create(work, id, seed.build()?).await?;
                for (org, role) in actors {
                    parties::add_actor(
                        work,
                        ProjectActor {
                            project_id: id,
                            organisation_id: org_id(org),
                            role,
                        },
                    )
                    .await?;
                }
                for (org, title, role) in staff {
                    let member = StaffMember {
                        id: StaffId::new(),
                        project_id: id,
                        organisation_id: org_id(org),
                        title: name(title)?,
                        role,
                    };
                    parties::add_staff(work, member).await?;
                }
                if code == "OSAAVA-TYOIKA" {
                    osaava = Some(id);
                }
                if code == "ESKO" {
                    esko = Some(id);
                }
            }
            if let Some(project) = osaava {
                parties::add_statement(work, statement(project)?).await?;
            }
            let started = std::time::Instant::now();
            let esko_people = match esko {
                Some(project) => {
                    esko::generate(
                        work,
                        project,
                        [org_id(LAPTUOTE), org_id(SAIMAAN_VIRTA)],
                        org_id(EKSOTE),
                    )
                    .await?
                }
                None => 0,
            };
            let generated =
                hame::generate(work, org_id(HAME_ELY), org_id(PAIJAT_HAME), scale, progress)
                    .await?;
            Ok((started, esko_people, generated))
        })
        .await?;
    tracing::info!(
        organisations = ORGANISATIONS.len() + generated.projects,
        projects = seeds()?.len() + generated.projects,
        esko_participants = esko_people,
        hame_participants = generated.participants,
        elapsed_ms = started.elapsed().as_millis(),
        "loaded the demo dataset"
    );
    Ok(true)
}

/// What to try first with each demo role's token, in `DEMO_ROLES` order, with the demo's ids
/// filled in.
pub fn hints() -> Vec<String> {
    let esko = demo_id(100);
    let osaava = demo_id(103);
    DEMO_ROLES
        .iter()
        .map(|(_, _, _, hint)| {
            hint.replace("{ESKO}", &esko.to_string())
                .replace("{OSAAVA-TYOIKA}", &osaava.to_string())
                .replace("{HAME_ELY}", &org_id(HAME_ELY).to_string())
        })
        .collect()
}

/// A token for each demo role, valid for `ttl_seconds`.
pub fn tokens(state: &AppState, ttl_seconds: u64) -> Result<Vec<(&'static str, String)>, ApiError> {
    DEMO_ROLES
        .iter()
        .map(|(label, roles, org, _)| {
            let sub = format!(
                "demo:{}",
                roles
                    .first()
                    .map_or("none", |r| askel_domain::CodeList::code(*r))
            );
            let grant = clients::Grant {
                sub: &sub,
                org: org.map(org_id),
                roles,
                ttl_seconds,
                act: None,
            };
            clients::mint(&state.keys, grant).map(|t| (*label, t))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_gets_a_data_key_and_local_webhooks_and_says_so() {
        let mut s = crate::config::Settings::from_lookup(|_| None).unwrap();
        assert!(s.data_key.is_none() && !s.webhooks.allow_http_loopback);
        let warnings = settings(&mut s);
        assert_eq!(warnings.len(), 2);
        assert!(warnings.iter().all(|w| w.starts_with("demo only")));
        let key = s.data_key.as_ref().unwrap().expose();
        assert!(
            crate::crypto::DataKey::from_base64(key).is_ok(),
            "a usable key"
        );
        assert!(s.webhooks.allow_http_loopback);
        let mut configured = crate::config::Settings::from_lookup(|n| {
            (n == "ASKEL_DATA_KEY")
                .then(|| "YXNrZWwtdGVzdC1kYXRhLWtleS0zMi1ieXRlcy0hISE=".to_owned())
        })
        .unwrap();
        settings(&mut configured);
        assert_ne!(
            configured.data_key.unwrap().expose(),
            DEMO_DATA_KEY,
            "a configured key is kept"
        );
    }
}
