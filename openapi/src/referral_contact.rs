//! The contact details a referral may carry for its target.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::Check;

/// How the target can reach the person about this referral: shared with the person's consent,
/// kept encrypted, readable by the sender and the target only (every read recorded in the
/// person's access log), removed by anonymisation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactDetails {
    /// The person's name as they wish to be addressed.
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// Phone number, e.g. `+358 40 123 4567`.
    #[schema(max_length = 40)]
    pub phone: Option<String>,
    /// E-mail address.
    #[schema(max_length = 254)]
    pub email: Option<String>,
    /// Preferred language as an ISO 639-1 code, e.g. `fi`, `sv`, `en`, `ar`.
    #[schema(max_length = 3)]
    pub preferred_language: Option<String>,
    /// A good time to call, in words, e.g. "arkisin klo 9–12".
    #[schema(max_length = 200)]
    pub good_time_to_call: Option<String>,
}

impl From<ContactDetails> for askel_domain::ContactDetails {
    fn from(c: ContactDetails) -> Self {
        Self {
            name: c.name,
            phone: c.phone,
            email: c.email,
            preferred_language: c.preferred_language,
            good_time_to_call: c.good_time_to_call,
        }
    }
}

impl ContactDetails {
    /// The faults of these details, by field under `contact`.
    pub fn check(&self, c: &mut Check) {
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            c.fail("contact.name", "is 1 to 200 characters");
        }
        if self.phone.is_none() && self.email.is_none() {
            c.fail("contact", "needs a phone number or an e-mail address");
        }
        if let Some(p) = &self.phone {
            let digits = p.chars().filter(char::is_ascii_digit).count();
            if p.chars().count() > 40
                || !(5..=15).contains(&digits)
                || !p
                    .chars()
                    .all(|ch| ch.is_ascii_digit() || " +-()".contains(ch))
            {
                c.fail(
                    "contact.phone",
                    "is a phone number: 5 to 15 digits, with + ( ) - and spaces",
                );
            }
        }
        if let Some(e) = &self.email {
            let parts: Vec<&str> = e.split('@').collect();
            if e.chars().count() > 254
                || parts.len() != 2
                || parts[0].is_empty()
                || !parts[1].contains('.')
                || e.chars().any(char::is_whitespace)
            {
                c.fail("contact.email", "is an e-mail address");
            }
        }
        if self.preferred_language.as_ref().is_some_and(|l| {
            !(2..=3).contains(&l.len()) || !l.chars().all(|ch| ch.is_ascii_lowercase())
        }) {
            c.fail(
                "contact.preferred_language",
                "is an ISO 639-1 code such as fi, sv or en",
            );
        }
        if self
            .good_time_to_call
            .as_ref()
            .is_some_and(|t| t.chars().count() > 200)
        {
            c.fail("contact.good_time_to_call", "is at most 200 characters");
        }
    }
}
