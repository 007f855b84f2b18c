//! Registered API clients: partner systems that obtain tokens with client credentials.

use chrono::{DateTime, Utc};

use crate::text::Name;
use crate::{ApiClientId, OrganisationId, Role};

/// A registered API client. Its secret is kept only as a one-way hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiClient {
    /// Its id, which is also the `client_id`.
    pub id: ApiClientId,
    /// A name to recognise it by.
    pub name: Name,
    /// The organisation it acts for; none for the platform operator.
    pub organisation_id: Option<OrganisationId>,
    /// The roles its tokens carry.
    pub roles: Vec<Role>,
    /// The secret's argon2id hash in PHC form.
    pub secret_hash: String,
    /// When it was registered.
    pub created_at: DateTime<Utc>,
}
