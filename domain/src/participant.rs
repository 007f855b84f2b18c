//! Participants (osallistuja, asiakas): a person on a project's path, owned by the implementing
//! organisation that registered them, with the ESF facts recorded at entry.

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};

use crate::text::{Description, Text};
use crate::{MunicipalityCode, OrganisationId, ParticipantId, ProjectId};

code_list! {
    /// Gender as ESF+ splits its figures.
    pub enum Gender ("genders", "Gender of a participant") {
        Female = "female", "nainen", "kvinna", "female";
        Male = "male", "mies", "man", "male";
        NonBinary = "non_binary", "muunsukupuolinen", "icke-binär", "non-binary";
        NotStated = "not_stated", "ei ilmoitettu", "inte angivet", "not stated";
    }
}

code_list! {
    /// Labour-market status at entry.
    pub enum LabourMarketStatus ("labour_market_statuses", "Labour-market status at entry") {
        Unemployed = "unemployed", "työtön", "arbetslös", "unemployed";
        Inactive = "inactive", "työvoiman ulkopuolella", "utanför arbetskraften", "inactive";
        InEducation = "in_education", "opiskelija", "studerande", "in education or training";
        Employed = "employed", "työllinen", "sysselsatt", "employed";
        SelfEmployed = "self_employed", "yrittäjä", "företagare", "self-employed";
    }
}

code_list! {
    /// Highest completed education by ISCED level.
    pub enum Education ("education_levels", "Highest completed education (ISCED)") {
        Isced0 = "isced_0", "ei perusasteen koulutusta (ISCED 0)", "ingen fullgjord grundnivå (ISCED 0)", "less than primary education (ISCED 0)";
        Isced0To2 = "isced_0_2", "perusaste (ISCED 1–2; aiemmin myös 0)", "grundnivå (ISCED 1–2; tidigare även 0)", "primary or lower secondary (ISCED 1–2; before isced_0 existed, 0 too)";
        Isced3To4 = "isced_3_4", "toinen aste (ISCED 3–4)", "andra stadiet (ISCED 3–4)", "upper secondary or post-secondary (ISCED 3–4)";
        Isced5To8 = "isced_5_8", "korkea-aste (ISCED 5–8)", "högre nivå (ISCED 5–8)", "tertiary (ISCED 5–8)";
    }
}

code_list! {
    /// An answer to a sensitive question ESF+ does not require participants to answer.
    pub enum SensitiveAnswer ("sensitive_answers", "Answers to optional sensitive questions") {
        Yes = "yes", "kyllä", "ja", "yes";
        No = "no", "ei", "nej", "no";
        PrefersNotToSay = "prefers_not_to_say", "ei halua vastata", "vill inte svara", "prefers not to say";
        NotAsked = "not_asked", "ei kysytty", "inte frågat", "not asked";
    }
}

code_list! {
    /// Degree of urbanisation of the participant's home area by Eurostat's DEGURBA, which ESF+
    /// uses for participants from rural areas (EECO17): rural means thinly populated. Recorded by
    /// the project at entry, from the home address or its municipality's classification.
    pub enum Urbanisation ("urbanisation_degrees", "Degree of urbanisation of the home area (DEGURBA)") {
        Cities = "cities", "kaupungit (tiheään asutut alueet)", "städer (tätbefolkade områden)", "cities (densely populated areas)";
        TownsAndSuburbs = "towns_and_suburbs", "pienet kaupungit ja esikaupunkialueet", "mindre städer och förorter", "towns and suburbs (intermediate density areas)";
        RuralAreas = "rural_areas", "maaseutu (harvaan asutut alueet)", "landsbygd (glesbefolkade områden)", "rural areas (thinly populated areas)";
        NotKnown = "not_known", "ei tiedossa", "okänt", "not known";
    }
}

code_list! {
    /// Where the participant's entry data stands in the funder's system (EURA 2021).
    pub enum EuraState ("eura_states", "State of entry data in EURA 2021") {
        NotSubmitted = "not_submitted", "ei toimitettu", "inte inlämnat", "not submitted";
        Submitted = "submitted", "toimitettu", "inlämnat", "submitted";
        Accepted = "accepted", "hyväksytty", "godkänt", "accepted";
    }
}

code_list! {
    /// What a participant consents to.
    pub enum ConsentKind ("consent_kinds", "Kinds of consent") {
        DataProcessing = "data_processing", "tietojen käsittely", "behandling av uppgifter", "processing of personal data";
        ShareWithCounty = "share_with_county", "tietojen luovutus hyvinvointialueelle", "utlämnande till välfärdsområdet", "sharing with the wellbeing services county";
        ShareWithTeServices = "share_with_te_services", "tietojen luovutus TE-palveluille", "utlämnande till TE-tjänsterna", "sharing with TE services";
    }
}

/// The partner system's own id for the participant, unique per project and owner.
pub type ExternalRef = Text<100>;

/// The special-category facts, each optional for the participant to answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SensitiveFacts {
    /// Disability.
    pub disability: SensitiveAnswer,
    /// Foreign background.
    pub foreign_background: SensitiveAnswer,
    /// Third-country national.
    pub third_country_national: SensitiveAnswer,
    /// Minority, including Roma.
    pub minority: SensitiveAnswer,
    /// Homeless or in housing exclusion.
    pub homeless: SensitiveAnswer,
    /// Other disadvantaged (CO17): asked only in ESF 2014–2020 projects.
    pub other_disadvantaged: SensitiveAnswer,
}

impl Default for SensitiveFacts {
    fn default() -> Self {
        let n = SensitiveAnswer::NotAsked;
        Self {
            disability: n,
            foreign_background: n,
            third_country_national: n,
            minority: n,
            homeless: n,
            other_disadvantaged: n,
        }
    }
}

