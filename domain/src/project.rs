//! Projects (hanke): what was funded, when, where, for whom and by whom.

use chrono::{DateTime, NaiveDate, Utc};

use crate::text::{Description, Name, Text};
use crate::{Funding, MunicipalityCode, OrganisationId, ProjectId};

code_list! {
    /// The ESF programme period a project is funded from.
    pub enum ProgrammePeriod ("programme_periods", "ESF programme periods") {
        Esf2014To2020 = "esf_2014_2020", "Kestävää kasvua ja työtä 2014–2020 (ESR)", "Hållbar tillväxt och jobb 2014–2020 (ESF)", "Sustainable growth and jobs 2014–2020 (ESF)";
        EsfPlus2021To2027 = "esf_plus_2021_2027", "Uudistuva ja osaava Suomi 2021–2027 (ESR+)", "Ett förnyande och kompetent Finland 2021–2027 (ESF+)", "Innovative and skilled Finland 2021–2027 (ESF+)";
    }
}

impl ProgrammePeriod {
    /// Whether its indicators ask whether a participant is "other disadvantaged" (CO17 of
    /// ESF 2014–2020; ESF+ has no such indicator).
    pub fn asks_other_disadvantaged(self) -> bool {
        self == Self::Esf2014To2020
    }
}

code_list! {
    /// Where a project is in its life.
    pub enum ProjectStatus ("project_statuses", "Statuses of a project") {
        Planned = "planned", "suunnitteilla", "planerat", "planned";
        Applied = "applied", "haettu", "ansökt", "applied";
        Approved = "approved", "myönnetty", "beviljat", "approved";
        Running = "running", "käynnissä", "pågående", "running";
        Closed = "closed", "päättynyt", "avslutat", "closed";
    }
}

/// A project code, unique in Askel: the funder's code or an acronym, e.g. `ESKO`.
pub type ProjectCode = Text<50>;

/// Start and end dates; the end is never before the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ProjectDates {
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
}

/// The end date is before the start date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the end date {end} is before the start date {start}")]
pub struct ProjectDatesError {
    /// The start date.
    pub start: NaiveDate,
    /// The end date.
    pub end: NaiveDate,
}

impl ProjectDates {
    /// Dates, either of which may still be unknown (a planned project).
    pub fn new(
        start: Option<NaiveDate>,
        end: Option<NaiveDate>,
    ) -> Result<Self, ProjectDatesError> {
        match (start, end) {
            (Some(start), Some(end)) if end < start => Err(ProjectDatesError { start, end }),
            _ => Ok(Self { start, end }),
        }
    }
    /// The start date.
    pub fn start(&self) -> Option<NaiveDate> {
        self.start
    }
    /// The end date.
    pub fn end(&self) -> Option<NaiveDate> {
        self.end
    }
}

/// Where a project works: municipalities and free-text districts such as Ristinummi.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TargetAreas {
    /// Municipalities by code.
    pub municipalities: Vec<MunicipalityCode>,
    /// Districts, villages or regions in words.
    pub districts: Vec<Name>,
}

impl TargetAreas {
    /// The municipalities' codes as text.
    #[must_use]
    pub fn municipality_codes(&self) -> Vec<String> {
        self.municipalities
            .iter()
            .map(|m| m.as_str().to_owned())
            .collect()
    }

    /// The districts' names as text.
    #[must_use]
    pub fn district_names(&self) -> Vec<String> {
        self.districts
            .iter()
            .map(|d| d.as_str().to_owned())
            .collect()
    }
}

/// A project's own fields, as created or after a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProject {
    /// Short code, unique in Askel.
    pub code: ProjectCode,
    /// Name.
    pub name: Name,
    /// Description.
    pub description: Option<Description>,
    /// Programme period.
    pub programme_period: ProgrammePeriod,
    /// Priority axis (toimintalinja), e.g. "5 Sosiaalinen osallisuus ja köyhyyden torjunta".
    pub priority_axis: Option<Name>,
    /// Specific objective (erityistavoite), e.g. "4.3 Yhdenvertainen osallisuus".
    pub specific_objective: Option<Name>,
    /// The administrator organisation (hallinnoija).
    pub administrator_id: OrganisationId,
    /// The funder (an ELY centre), once known.
    pub funder_id: Option<OrganisationId>,
    /// Start and end.
    pub dates: ProjectDates,
    /// Status.
    pub status: ProjectStatus,
    /// Target areas.
    pub target_areas: TargetAreas,
    /// Target groups in words.
    pub target_groups: Vec<Name>,
    /// Funding, once decided.
    pub funding: Option<Funding>,
}

/// A stored project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// Its id.
    pub id: ProjectId,
    /// Its fields.
    pub fields: NewProject,
    /// Incremented by every change; the ETag.
    pub version: i32,
    /// After this day its participants' personal data is anonymised (set by its
    /// administrator by the funding rules; none: not yet decided).
    pub retention_end: Option<chrono::NaiveDate>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

