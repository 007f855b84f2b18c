//! Typed identifiers: a project id cannot be passed where an organisation id is expected.

use std::fmt;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(Uuid);

        impl $name {
            /// A new time-ordered (v7) id.
            pub fn new() -> Self { Self(Uuid::now_v7()) }
            /// The id behind a UUID read from storage or the wire.
            pub const fn from_uuid(uuid: Uuid) -> Self { Self(uuid) }
            /// The UUID.
            pub const fn as_uuid(self) -> Uuid { self.0 }
        }

        impl Default for $name {
            fn default() -> Self { Self::new() }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { self.0.fmt(f) }
        }

        impl From<Uuid> for $name {
            fn from(uuid: Uuid) -> Self { Self(uuid) }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Uuid { id.0 }
        }
    };
}

id_type!(
    /// An organisation's id.
    OrganisationId
);
id_type!(
    /// A project's id.
    ProjectId
);
id_type!(
    /// A staff member's id.
    StaffId
);
id_type!(
    /// A statement's id.
    StatementId
);
id_type!(
    /// A registered API client's id.
    ApiClientId
);
id_type!(
    /// A participant's id.
    ParticipantId
);
id_type!(
    /// An audit record's id.
    AuditId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_ids_are_version_7_and_ordered_by_creation() {
        let a = ProjectId::new();
        let b = ProjectId::new();
        assert_eq!(a.as_uuid().get_version_num(), 7);
        assert!(a < b);
    }
}
