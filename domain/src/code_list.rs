//! Code lists: closed vocabularies with a stable code and labels in Finnish, Swedish and English.
//!
//! Every enum that partners send or receive as a code is declared with [`code_list!`], which
//! gives it its codes, its labels, `ALL` in a fixed order and a parser that names the unknown
//! code. `GET /v1/code-lists/{name}` publishes them as they are declared here.

use std::fmt;

/// A label in the three languages Askel publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label {
    /// Finnish.
    pub fi: &'static str,
    /// Swedish.
    pub sv: &'static str,
    /// English.
    pub en: &'static str,
}

/// A code that is not in its code list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a code of the {list} code list")]
pub struct UnknownCode {
    /// The code list's name.
    pub list: &'static str,
    /// The code that was given (never in the message: it may be anything a caller sent).
    pub code: String,
}

/// What every code-list enum offers.
pub trait CodeList: Sized + Copy + 'static {
    /// The list's name in `/v1/code-lists/{name}`.
    const NAME: &'static str;
    /// What the list is, in English.
    const DESCRIPTION: &'static str;
    /// Every value in the published order.
    fn all() -> &'static [Self];
    /// The stable code.
    fn code(self) -> &'static str;
    /// The labels.
    fn label(self) -> Label;
}

/// Declares a code-list enum: variants with their code and labels.
#[macro_export]
macro_rules! code_list {
    (
        $(#[$meta:meta])*
        pub enum $name:ident ($list:literal, $description:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal, $fi:literal, $sv:literal, $en:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $( $(#[$vmeta])* $variant ),+ }

        impl $crate::code_list::CodeList for $name {
            const NAME: &'static str = $list;
            const DESCRIPTION: &'static str = $description;
            fn all() -> &'static [Self] { &[ $(Self::$variant),+ ] }
            fn code(self) -> &'static str { match self { $(Self::$variant => $code),+ } }
            fn label(self) -> $crate::code_list::Label {
                match self { $(Self::$variant => $crate::code_list::Label { fi: $fi, sv: $sv, en: $en }),+ }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::code_list::UnknownCode;
            fn from_str(code: &str) -> Result<Self, Self::Err> {
                match code {
                    $($code => Ok(Self::$variant),)+
                    other => Err($crate::code_list::UnknownCode { list: $list, code: other.to_owned() }),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str($crate::code_list::CodeList::code(*self))
            }
        }
    };
}

/// One published list: its name, description and entries, independent of the enum behind it.
#[derive(Debug, Clone)]
pub struct PublishedList {
    /// The list's name.
    pub name: &'static str,
    /// What the list is.
    pub description: &'static str,
    /// `(code, label)` in the published order.
    pub entries: Vec<(&'static str, Label)>,
}

impl PublishedList {
    fn of<T: CodeList>() -> Self {
        Self {
            name: T::NAME,
            description: T::DESCRIPTION,
            entries: T::all().iter().map(|v| (v.code(), v.label())).collect(),
        }
    }
}

impl fmt::Display for PublishedList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

/// Every code list Askel publishes, in name order.
pub fn published() -> Vec<PublishedList> {
    use crate::*;
    let mut lists = vec![
        PublishedList::of::<ActivityKind>(),
        PublishedList::of::<ActorRole>(),
        PublishedList::of::<AssessmentPhase>(),
        PublishedList::of::<AttendanceStatus>(),
        PublishedList::of::<GoalStatus>(),
        PublishedList::of::<AuditAction>(),
        PublishedList::of::<AuditOutcome>(),
        PublishedList::of::<ConsentKind>(),
        PublishedList::of::<DeclineReason>(),
        PublishedList::of::<EventType>(),
        PublishedList::of::<ReferralStatus>(),
        PublishedList::of::<ServiceKind>(),
        PublishedList::of::<Education>(),
        PublishedList::of::<EuraExitOption>(),
        PublishedList::of::<EuraState>(),
        PublishedList::of::<ExitSituation>(),
        PublishedList::of::<FollowUpSituation>(),
        PublishedList::of::<FollowUpSource>(),
        PublishedList::of::<Gender>(),
        PublishedList::of::<LabourMarketStatus>(),
        PublishedList::of::<SensitiveAnswer>(),
        PublishedList::of::<OrganisationKind>(),
        PublishedList::of::<ProgrammePeriod>(),
        PublishedList::of::<ProjectStatus>(),
        PublishedList::of::<Publicity>(),
        PublishedList::of::<Role>(),
        PublishedList::of::<StaffRole>(),
        PublishedList::of::<Step>(),
        PublishedList::of::<Urbanisation>(),
        PublishedList::of::<WebhookStatus>(),
        PublishedList::of::<WebhookPayload>(),
    ];
    lists.sort_by_key(|l| l.name);
    lists
}

/// The published list with this name, if there is one.
pub fn find(name: &str) -> Option<PublishedList> {
    published().into_iter().find(|l| l.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_has_unique_codes_and_all_three_labels() {
        for list in published() {
            let mut codes: Vec<_> = list.entries.iter().map(|(c, _)| *c).collect();
            codes.sort_unstable();
            codes.dedup();
            assert_eq!(codes.len(), list.entries.len(), "duplicate code in {list}");
            for (code, label) in &list.entries {
                assert!(
                    !label.fi.is_empty() && !label.sv.is_empty() && !label.en.is_empty(),
                    "{list}/{code}"
                );
                assert!(
                    code.chars().all(|c| c.is_ascii_lowercase()
                        || c.is_ascii_digit()
                        || c == '_'
                        || c == '.'),
                    "{code}"
                );
            }
        }
    }

    #[test]
    fn list_names_are_unique_and_findable() {
        let lists = published();
        for l in &lists {
            assert_eq!(find(l.name).map(|f| f.name), Some(l.name));
        }
        assert!(find("no_such_list").is_none());
    }

    #[test]
    fn unknown_code_names_list_and_code() {
        let err = "kunta".parse::<crate::ActorRole>().unwrap_err();
        assert_eq!(err.to_string(), "not a code of the actor_roles code list");
        assert_eq!(err.code, "kunta");
    }
}