/// The ESF facts recorded at entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryFacts {
    /// Gender.
    pub gender: Gender,
    /// Birth date.
    pub birth_date: NaiveDate,
    /// Labour-market status.
    pub labour_market_status: LabourMarketStatus,
    /// When unemployment began, for the unemployed.
    pub unemployed_since: Option<NaiveDate>,
    /// Highest completed education.
    pub education: Education,
    /// Degree of urbanisation of the home area.
    pub urbanisation: Urbanisation,
    /// The sensitive facts.
    pub sensitive: SensitiveFacts,
}

/// Why entry facts are inconsistent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EntryFactsError {
    /// Born after entering.
    #[error("the birth date is after the entry date")]
    BornAfterEntry,
    /// Older than anyone plausibly is on entering.
    #[error("the birth date makes the participant over 120 years old on entry")]
    ImplausiblyOld,
    /// Unemployment start given for someone not unemployed.
    #[error("unemployed_since is given only when the labour-market status is unemployed")]
    UnemployedSinceWithoutUnemployment,
    /// Unemployment starting after entry.
    #[error("unemployment cannot begin after the entry date")]
    UnemployedAfterEntry,
    /// Unemployment starting before birth.
    #[error("unemployment cannot begin before the birth date")]
    UnemployedBeforeBirth,
}

impl EntryFacts {
    /// Checks the facts against each other and the entry date: the first fault.
    pub fn check(&self, entry: NaiveDate) -> Result<(), (&'static str, EntryFactsError)> {
        self.faults(entry).into_iter().next().map_or(Ok(()), Err)
    }

    /// Every fault of the facts against each other and the entry date: at most one about the
    /// birth date and one about the start of unemployment.
    pub fn faults(&self, entry: NaiveDate) -> Vec<(&'static str, EntryFactsError)> {
        let mut out = Vec::new();
        if self.birth_date > entry {
            out.push(("birth_date", EntryFactsError::BornAfterEntry));
        } else if age_on(self.birth_date, entry) > MAX_AGE_AT_ENTRY {
            out.push(("birth_date", EntryFactsError::ImplausiblyOld));
        }
        let unemployment = match (self.labour_market_status, self.unemployed_since) {
            (LabourMarketStatus::Unemployed, Some(since)) if since > entry => {
                Some(EntryFactsError::UnemployedAfterEntry)
            }
            (LabourMarketStatus::Unemployed, Some(since)) if since < self.birth_date => {
                Some(EntryFactsError::UnemployedBeforeBirth)
            }
            (status, Some(_)) if status != LabourMarketStatus::Unemployed => {
                Some(EntryFactsError::UnemployedSinceWithoutUnemployment)
            }
            _ => None,
        };
        out.extend(unemployment.map(|e| ("unemployed_since", e)));
        out
    }
}

/// The oldest age at entry Askel accepts; an older birth date is a typing error.
pub const MAX_AGE_AT_ENTRY: i32 = 120;

/// Age in whole years on `date`.
pub fn age_on(birth: NaiveDate, date: NaiveDate) -> i32 {
    let mut age = date.year() - birth.year();
    if (date.month(), date.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

/// Long-term unemployment at entry, by the Finnish ESF definition: unemployed continuously
/// for more than 12 months, or more than 6 months when under 25.
pub fn long_term_unemployed(facts: &EntryFacts, entry: NaiveDate) -> bool {
    let Some(since) = facts
        .unemployed_since
        .filter(|_| facts.labour_market_status == LabourMarketStatus::Unemployed)
    else {
        return false;
    };
    let months = if age_on(facts.birth_date, entry) < 25 {
        6
    } else {
        12
    };
    since
        .checked_add_months(Months::new(months))
        .is_some_and(|limit| limit < entry)
}

/// A consent as given, with who recorded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    /// What it covers.
    pub kind: ConsentKind,
    /// Given (`true`) or withdrawn (`false`).
    pub given: bool,
    /// When.
    pub date: NaiveDate,
    /// Who recorded it (the acting person, or the API client).
    pub recorded_by: String,
}

/// A participant's own fields, as registered or changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantFields {
    /// The partner system's id; gone after anonymisation.
    pub external_ref: Option<ExternalRef>,
    /// Entry date of the current episode.
    pub entry_date: NaiveDate,
    /// Home municipality.
    pub home_municipality: Option<MunicipalityCode>,
    /// ESF facts at entry.
    pub facts: EntryFacts,
    /// State of the entry data in EURA.
    pub eura: EuraState,
    /// Consents.
    pub consents: Vec<Consent>,
    /// Free-text notes; gone after anonymisation.
    pub notes: Option<Description>,
}

impl ParticipantFields {
    /// Whether the latest record of `kind` gives consent.
    pub fn consents_to(&self, kind: ConsentKind) -> bool {
        self.consents
            .iter()
            .filter(|c| c.kind == kind)
            .max_by_key(|c| c.date)
            .is_some_and(|c| c.given)
    }
}

/// A stored participant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    /// Its id.
    pub id: ParticipantId,
    /// The project.
    pub project_id: ProjectId,
    /// The implementing organisation that owns the participant's data.
    pub owner_id: OrganisationId,
    /// Its fields.
    pub fields: ParticipantFields,
    /// Whether an identity code is stored (the code itself is read separately, audited).
    pub has_identity_code: bool,
    /// Whether identifying data has been removed.
    pub anonymised: bool,
    /// Version for `If-Match`.
    pub version: i32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// A command to register a participant: the fields and, when given, the identity code.
#[derive(Debug, Clone)]
pub struct NewParticipant {
    /// The fields.
    pub fields: ParticipantFields,
    /// The identity code, when given.
    pub identity_code: Option<crate::PersonalIdentityCode>,
}

#[cfg(test)]
mod tests;
