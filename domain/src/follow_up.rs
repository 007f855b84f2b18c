//! Six months after leaving: what a project learns of a leaver's situation then, for the
//! longer-term result indicators (ESF+ EECR05–EECR06, ESF 2014–2020 CR06–CR09).

use chrono::{Months, NaiveDate};

code_list! {
    /// The situation six months after leaving.
    pub enum FollowUpSituation ("follow_up_situations", "Situation six months after leaving") {
        Employed = "employed", "työllinen (myös oppisopimus ja palkkatuki)", "sysselsatt (även läroavtal och lönesubvention)", "employed, including apprenticeship and pay-subsidised work";
        SelfEmployed = "self_employed", "yrittäjä", "företagare", "self-employed";
        UnemployedJobSeeker = "unemployed_job_seeker", "työtön työnhakija", "arbetslös arbetssökande", "unemployed job seeker";
        InEducation = "in_education", "opiskelija", "studerande", "in education or training";
        Inactive = "inactive", "työvoiman ulkopuolella", "utanför arbetskraften", "inactive";
        NotKnown = "not_known", "ei tiedossa", "okänt", "not known";
    }
}

code_list! {
    /// Where the follow-up's facts come from.
    pub enum FollowUpSource ("follow_up_sources", "Sources of a follow-up") {
        Contact = "contact", "yhteydenotto osallistujaan", "kontakt med deltagaren", "contact with the participant";
        Register = "register", "rekisteritieto", "registeruppgift", "register data";
    }
}

/// A leaver's situation six months after their (final) exit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FollowUp {
    /// The situation.
    pub situation: FollowUpSituation,
    /// For those employed at entry: a better labour-market situation than at entry (from
    /// precarious to stable work, from under-employment to full employment, or a job that asks
    /// for higher skills or more responsibility).
    pub improved_situation: bool,
    /// Where the facts come from.
    pub source: FollowUpSource,
    /// The date the situation refers to.
    pub date: NaiveDate,
}

/// How far from its due date a follow-up may refer to: four weeks either side. The longer-term
/// result indicators (Regulation 2021/1057 Annex I, EECR05–EECR06; Regulation 1304/2013
/// Annex I, CR06–CR09) count the situation six months after leaving; the Commission's guidance
/// (the SFC2014 and SFC2021 FAQs on the longer-term results) takes four weeks around that date
/// as six months, and nothing later.
pub const EARLIEST_DAYS_BEFORE_DUE: i64 = 28;

/// How long after its due date a follow-up may refer to (see [`EARLIEST_DAYS_BEFORE_DUE`]).
pub const LATEST_DAYS_AFTER_DUE: i64 = 28;

/// Why a follow-up cannot be taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FollowUpError {
    /// The date is well before six months after leaving.
    #[error(
        "the follow-up's date is on or after {earliest} (six months after leaving, less four weeks)"
    )]
    TooEarly {
        /// The earliest date accepted.
        earliest: NaiveDate,
    },
    /// The date is well after six months after leaving: it would count a later situation.
    #[error(
        "the follow-up's date is on or before {latest} (six months after leaving, plus four weeks)"
    )]
    TooLate {
        /// The latest date accepted.
        latest: NaiveDate,
    },
    /// The date is in the future.
    #[error("the follow-up's date is not in the future")]
    InTheFuture,
}

/// When the follow-up of an exit on `exit_date` falls due: six calendar months later (the last
/// day of the month where the month is shorter).
pub fn due_on(exit_date: NaiveDate) -> NaiveDate {
    exit_date
        .checked_add_months(Months::new(6))
        .unwrap_or(NaiveDate::MAX)
}

impl FollowUp {
    /// Whether the follow-up may be recorded for an exit on `exit_date`, on `today`.
    pub fn check(&self, exit_date: NaiveDate, today: NaiveDate) -> Result<(), FollowUpError> {
        let earliest = due_on(exit_date) - chrono::Duration::days(EARLIEST_DAYS_BEFORE_DUE);
        if self.date < earliest {
            return Err(FollowUpError::TooEarly { earliest });
        }
        let latest = due_on(exit_date) + chrono::Duration::days(LATEST_DAYS_AFTER_DUE);
        if self.date > latest {
            return Err(FollowUpError::TooLate { latest });
        }
        if self.date > today {
            return Err(FollowUpError::InTheFuture);
        }
        Ok(())
    }

    /// In employment, including self-employment.
    pub fn employed(&self) -> bool {
        matches!(
            self.situation,
            FollowUpSituation::Employed | FollowUpSituation::SelfEmployed
        )
    }
}

/// Whether a follow-up of an exit on `exit_date` falls due between `today` and `days` later.
pub fn due_within(exit_date: NaiveDate, today: NaiveDate, days: i64) -> bool {
    let due = due_on(exit_date);
    due >= today && due <= today + chrono::Duration::days(days)
}

