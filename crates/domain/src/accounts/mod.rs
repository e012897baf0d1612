//! Accounts (DOMAIN.md §10): who may read and change which subtree (roles and grants), and
//! what the audit log records of each change, and how sign-in attempts are throttled.

pub mod access;
pub mod audit;
pub mod throttle;
pub mod totp;
