//! Accounts (DOMAIN.md §10): who may read and change which subtree (roles and grants), and
//! what the audit log records of each change.

pub mod access;
pub mod audit;
