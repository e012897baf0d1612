//! Accounts' storage: users, grants, passwords, sign-in and sessions (`users`), API tokens
//! (`tokens`) and the audit log every write goes through (`audit`).

pub(crate) mod audit;
pub(crate) mod tokens;
pub(crate) mod users;
