//! Accounts' commands: `user` (sign-in accounts and grants) and `audit` (the audit log).

pub mod audit;
pub mod user;
