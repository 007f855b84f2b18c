//! Transactions for work outside a request — the webhook dispatcher, retention, the CLI, the
//! token check's client standing — run by the same rule: committed when the work succeeds, rolled
//! back when it fails. Apart from the request runners so that the dispatcher, which the state
//! holds, does not depend on the state.
#![allow(clippy::disallowed_methods)]

use askel_persistence::{Database, StoreError, Tx};

/// Runs `f` in a read transaction on `db`: for reads that hold no personal data (or audit it
/// themselves) and for work outside a request (the dispatcher, retention, the CLI).
pub async fn read_in<T, E: From<StoreError>>(
    db: &Database,
    f: impl AsyncFnOnce(&Tx) -> Result<T, E>,
) -> Result<T, E> {
    let tx = db.read().await?;
    let value = f(&tx).await?;
    tx.commit().await?;
    Ok(value)
}

/// Runs `f` in a write transaction on `db`, committed when it succeeds: for work outside a
/// request, where no refusal is audited.
pub async fn write_in<T, E: From<StoreError>>(
    db: &Database,
    f: impl AsyncFnOnce(&Tx) -> Result<T, E>,
) -> Result<T, E> {
    let tx = db.write().await?;
    let value = f(&tx).await?;
    tx.commit().await?;
    Ok(value)
}
