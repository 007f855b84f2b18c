//! Black-box tests of the running server, on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod access;
mod access_matrix;
mod auth;
mod bad_input;
mod bad_input_corpus;
mod batch;
mod concurrency;
mod contract;
mod data_subject;
mod demo;
mod feed;
mod health;
mod limits;
mod organisations;
mod paging_visibility;
mod participant_lists;
mod participant_updates;
mod participants;
mod parties;
mod plan;
mod projects;
mod referrals;
mod reports;
mod reports_dataset;
mod reports_kept_figures;
