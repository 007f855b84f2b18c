//! Search parameters shared by the ServiceRequest and Task searches, and the Bundle's links.
//! Pages follow the `/v1` list's keyset order and horizon, so following `next` never skips a
//! referral committed out of order.

use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse};
use askel_domain::{CodeList, OrganisationId, Page, PageRequest, ReferralStatus};
use askel_openapi::ListQuery;
use askel_openapi::fhir::{BundleEntry, searchset};
use askel_openapi::paging::encode_cursor;
use askel_openapi::referrals::Referral;
use askel_persistence::ReferralFilter;
use chrono::{DateTime, DurationRound, NaiveDate, Utc};
use serde_json::Value;

use super::{FhirCaller, FhirError, bundle};
use crate::services::referrals as service;
use crate::state::AppState;
use crate::transaction;

/// A resource type that stands for referrals: how its search reads and how it renders.
#[derive(Debug)]
pub struct ReferralResource {
    /// `ServiceRequest` or `Task`.
    pub resource_type: &'static str,
    /// The parameter naming the organisation addressed (`performer`, `owner`).
    pub target_param: &'static str,
    /// Its status code for a referral status.
    pub status_of: fn(ReferralStatus) -> &'static str,
    /// The resource of a referral as a list shows it.
    pub render: fn(&Referral) -> Value,
}

/// The referrals the caller's organisation sent or received as a searchset Bundle of `kind`,
/// by its target parameter, `requester`, `status` and `_lastUpdated`; each listing is in the
/// access log, as a `/v1` list is. Entries carry what a `/v1` list item does (no identity code,
/// no contact details).
pub async fn search_referrals(
    state: Data<AppState>,
    caller: FhirCaller,
    req: HttpRequest,
    kind: &ReferralResource,
) -> Result<HttpResponse, FhirError> {
    let search = parse(req.query_string(), &[kind.target_param, "requester"])?;
    let filter = ReferralFilter {
        // The service puts the caller's organisation here.
        organisation: OrganisationId::from_uuid(uuid::Uuid::nil()),
        side: None,
        // A status token Askel never gives matches nothing.
        statuses: search.status.as_deref().map(|tokens| {
            ReferralStatus::all()
                .iter()
                .copied()
                .filter(|s| tokens.iter().any(|t| t == (kind.status_of)(*s)))
                .collect()
        }),
        sender: search.reference("requester"),
        target: search.reference(kind.target_param),
        service_kind: None,
        project: None,
    };
    let found = transaction::read_audited(&state, &caller.principal, async |work| {
        service::list(work, filter, &search.page).await
    })
    .await?;
    let (this, next) = search.links(&caller.base, kind.resource_type, req.query_string(), &found);
    let entries = found
        .items
        .into_iter()
        .map(|(r, side)| {
            let wire = Referral::new(r, side, Vec::new(), None, None);
            BundleEntry {
                full_url: format!("{}/{}/{}", caller.base, kind.resource_type, wire.id),
                resource: (kind.render)(&wire),
            }
        })
        .collect();
    Ok(bundle(&searchset(&this, next.as_deref(), entries)))
}

/// A search as asked.
#[derive(Debug)]
pub struct Search {
    /// The organisation each reference parameter names (`performer=Organization/{id}`).
    pub references: Vec<(String, OrganisationId)>,
    /// The status tokens, when given.
    pub status: Option<Vec<String>>,
    /// The page.
    pub page: PageRequest,
    /// The parameters to repeat in the next link (all but `_cursor`).
    repeat: Vec<(String, String)>,
}

impl Search {
    /// The organisation a reference parameter names.
    pub fn reference(&self, name: &str) -> Option<OrganisationId> {
        self.references
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, o)| *o)
    }

    /// The Bundle's `self` and `next` links for `page` of `resource_type` at `base`.
    pub fn links<T>(
        &self,
        base: &str,
        resource_type: &str,
        query: &str,
        page: &Page<T>,
    ) -> (String, Option<String>) {
        let at = format!("{base}/{resource_type}");
        let this = if query.is_empty() {
            at.clone()
        } else {
            format!("{at}?{query}")
        };
        let next = page.next.map(|cursor| {
            let mut params = self.repeat.clone();
            params.push(("_cursor".to_owned(), encode_cursor(cursor)));
            format!(
                "{at}?{}",
                serde_urlencoded::to_string(&params).unwrap_or_default()
            )
        });
        (this, next)
    }
}

