//! A project's funding on the wire: integer euro cents; the parts must add up.

use askel_domain as d;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::Check;

/// A co-funder's contribution.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CoFunder {
    /// The contributing organisation.
    pub organisation_id: Uuid,
    /// Its contribution in euro cents.
    #[schema(minimum = 0)]
    pub amount_cents: i64,
}

/// Funding in euro cents. The ESF amount is the ESF share of the total (rounded to the cent
/// either way), and the ESF amount, own share and co-funders add up to the total.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "total_eligible_cost_cents": 29948250,
    "esf_share_percent": 80,
    "esf_amount_cents": 23958600,
    "own_share_cents": 5989650,
    "co_funders": []
}))]
pub struct FundingInput {
    /// Total eligible cost.
    #[schema(minimum = 0)]
    pub total_eligible_cost_cents: i64,
    /// ESF (ESF+) share in percent, at most two decimals, e.g. `80` or `79.75`.
    #[schema(minimum = 0, maximum = 100)]
    pub esf_share_percent: f64,
    /// ESF (ESF+) share as an amount.
    #[schema(minimum = 0)]
    pub esf_amount_cents: i64,
    /// The administrator's own share.
    #[schema(minimum = 0)]
    pub own_share_cents: i64,
    /// Other organisations' contributions.
    #[serde(default)]
    #[validate(length(max = 50))]
    pub co_funders: Vec<CoFunder>,
}

/// Funding as stored.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct Funding {
    /// ISO 4217 currency of every amount; always `EUR`.
    pub currency: String,
    /// Total eligible cost.
    pub total_eligible_cost_cents: i64,
    /// ESF share in percent.
    pub esf_share_percent: f64,
    /// ESF share as an amount.
    pub esf_amount_cents: i64,
    /// Own share.
    pub own_share_cents: i64,
    /// Co-funders.
    pub co_funders: Vec<CoFunder>,
}

/// Parses funding, naming the failing part.
pub(crate) fn funding(c: &mut Check, f: &FundingInput) -> Option<d::Funding> {
    let total = c.field(
        "funding.total_eligible_cost_cents",
        d::Cents::new(f.total_eligible_cost_cents),
    );
    let rate = c.field(
        "funding.esf_share_percent",
        d::Rate::from_percent(f.esf_share_percent),
    );
    let esf = c.field(
        "funding.esf_amount_cents",
        d::Cents::new(f.esf_amount_cents),
    );
    let own = c.field("funding.own_share_cents", d::Cents::new(f.own_share_cents));
    let co = c.each("funding.co_funders", &f.co_funders, |cf| {
        d::Cents::new(cf.amount_cents).map(|amount| d::CoFunder {
            organisation_id: cf.organisation_id.into(),
            amount,
        })
    });
    let funding = d::Funding::new(total?, rate?, esf?, own?, co?);
    let field = match &funding {
        Err(d::FundingError::EsfAmount { .. }) => "funding.esf_amount_cents",
        Err(d::FundingError::DuplicateCoFunder) => "funding.co_funders",
        _ => "funding",
    };
    c.field(field, funding)
}
