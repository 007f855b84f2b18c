//! The demo dataset from the seed texts: the organisations, projects, actor roles, funding,
//! periods, areas and the statement of Esko, OSAT, Suunta yhdessä and Osaava työikä, and the
//! projects Hämeen ELY-keskus funds. Staff appear by title only; no real person's contact
//! details are stored. Loaded through the same services as the API, so it obeys every rule.

use askel_domain::{
    ActorRole, BusinessId, Cents, Description, DiaryNumber, Funding, MunicipalityCode, Name,
    NewOrganisation, NewProject, OrganisationId, OrganisationKind, PageRequest, ProgrammePeriod,
    ProjectActor, ProjectCode, ProjectDates, ProjectId, ProjectStatus, Publicity, Rate, Role,
    StaffId, StaffMember, StaffRole, Statement, StatementId, TargetAreas,
};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::services::{clients, organisations, parties, projects};
use crate::state::AppState;

/// A fixed, time-ordered (v7-shaped) id, so the demo's ids are the same on every machine.
fn demo_id(n: u8) -> Uuid {
    uuid::Builder::from_unix_timestamp_millis(
        1_735_689_600_000 + u64::from(n),
        &[0xA5, n, 0, 0, 0, 0, 0, 0, 0, n],
    )
    .into_uuid()
}

fn org_id(n: u8) -> OrganisationId {
    OrganisationId::from_uuid(demo_id(n))
}

/// Demo organisations: `(number, name, kind, home municipality)`.
const ORGANISATIONS: &[(u8, &str, OrganisationKind, Option<&str>)] = &[
    (1, "Socom Oy", OrganisationKind::Company, None),
    (2, "Laptuote-säätiö sr", OrganisationKind::Foundation, None),
    (3, "Saimaan Virta ry", OrganisationKind::Association, None),
    (4, "Hämeen ELY-keskus", OrganisationKind::ElyCentre, None),
    (
        5,
        "Etelä-Karjalan hyvinvointialue (Eksote)",
        OrganisationKind::WellbeingServicesCounty,
        None,
    ),
    (
        6,
        "Vaasan kaupunki",
        OrganisationKind::Municipality,
        Some("905"),
    ),
    (
        7,
        "Vaasan Seudun Yhdistykset ry",
        OrganisationKind::Association,
        Some("905"),
    ),
    (
        8,
        "Vaasan Setlementtiyhdistys ry",
        OrganisationKind::Association,
        Some("905"),
    ),
    (
        9,
        "Vaasanseudun Mielenterveysseura ry",
        OrganisationKind::Association,
        Some("905"),
    ),
    (
        10,
        "Vaasan suomalainen seurakunta",
        OrganisationKind::Parish,
        Some("905"),
    ),
    (
        11,
        "Vähänkyrön seurakunta",
        OrganisationKind::Parish,
        Some("905"),
    ),
    (
        12,
        "Keski-Suomen ELY-keskus",
        OrganisationKind::ElyCentre,
        None,
    ),
    (13, "Vaalijala", OrganisationKind::Other, None),
    (
        14,
        "ViaDia Pohjois-Savo ry",
        OrganisationKind::Association,
        None,
    ),
    (
        15,
        "Pohjois-Savon hyvinvointialue",
        OrganisationKind::WellbeingServicesCounty,
        None,
    ),
];

const SOCOM: u8 = 1;
const LAPTUOTE: u8 = 2;
const SAIMAAN_VIRTA: u8 = 3;
const HAME_ELY: u8 = 4;
const EKSOTE: u8 = 5;
const VAASA: u8 = 6;
const KESKI_SUOMI_ELY: u8 = 12;
const VAALIJALA: u8 = 13;
const VIADIA: u8 = 14;
const POHJOIS_SAVO: u8 = 15;

/// The roles the demo prints tokens for: `(label, roles, organisation)`.
pub const DEMO_ROLES: &[(&str, &[Role], Option<u8>)] = &[
    ("platform operator (admin)", &[Role::Admin], None),
    (
        "Socom, Esko's administrator (manager)",
        &[Role::Manager],
        Some(SOCOM),
    ),
    (
        "Laptuote-säätiö, Esko's co-implementer (worker)",
        &[Role::Worker],
        Some(LAPTUOTE),
    ),
    (
        "Hämeen ELY-keskus, funder (reporter)",
        &[Role::Reporter],
        Some(HAME_ELY),
    ),
    (
        "Eksote, wellbeing services county (referral_handler)",
        &[Role::ReferralHandler],
        Some(EKSOTE),
    ),
    (
        "Pohjois-Savon hyvinvointialue (manager)",
        &[Role::Manager],
        Some(POHJOIS_SAVO),
    ),
];

