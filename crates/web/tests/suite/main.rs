//! Every test of this crate that needs no browser, in one binary: one link instead of one per
//! file keeps the build's time and disk small (each module is the file of the same name).

#[path = "../common/mod.rs"]
mod common;

mod access;
mod accounts_admin;
mod admission;
mod asvs;
mod audit_page;
mod badges;
mod branch_pages;
mod check_text;
mod commendation;
mod commendation_stats;
mod congress_pages;
mod corrections;
mod daily_use;
mod documents;
mod edit_forms;
mod forms;
mod import_page;
mod member_pages;
mod package_page;
mod portal;
mod roles_below;
mod security;
mod sessions;
mod tokens;