/// The range of exit dates, inclusive, whose follow-ups fall due between `today` and `days`
/// later: exactly the exits for which [`due_within`] holds.
pub fn exits_due_within(today: NaiveDate, days: i64) -> (NaiveDate, NaiveDate) {
    let six = Months::new(6);
    let end = today + chrono::Duration::days(days);
    let mut from = today.checked_sub_months(six).unwrap_or(NaiveDate::MIN);
    let mut to = end.checked_sub_months(six).unwrap_or(NaiveDate::MIN);
    // Six months after the 29th–31st of a month may be the last day of a shorter month, so the
    // subtraction lands up to three days off: step to the exact ends.
    let day = chrono::Duration::days(1);
    while due_on(from) < today {
        from += day;
    }
    while due_on(from - day) >= today {
        from -= day;
    }
    while due_on(to) > end {
        to -= day;
    }
    while due_on(to + day) <= end {
        to += day;
    }
    (from, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn follow_up(date: NaiveDate) -> FollowUp {
        FollowUp {
            situation: FollowUpSituation::Employed,
            improved_situation: false,
            source: FollowUpSource::Register,
            date,
        }
    }

    #[test]
    fn a_follow_up_falls_due_six_calendar_months_after_leaving() {
        assert_eq!(due_on(d(2025, 6, 1)), d(2025, 12, 1));
        assert_eq!(
            due_on(d(2025, 8, 31)),
            d(2026, 2, 28),
            "the month's last day"
        );
        assert_eq!(due_on(d(2025, 12, 15)), d(2026, 6, 15));
    }

    #[test]
    fn due_within_counts_from_today_to_the_window_end_inclusive() {
        let today = d(2025, 11, 5);
        assert!(due_within(d(2025, 6, 1), today, 30), "due 1 December");
        assert!(due_within(d(2025, 5, 5), today, 30), "due today");
        assert!(
            !due_within(d(2025, 5, 4), today, 30),
            "overdue is not upcoming"
        );
        assert!(
            due_within(d(2025, 6, 5), today, 30),
            "the window's last day"
        );
        assert!(!due_within(d(2025, 6, 6), today, 30));
    }

    #[test]
    fn a_follow_up_refers_to_about_six_months_after_leaving_and_not_the_future() {
        let exit = d(2025, 6, 1);
        let today = d(2026, 1, 10);
        assert_eq!(follow_up(d(2025, 12, 1)).check(exit, today), Ok(()));
        assert_eq!(follow_up(d(2025, 11, 3)).check(exit, today), Ok(()));
        assert_eq!(
            follow_up(d(2025, 11, 2)).check(exit, today),
            Err(FollowUpError::TooEarly {
                earliest: d(2025, 11, 3)
            })
        );
        assert_eq!(follow_up(d(2025, 12, 29)).check(exit, today), Ok(()));
        assert_eq!(
            follow_up(d(2025, 12, 30)).check(exit, today),
            Err(FollowUpError::TooLate {
                latest: d(2025, 12, 29)
            }),
            "four weeks after the due date at most"
        );
        // The second review: a follow-up 18 months late counted as six-month employment.
        assert!(matches!(
            follow_up(d(2026, 12, 1)).check(exit, d(2027, 1, 1)),
            Err(FollowUpError::TooLate { .. })
        ));
        let later = d(2026, 3, 1);
        assert_eq!(
            follow_up(d(2025, 12, 10)).check(exit, later),
            Ok(()),
            "recorded late, about the right time"
        );
        assert_eq!(
            follow_up(d(2025, 12, 11)).check(exit, d(2025, 12, 10)),
            Err(FollowUpError::InTheFuture)
        );
    }

    #[test]
    fn the_exit_range_is_exactly_the_exits_falling_due_in_the_window() {
        let mut today = d(2024, 1, 1);
        while today < d(2026, 1, 1) {
            for days in [0, 1, 30] {
                let (from, to) = exits_due_within(today, days);
                let mut exit = today - chrono::Duration::days(220);
                while exit < today {
                    assert_eq!(
                        (from..=to).contains(&exit),
                        due_within(exit, today, days),
                        "today {today}, {days} days, exit {exit}"
                    );
                    exit = exit.succ_opt().unwrap();
                }
            }
            today = today.succ_opt().unwrap();
        }
    }

    #[test]
    fn employment_includes_self_employment_only() {
        for (s, employed) in [
            (FollowUpSituation::Employed, true),
            (FollowUpSituation::SelfEmployed, true),
            (FollowUpSituation::UnemployedJobSeeker, false),
            (FollowUpSituation::InEducation, false),
            (FollowUpSituation::Inactive, false),
            (FollowUpSituation::NotKnown, false),
        ] {
            let f = FollowUp {
                situation: s,
                ..follow_up(d(2025, 1, 1))
            };
            assert_eq!(f.employed(), employed, "{s}");
        }
    }
}
