//! The seed texts' organisations, projects, actors, staff and statement, as data.

use askel_domain::{
    ActorRole, Cents, Description, DiaryNumber, Funding, MunicipalityCode, Name, NewProject,
    OrganisationKind, ProgrammePeriod, ProjectCode, ProjectDates, ProjectId, ProjectStatus,
    Publicity, Rate, StaffRole, Statement, StatementId, TargetAreas,
};
use chrono::NaiveDate;

use crate::error::ApiError;

use super::{demo_id, org_id};

/// Demo organisations: `(number, name, kind, home municipality)`.
pub(super) const ORGANISATIONS: &[(u8, &str, OrganisationKind, Option<&str>)] = &[
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
    (
        16,
        "Päijät-Hämeen hyvinvointialue",
        OrganisationKind::WellbeingServicesCounty,
        None,
    ),
];

pub(super) const SOCOM: u8 = 1;
pub(super) const LAPTUOTE: u8 = 2;
pub(super) const SAIMAAN_VIRTA: u8 = 3;
pub(super) const HAME_ELY: u8 = 4;
pub(super) const EKSOTE: u8 = 5;
pub(super) const VAASA: u8 = 6;
pub(super) const KESKI_SUOMI_ELY: u8 = 12;
pub(super) const VAALIJALA: u8 = 13;
pub(super) const VIADIA: u8 = 14;
pub(super) const POHJOIS_SAVO: u8 = 15;
pub(super) const PAIJAT_HAME: u8 = 16;

/// The projects Hämeen ELY-keskus funded under the specific objective seed 002 describes.
pub(super) const HAME_PROJECTS: &[(&str, &str)] = &[
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

pub(super) fn name(s: &str) -> Result<Name, ApiError> {
    Name::parse(s).map_err(ApiError::internal)
}

pub(super) fn date(s: &str) -> Result<NaiveDate, ApiError> {
    s.parse().map_err(ApiError::internal)
}

pub(super) fn areas(municipalities: &[&str], districts: &[&str]) -> Result<TargetAreas, ApiError> {
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

pub(super) struct ProjectSeed<'a> {
    pub(super) code: &'a str,
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
    pub(super) fn build(self) -> Result<NewProject, ApiError> {
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
pub(super) type DemoProject = (
    ProjectSeed<'static>,
    Vec<(u8, ActorRole)>,
    Vec<(u8, &'static str, StaffRole)>,
);

pub(super) fn seeds() -> Result<Vec<DemoProject>, ApiError> {
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
    let all = vec![
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
                dates: (Some("2018-01-01"), Some("2019-12-31")),
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
                areas: areas(&["171", "204", "297", "420", "749", "778", "915"], &[])?,
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
    Ok(all)
}

/// The statement seed 004 holds: Pohjois-Savon hyvinvointialue on Osaava työikä.
pub(super) fn statement(project: ProjectId) -> Result<Statement, ApiError> {
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