/// `Organization/{id}`, a bare id, or an absolute URL ending in either.
fn organisation_reference(name: &str, value: &str) -> Result<OrganisationId, FhirError> {
    let mut parts = value.rsplit('/');
    let id = parts.next().unwrap_or("");
    let kind = parts.next();
    if kind.is_some_and(|k| k != "Organization") {
        return Err(FhirError::bad("must reference an Organization", name));
    }
    uuid::Uuid::parse_str(id)
        .map(OrganisationId::from_uuid)
        .map_err(|_| FhirError::bad("is not an Organization id Askel issued", name))
}

/// `_lastUpdated=gt…|ge…` with an instant or a date: the first moment included.
fn last_updated(value: &str) -> Result<DateTime<Utc>, FhirError> {
    const AT: &str = "_lastUpdated";
    // Split by prefix, never by byte index: the value may hold any character.
    let (strict, rest) = if let Some(rest) = value.strip_prefix("gt") {
        (true, rest)
    } else if let Some(rest) = value.strip_prefix("ge") {
        (false, rest)
    } else {
        return Err(FhirError::unsupported(
            "only the gt and ge prefixes are supported",
            AT,
        ));
    };
    if let Ok(at) = DateTime::parse_from_rfc3339(rest) {
        // Askel stamps to the microsecond: the first stamp after `at` (gt) or at or after it
        // (ge) — so nothing stored later is left out, and `at` itself only with ge.
        let at = at.with_timezone(&Utc);
        let micro = chrono::TimeDelta::microseconds(1);
        let down = at.duration_trunc(micro).unwrap_or(at);
        return Ok(if strict || down != at {
            down + micro
        } else {
            at
        });
    }
    if let Ok(day) = NaiveDate::parse_from_str(rest, "%Y-%m-%d") {
        let day = if strict {
            day.succ_opt().unwrap_or(day)
        } else {
            day
        };
        return Ok(day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc());
    }
    Err(FhirError::bad(
        "is not an instant (2026-01-31T12:00:00Z) or a date (2026-01-31)",
        AT,
    ))
}