/// The projects Hämeen ELY-keskus funded under the specific objective seed 002 describes.
const HAME_PROJECTS: &[(&str, &str)] = &[
    ("ASKELEITA", "Askeleita osallisuuteen"),
    ("FUTU", "Creating Positive Future – FUTU"),
    ("KAIKU", "KAIKU – Osallisena Kouvolassa"),
    ("LOYDA-LUONTOSI", "Löydä luontosi"),
    ("MOODI", "Moodi"),
    ("TAIDOLLA", "Taidolla työelämään"),
    (
        "KYVYT",
        "KYVYT – Toiminta-, opinto- ja työkyvyn polkujen sosiaalisen kuntoutuksen kehittämishanke työelämästä jo syrjäytyneille",
    ),
];

fn name(s: &str) -> Result<Name, ApiError> {
    Name::parse(s).map_err(ApiError::internal)
}

fn date(s: &str) -> Result<NaiveDate, ApiError> {
    s.parse().map_err(ApiError::internal)
}

fn areas(municipalities: &[&str], districts: &[&str]) -> Result<TargetAreas, ApiError> {
    Ok(TargetAreas {
        municipalities: municipalities
            .iter()
            .map(|m| MunicipalityCode::parse(m).map_err(ApiError::internal))
            .collect::<Result<_, _>>()?,
        districts: districts
            .iter()
            .map(|d| name(d))
            .collect::<Result<_, _>>()?,
    })
}

struct ProjectSeed<'a> {
    code: &'a str,
    name: &'a str,
    description: Option<&'a str>,
    period: ProgrammePeriod,
    axis: Option<&'a str>,
    objective: Option<&'a str>,
    administrator: u8,
    funder: Option<u8>,
    dates: (Option<&'a str>, Option<&'a str>),
    status: ProjectStatus,
    areas: TargetAreas,
    groups: &'a [&'a str],
    funding: Option<Funding>,
}

impl ProjectSeed<'_> {
    fn build(self) -> Result<NewProject, ApiError> {
        let opt = |s: Option<&str>| s.map(name).transpose();
        Ok(NewProject {
            code: ProjectCode::parse(self.code).map_err(ApiError::internal)?,
            name: name(self.name)?,
            description: self
                .description
                .map(|d| Description::parse(d).map_err(ApiError::internal))
                .transpose()?,
            programme_period: self.period,
            priority_axis: opt(self.axis)?,
            specific_objective: opt(self.objective)?,
            administrator_id: org_id(self.administrator),
            funder_id: self.funder.map(org_id),
            dates: ProjectDates::new(
                self.dates.0.map(date).transpose()?,
                self.dates.1.map(date).transpose()?,
            )
            .map_err(ApiError::internal)?,
            status: self.status,
            target_areas: self.areas,
            target_groups: self
                .groups
                .iter()
                .map(|g| name(g))
                .collect::<Result<_, _>>()?,
            funding: self.funding,
        })
    }
}

