//! Reading one participant: the hottest read, so one statement outside any transaction (the
//! row, its participation minutes and the caller's roles in its project), the access check,
//! and the audit records committed in a group with other reads' before the answer.

use askel_domain::{Action, AuditAction, ParticipantId};
use askel_persistence::{StoredParticipant, WithAdministrator};

use super::participant_access::{permit, relation_of};
use crate::audit;
use crate::auth::Principal;
use crate::error::{ApiError, OrNotFound};
use crate::state::AppState;
use crate::transaction::settle;

/// One participant, with the identity code when asked for (and permitted). Answers only once
/// the read's audit records are durable; a refusal is recorded on its own.
pub async fn get(
    state: &AppState,
    principal: &Principal,
    id: ParticipantId,
    include_identity: bool,
) -> Result<ReadParticipant, ApiError> {
    match read(state, principal, id, include_identity).await {
        Ok(Audited { value, records }) => {
            state.audit.record(records).await?;
            Ok(value)
        }
        Err(e) => Err(settle(state, e).await),
    }
}

/// A participant as read, with the identity code when it was asked for.
#[derive(Debug, Clone)]
pub struct ReadParticipant {
    /// The participant.
    pub stored: StoredParticipant,
    /// The identity code, opened.
    pub identity_code: Option<String>,
}

/// A read and the audit records to commit before it is answered.
struct Audited {
    value: ReadParticipant,
    records: Vec<askel_domain::AuditEntry>,
}

async fn read(
    state: &AppState,
    principal: &Principal,
    id: ParticipantId,
    include_identity: bool,
) -> Result<Audited, ApiError> {
    let found = state
        .db
        .participant_for(id, principal.organisation, WithAdministrator::No)
        .await
        .or_not_found("participant")?;
    let relation = relation_of(principal, &found);
    let (action, audit_action) = if include_identity {
        (Action::ReadIdentityCode, AuditAction::ReadIdentity)
    } else {
        (Action::ReadParticipant, AuditAction::Read)
    };
    permit(principal, relation, id, action, audit_action)?;
    let mut records = vec![audit::allowed(
        principal,
        AuditAction::Read,
        "participant",
        id.as_uuid(),
        id,
    )];
    let identity = if include_identity {
        records.push(audit::allowed(
            principal,
            AuditAction::ReadIdentity,
            "identity_code",
            id.as_uuid(),
            id,
        ));
        match (&found.identity_cipher, &state.data_key) {
            (Some(cipher), Some(key)) => Some(key.open(cipher).map_err(ApiError::internal)?),
            (Some(_), None) => {
                return Err(ApiError::internal(
                    "an identity code is stored but no data key is configured",
                ));
            }
            (None, _) => None,
        }
    } else {
        None
    };
    Ok(Audited {
        value: ReadParticipant {
            stored: found.stored,
            identity_code: identity,
        },
        records,
    })
}