impl Project {
    /// Whether its retention has ended on `today` (the day after the retention end).
    pub fn retention_over(&self, today: chrono::NaiveDate) -> bool {
        self.retention_end.is_some_and(|end| today > end)
    }
}

/// A change to a project: `None` leaves a field as it is; `Some(None)` clears an optional one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProjectChanges {
    /// New name.
    pub name: Option<Name>,
    /// New description.
    pub description: Option<Option<Description>>,
    /// New programme period.
    pub programme_period: Option<ProgrammePeriod>,
    /// New priority axis.
    pub priority_axis: Option<Option<Name>>,
    /// New specific objective.
    pub specific_objective: Option<Option<Name>>,
    /// New funder.
    pub funder_id: Option<Option<OrganisationId>>,
    /// New start date.
    pub start_date: Option<Option<NaiveDate>>,
    /// New end date.
    pub end_date: Option<Option<NaiveDate>>,
    /// New status.
    pub status: Option<ProjectStatus>,
    /// New target areas (replace the old).
    pub target_areas: Option<TargetAreas>,
    /// New target groups (replace the old).
    pub target_groups: Option<Vec<Name>>,
    /// New funding (replaces the old whole).
    pub funding: Option<Option<Funding>>,
}

impl ProjectChanges {
    /// Whether the change changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

impl NewProject {
    /// The fields after a change; the dates are checked together again.
    pub fn apply(&self, changes: ProjectChanges) -> Result<Self, ProjectDatesError> {
        let start = changes.start_date.unwrap_or(self.dates.start());
        let end = changes.end_date.unwrap_or(self.dates.end());
        let old = self.clone();
        Ok(Self {
            code: old.code,
            name: changes.name.unwrap_or(old.name),
            description: changes.description.unwrap_or(old.description),
            programme_period: changes.programme_period.unwrap_or(old.programme_period),
            priority_axis: changes.priority_axis.unwrap_or(old.priority_axis),
            specific_objective: changes.specific_objective.unwrap_or(old.specific_objective),
            administrator_id: old.administrator_id,
            funder_id: changes.funder_id.unwrap_or(old.funder_id),
            dates: ProjectDates::new(start, end)?,
            status: changes.status.unwrap_or(old.status),
            target_areas: changes.target_areas.unwrap_or(old.target_areas),
            target_groups: changes.target_groups.unwrap_or(old.target_groups),
            funding: changes.funding.unwrap_or(old.funding),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn suunta() -> NewProject {
        NewProject {
            code: ProjectCode::parse("SUUNTA").unwrap(),
            name: Name::parse("Suunta yhdessä").unwrap(),
            description: None,
            programme_period: ProgrammePeriod::Esf2014To2020,
            priority_axis: None,
            specific_objective: None,
            administrator_id: OrganisationId::new(),
            funder_id: None,
            dates: ProjectDates::new(Some(d("2019-09-01")), Some(d("2021-12-31"))).unwrap(),
            status: ProjectStatus::Approved,
            target_areas: TargetAreas::default(),
            target_groups: vec![],
            funding: None,
        }
    }

    #[test]
    fn end_may_equal_start_but_not_precede_it() {
        assert!(ProjectDates::new(Some(d("2020-01-01")), Some(d("2020-01-01"))).is_ok());
        assert!(ProjectDates::new(None, Some(d("2020-01-01"))).is_ok());
        assert_eq!(
            ProjectDates::new(Some(d("2020-01-02")), Some(d("2020-01-01"))),
            Err(ProjectDatesError {
                start: d("2020-01-02"),
                end: d("2020-01-01")
            })
        );
    }

    #[test]
    fn a_change_keeps_what_it_does_not_name() {
        let before = suunta();
        let after = before
            .apply(ProjectChanges {
                status: Some(ProjectStatus::Running),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(after.status, ProjectStatus::Running);
        assert_eq!(after.name, before.name);
        assert_eq!(after.dates, before.dates);
    }

    #[test]
    fn a_change_of_one_date_is_checked_against_the_other() {
        let changes = ProjectChanges {
            end_date: Some(Some(d("2019-01-01"))),
            ..Default::default()
        };
        assert!(suunta().apply(changes).is_err());
        let clear = ProjectChanges {
            end_date: Some(None),
            ..Default::default()
        };
        assert_eq!(suunta().apply(clear).unwrap().dates.end(), None);
    }

    #[test]
    fn an_empty_change_is_recognised() {
        assert!(ProjectChanges::default().is_empty());
        assert!(
            !ProjectChanges {
                name: Some(Name::parse("x").unwrap()),
                ..Default::default()
            }
            .is_empty()
        );
    }
}