/// A demo project with the actors and staff (organisation, title, role) it gets.
type DemoProject = (
    ProjectSeed<'static>,
    Vec<(u8, ActorRole)>,
    Vec<(u8, &'static str, StaffRole)>,
);

fn seeds() -> Result<Vec<DemoProject>, ApiError> {
    let cents = |c| Cents::new(c).map_err(ApiError::internal);
    // Suunta yhdessä: ESF 239 586,00 € = 80 % of 299 482,50 €; Vaalijala's own share 20 %.
    let suunta_funding = Funding::new(
        cents(29_948_250)?,
        Rate::from_percent(80.0).map_err(ApiError::internal)?,
        cents(23_958_600)?,
        cents(5_989_650)?,
        vec![],
    )
    .map_err(ApiError::internal)?;
    let mut all = vec![
        (
            ProjectSeed {
                code: "ESKO",
                name: "Esko – Kohti tasa-arvoisempaa työelämää",
                description: Some(
                    "Syrjäytymisvaarassa olevien nuorten miesten hyvinvoinnin kartoittaminen Etelä-Karjalassa ja polut kohti työtä tai koulutusta; yksilöhaastattelut aikuissosiaalityön hyvinvointimittarilla ja vertaistukiryhmä.",
                ),
                period: ProgrammePeriod::Esf2014To2020,
                axis: Some("3 Työllisyys ja työvoiman liikkuvuus"),
                objective: Some(
                    "Työ- ja koulutusurien sukupuolen mukaisen eriytymisen lieventäminen",
                ),
                administrator: SOCOM,
                funder: Some(HAME_ELY),
                dates: (None, None),
                status: ProjectStatus::Closed,
                areas: areas(&[], &["Etelä-Karjala"])?,
                groups: &["syrjäytymisvaarassa olevat nuoret miehet"],
                funding: None,
            },
            vec![
                (SOCOM, ActorRole::LeadImplementer),
                (LAPTUOTE, ActorRole::CoImplementer),
                (SAIMAAN_VIRTA, ActorRole::CoImplementer),
                (EKSOTE, ActorRole::SteeringGroupMember),
                (EKSOTE, ActorRole::CoFunder),
            ],
            // Seed 000 names three project workers at the two co-implementers; their split is assumed.
            vec![
                (SOCOM, "projektipäällikkö", StaffRole::ProjectManager),
                (LAPTUOTE, "projektityöntekijä", StaffRole::Worker),
                (SAIMAAN_VIRTA, "projektityöntekijä", StaffRole::Worker),
                (SAIMAAN_VIRTA, "projektityöntekijä", StaffRole::Worker),
            ],
        ),
        (
            ProjectSeed {
                code: "OSAT",
                name: "Osallisuuden askeleet työelämään (OSAT)",
                description: Some(
                    "Syrjäytymisvaarassa olevien työttömien ja työelämän ulkopuolella olevien työ- ja toimintakyvyn parantaminen matalan kynnyksen osallistavilla toiminnoilla viidessä osallisuuden askeleessa.",
                ),
                period: ProgrammePeriod::Esf2014To2020,
                axis: None,
                objective: None,
                administrator: VAASA,
                funder: Some(KESKI_SUOMI_ELY),
                dates: (Some("2017-05-04"), Some("2020-04-30")),
                status: ProjectStatus::Closed,
                areas: areas(
                    &["905"],
                    &["Ristinummi", "Vähäkyrö", "Vaasan keskusta-alue"],
                )?,
                groups: &[
                    "syrjäytymisvaarassa olevat työttömät",
                    "työelämän ulkopuolella olevat",
                ],
                funding: None,
            },
            vec![
                (VAASA, ActorRole::LeadImplementer),
                (7, ActorRole::CoImplementer),
                (8, ActorRole::CoImplementer),
                (9, ActorRole::CoImplementer),
                (10, ActorRole::CoImplementer),
                (11, ActorRole::CoImplementer),
            ],
            vec![
                (
                    VAASA,
                    "projektipäällikkö (asuntopäällikkö)",
                    StaffRole::ProjectManager,
                ),
                (
                    VAASA,
                    "projektiasiantuntija (kehittämissuunnittelija)",
                    StaffRole::Expert,
                ),
                (VAASA, "projektityöntekijä", StaffRole::Worker),
                (VAASA, "projektityöntekijä", StaffRole::Worker),
            ],
        ),
        (
            ProjectSeed {
                code: "SUUNTA",
                name: "Suunta yhdessä – Osallisuudesta kohti työelämävalmiuksia",
                description: Some(
                    "Sosiaalisen kuntoutuksen toimintamalli ja alkuvaiheen palvelukokonaisuus Etelä-Savossa; toimipaikka Mikkelin Savoset Monipalvelukeskus.",
                ),
                period: ProgrammePeriod::Esf2014To2020,
                axis: Some("5 Sosiaalinen osallisuus ja köyhyyden torjunta"),
                objective: None,
                administrator: VAALIJALA,
                funder: None,
                dates: (Some("2019-09-01"), Some("2021-12-31")),
                status: ProjectStatus::Closed,
                areas: areas(&["491"], &["Etelä-Savo"])?,
                groups: &["syrjäytyneet, työttömät tai haastavassa työmarkkinatilanteessa olevat"],
                funding: Some(suunta_funding),
            },
            vec![(VAALIJALA, ActorRole::LeadImplementer)],
            vec![
                (VAALIJALA, "projektikoordinaattori", StaffRole::Coordinator),
                (VAALIJALA, "projektityöntekijä", StaffRole::Worker),
            ],
        ),
        (
            ProjectSeed {
                code: "OSAAVA-TYOIKA",
                name: "Osaava työikä",
                description: Some(
                    "Etsivän työn, kohtaamisen ja kartoittamisen kautta kohderyhmän ohjaaminen osallisuuteen ja kohti työelämää tai sitä kohti vievää palvelua.",
                ),
                period: ProgrammePeriod::EsfPlus2021To2027,
                axis: Some("TL4"),
                objective: Some("4.3 Yhdenvertainen osallisuus"),
                administrator: VIADIA,
                funder: None,
                dates: (Some("2025-01-01"), Some("2026-12-31")),
                status: ProjectStatus::Applied,
                areas: areas(&["276", "204", "297", "420", "749", "778", "915"], &[])?,
                groups: &["heikoimmassa työmarkkina-asemassa olevat"],
                funding: None,
            },
            vec![
                (VIADIA, ActorRole::LeadImplementer),
                (POHJOIS_SAVO, ActorRole::CooperationPartner),
            ],
            vec![],
        ),
    ];
    for (code, project_name) in HAME_PROJECTS {
        all.push((
            ProjectSeed {
                code,
                name: project_name,
                description: None,
                period: ProgrammePeriod::Esf2014To2020,
                axis: Some("5 Sosiaalinen osallisuus ja köyhyyden torjunta"),
                objective: Some(
                    "Työelämän ulkopuolella olevien työ- ja toimintakyvyn parantaminen",
                ),
                administrator: HAME_ELY,
                funder: Some(HAME_ELY),
                dates: (None, None),
                status: ProjectStatus::Approved,
                areas: areas(&[], &["Häme"])?,
                groups: &[],
                funding: None,
            },
            vec![],
            vec![],
        ));
    }
    Ok(all)
}

/// The statement seed 004 holds: Pohjois-Savon hyvinvointialue on Osaava työikä.
fn statement(project: ProjectId) -> Result<Statement, ApiError> {
    Ok(Statement {
        id: StatementId::from_uuid(demo_id(200)),
        project_id: project,
        issuing_organisation_id: org_id(POHJOIS_SAVO),
        diary_number: DiaryNumber::parse("5605/00.04.02/2024").map_err(ApiError::internal)?,
        date: date("2024-10-28")?,
        publicity: Publicity::Public,
        summary: Description::parse(
            "Pohjois-Savon hyvinvointialueen työikäisten sosiaalipalvelut katsoo hankekuvauksen ajankohtaiseksi ja heikoimmassa työmarkkina-asemassa olevien tilannetta vahvistavaksi. Yhteistyö toteutuu tiedottamisen ja toiminnallisen yhteistyön kautta; hankkeelle nimetään yhteistyötä koordinoivat työntekijät, mutta erillistä rahallista tai henkilöstöresurssia ei osoiteta.",
        )
        .map_err(ApiError::internal)?,
        commits_to_cooperation: true,
        allocates_money: false,
        allocates_staff: false,
    })
}

/// Whether the database already holds data (the demo loads only into an empty one).
async fn is_empty(state: &AppState) -> Result<bool, ApiError> {
    let tx = state.db.read().await?;
    let page = tx
        .organisations(&PageRequest {
            limit: askel_domain::Limit::new(1).map_err(ApiError::internal)?,
            ..Default::default()
        })
        .await?;
    Ok(page.items.is_empty())
}

/// Loads the demo dataset into an empty database; returns whether it loaded anything.
pub async fn load(state: &AppState) -> Result<bool, ApiError> {
    if !is_empty(state).await? {
        return Ok(false);
    }
    let admin = Principal {
        client: "demo-loader".into(),
        organisation: None,
        roles: vec![Role::Admin],
        acting_for: None,
    };
    let tx = state.db.write().await?;
    for (n, org_name, kind, municipality) in ORGANISATIONS {
        let fields = NewOrganisation {
            name: name(org_name)?,
            kind: *kind,
            business_id: None::<BusinessId>,
            home_municipality: municipality
                .map(|m| MunicipalityCode::parse(m).map_err(ApiError::internal))
                .transpose()?,
        };
        organisations::create(&tx, &admin, org_id(*n), fields).await?;
    }
    let mut osaava = None;
    for (i, (seed, actors, staff)) in seeds()?.into_iter().enumerate() {
        let code = seed.code;
        let id = ProjectId::from_uuid(demo_id(100 + u8::try_from(i).unwrap_or(0)));
        projects::create(&tx, &admin, id, seed.build()?).await?;
        for (org, role) in actors {
            parties::add_actor(
                &tx,
                &admin,
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
            parties::add_staff(&tx, &admin, member).await?;
        }
        if code == "OSAAVA-TYOIKA" {
            osaava = Some(id);
        }
    }
    if let Some(project) = osaava {
        parties::add_statement(&tx, &admin, statement(project)?).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// A token for each demo role, valid for `ttl_seconds`.
pub fn tokens(state: &AppState, ttl_seconds: u64) -> Result<Vec<(&'static str, String)>, ApiError> {
    DEMO_ROLES
        .iter()
        .map(|(label, roles, org)| {
            let sub = format!(
                "demo:{}",
                roles
                    .first()
                    .map_or("none", |r| askel_domain::CodeList::code(*r))
            );
            clients::mint(&state.keys, &sub, org.map(org_id), roles, ttl_seconds, None)
                .map(|t| (*label, t))
        })
        .collect()
}
