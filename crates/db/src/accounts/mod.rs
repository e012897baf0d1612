//! Accounts' storage: users, grants, passwords, sign-in and sessions (`users`), API tokens
//! (`tokens`), managing existing accounts (`manage`), members' accounts and accounts made in bulk
//! (`members`) and the audit log every write goes
//! through (`audit`).

pub(crate) mod audit;
pub(crate) mod manage;
pub(crate) mod members;
pub(crate) mod membership;
pub(crate) mod second_factor;
pub(crate) mod tokens;
pub(crate) mod users;
