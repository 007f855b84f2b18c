//! Reading one participant: the hottest read, so one statement outside any transaction (the
//! row, its participation minutes and the caller's roles in its project), the access check,
//! and the audit records committed in a group with other reads' before the answer.

use askel_domain::{Action, AuditAction, ParticipantId};
use askel_persistence::{StoreError, StoredParticipant};

use super::participant_access::{permit, relation_of};
use crate::audit;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::state::AppState;
use crate::transaction::settle;

/// One participant, with the identity code when asked for (and permitted). Answers only once
/// the read's audit records are durable; a refusal is recorded on its own.
pub async fn get(
    state: &AppState,
    principal: &Principal,
    id: ParticipantId,
    include_identity: bool,
) -> Result<(StoredParticipant, Option<String>), ApiError> {
    match read(state, principal, id, include_identity).await {
        Ok((value, records)) => {
            state.audit.record(records).await?;
            Ok(value)
        }
        Err(e) => Err(settle(state, e).await),
    }
}

type Read = (
    (StoredParticipant, Option<String>),
    Vec<askel_domain::AuditEntry>,
);

async fn read(
    state: &AppState,
    principal: &Principal,
    id: ParticipantId,
    include_identity: bool,
) -> Result<Read, ApiError> {
    let found = match state.db.participant_for(id, principal.organisation).await {
        Ok(found) => found,
        Err(StoreError::NotFound) => return Err(ApiError::NotFound("participant")),
        Err(e) => return Err(e.into()),
    };
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
    Ok(((found.stored, identity), records))
}
