//! Every test of this crate that needs no browser, in one binary: one link instead of one per
//! file keeps the build's time and disk small (each module is the file of the same name).

#[path = "../common/mod.rs"]
mod common;

mod accounts;
mod admission;
mod audit_kinds;
mod backup;
mod badges;
mod branch_life;
mod commendation;
mod commendation_stats;
mod congress;
mod documents;
mod members;
mod orgs;
mod portal;
mod register_pages;
mod web_support;
