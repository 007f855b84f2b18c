//! The repositories a transaction hands out, one per aggregate: `tx.participants()`,
//! `tx.path()`, `tx.referrals()` … Each is a view of the same unit of work (it derefs to the
//! [`Tx`], so its statements, audit records and events share one commit); its methods live in
//! the files named beside it. The transaction itself keeps only what every repository shares:
//! commit, savepoints, the audit trail.

use crate::Tx;

macro_rules! repositories {
    ($( $(#[$doc:meta])* $name:ident => $accessor:ident; )*) => {
        $(
            $(#[$doc])*
            #[derive(Debug, Clone, Copy)]
            pub struct $name<'a>(&'a Tx);

            impl std::ops::Deref for $name<'_> {
                type Target = Tx;

                fn deref(&self) -> &Tx {
                    self.0
                }
            }
        )*

        impl Tx {
            $(
                $(#[$doc])*
                pub fn $accessor(&self) -> $name<'_> {
                    $name(self)
                }
            )*
        }
    };
}

repositories! {
    /// Participants: registration, identity, owner, lists, the bulk import's batches and
    /// anonymisation (`participants.rs`, `participant_read.rs`, `bulk.rs`, `anonymise.rs`).
    Participants => participants;
    /// A participant's path: steps, episodes, exits and follow-ups (`path.rs`, `follow_ups.rs`).
    Path => path;
    /// Activities and attendance (`activities.rs`).
    Activities => activities;
    /// Goals in a participant's plan (`goals.rs`).
    Goals => goals;
    /// Assessment instruments and assessments (`instruments.rs`).
    Assessments => assessments;
    /// Statements and their confidentiality (`statements.rs`).
    Statements => statements;
    /// Referrals and their transitions (`referrals.rs`).
    Referrals => referrals;
    /// Webhook subscriptions and deliveries (`webhooks.rs`).
    Webhooks => webhooks;
    /// The change feed's events (`events.rs`).
    Events => events;
    /// Projects, their actors and retention (`projects.rs`, `actors.rs`).
    Projects => projects;
    /// Organisations and their staff (`organisations.rs`, `staff.rs`).
    Organisations => organisations;
    /// API clients and their standing (`api_clients.rs`).
    Clients => clients;
    /// Report figures and the aggregates behind them (`figures.rs`, `figures_windows.rs`,
    /// `figures_scope.rs`, `aggregates.rs`).
    Figures => figures;
    /// Stored answers of idempotent creates (`idempotency.rs`).
    Idempotency => idempotency;
}