/// Parses `query`, accepting the reference parameters named and `status`, `_lastUpdated`,
/// `_count`, `_cursor` and `_format`; any other parameter is refused (400), never ignored.
pub fn parse(query: &str, reference_params: &[&str]) -> Result<Search, FhirError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query)
        .map_err(|_| FhirError::bad("the query string is malformed", "query"))?;
    let mut seen = std::collections::HashSet::new();
    let mut references = Vec::new();
    let mut status = None;
    let mut list = ListQuery::default();
    let mut repeat = Vec::new();
    let known = |n: &str| {
        reference_params.contains(&n)
            || ["status", "_lastUpdated", "_count", "_cursor", "_format"].contains(&n)
    };
    for (name, value) in pairs {
        // An unknown parameter is never named back: its name is the caller's text.
        if !known(&name) {
            return Err(FhirError::Issues {
                status: actix_web::http::StatusCode::BAD_REQUEST,
                kind: askel_openapi::fhir::IssueType::NotSupported,
                issues: vec![(
                    format!(
                        "a search parameter is not supported; supported: {}status, _lastUpdated, _count",
                        reference_params
                            .iter()
                            .map(|p| format!("{p}, "))
                            .collect::<String>()
                    ),
                    None,
                )],
            });
        }
        if !seen.insert(name.clone()) {
            return Err(FhirError::unsupported("is given more than once", name));
        }
        if name != "_cursor" {
            repeat.push((name.clone(), value.clone()));
        }
        match name.as_str() {
            n if reference_params.contains(&n) => {
                references.push((name.clone(), organisation_reference(&name, &value)?));
            }
            "status" => {
                status = Some(
                    value
                        .split(',')
                        .map(|t| t.rsplit('|').next().unwrap_or("").to_owned())
                        .collect(),
                );
            }
            "_lastUpdated" => list.updated_since = Some(last_updated(&value)?),
            "_count" => {
                list.limit = Some(
                    value
                        .parse()
                        .map_err(|_| FhirError::bad("is not a number", "_count"))?,
                );
            }
            "_cursor" => list.cursor = Some(value),
            _ => {}
        }
    }
    let page = list.page_request().map_err(|invalid| FhirError::Issues {
        status: actix_web::http::StatusCode::BAD_REQUEST,
        kind: askel_openapi::fhir::IssueType::Invalid,
        issues: invalid
            .0
            .into_iter()
            .map(|f| {
                let at = match f.field.as_str() {
                    "limit" => "_count",
                    "cursor" => "_cursor",
                    "updated_since" => "_lastUpdated",
                    other => other,
                };
                (f.message, Some(at.to_owned()))
            })
            .collect(),
    })?;
    Ok(Search {
        references,
        status,
        page,
        repeat,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_take_three_forms_and_only_organizations() {
        let id = uuid::Uuid::now_v7();
        for form in [
            format!("Organization/{id}"),
            id.to_string(),
            format!("https://askel.example/fhir/Organization/{id}"),
        ] {
            let s = parse(&format!("performer={form}"), &["performer"]).unwrap();
            assert_eq!(s.reference("performer").unwrap().as_uuid(), id);
        }
        assert!(parse(&format!("performer=Patient/{id}"), &["performer"]).is_err());
        assert!(parse("performer=Organization/x", &["performer"]).is_err());
    }

    #[test]
    fn last_updated_gt_starts_after_the_instant_and_ge_at_it() {
        let at: DateTime<Utc> = "2026-03-01T10:00:00.123456Z".parse().unwrap();
        let micro = chrono::Duration::microseconds(1);
        let since = |q: &str| parse(q, &[]).unwrap().page.updated_since.unwrap();
        assert_eq!(
            since("_lastUpdated=gt2026-03-01T10:00:00.123456Z"),
            at + micro
        );
        assert_eq!(since("_lastUpdated=ge2026-03-01T10:00:00.123456Z"), at);
        // Finer than a stamp: the first stamp after it, either way.
        assert_eq!(
            since("_lastUpdated=gt2026-03-01T10:00:00.1234565Z"),
            at + micro
        );
        assert_eq!(
            since("_lastUpdated=ge2026-03-01T10:00:00.1234565Z"),
            at + micro
        );
        let day = parse("_lastUpdated=gt2026-03-01", &[]).unwrap();
        assert_eq!(
            day.page.updated_since,
            Some("2026-03-02T00:00:00Z".parse().unwrap())
        );
        assert!(parse("_lastUpdated=lt2026-03-01", &[]).is_err());
        for outside in [
            "ge-5000-01-01",
            "gt+10000-01-01",
            "ge1899-12-31",
            "ge2200-01-01T00:00:00Z",
        ] {
            assert!(
                parse(&format!("_lastUpdated={outside}"), &[]).is_err(),
                "{outside}"
            );
        }
        assert!(parse("_lastUpdated=2026-03-01", &[]).is_err());
    }

    /// Every parameter, with every kind of text (multi-byte characters where a byte index
    /// would fall inside one): an answer, never a panic, and never the text sent.
    #[test]
    fn no_input_panics_or_is_named_back() {
        let texts = [
            "ä",
            "gä",
            "gtä",
            "g\u{e4}060696-678B",
            "€€€",
            "ge\u{1F600}",
            "",
            "gt",
            "ge-",
            "\u{0}",
            "250583-111K",
            "gt250583-111K",
            "ge2026-02-30",
            "gt2026-01-01T25:00:00Z",
        ];
        let names = [
            "performer",
            "requester",
            "status",
            "_lastUpdated",
            "_count",
            "_cursor",
            "_format",
            "ä",
            "250583-111K",
            "_lastUpdatedä",
        ];
        for name in names {
            for text in texts {
                let query = serde_urlencoded::to_string([(name, text)]).unwrap();
                if let Err(FhirError::Issues { issues, .. }) = parse(&query, &["performer"]) {
                    for (message, at) in issues {
                        let said = format!("{message} {}", at.unwrap_or_default());
                        assert!(!said.contains("250583"), "{query}: {said}");
                        assert!(
                            !said.contains('ä') && !said.contains('€'),
                            "{query}: {said}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn unknown_repeated_and_malformed_parameters_are_refused() {
        assert!(parse("subject=Patient/1", &["performer"]).is_err());
        assert!(parse("status=active&status=draft", &[]).is_err());
        assert!(parse("_count=0", &[]).is_err());
        assert!(parse("_count=x", &[]).is_err());
        assert!(parse("_cursor=forged", &[]).is_err());
        let ok = parse(
            "status=http://hl7.org/fhir/request-status|active,draft&_count=5&_format=json",
            &[],
        )
        .unwrap();
        assert_eq!(ok.status.unwrap(), ["active", "draft"]);
        assert_eq!(ok.page.limit.get(), 5);
    }
}
