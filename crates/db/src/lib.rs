//! dangvu's storage: connection setup per backend (SQLite by default, PostgreSQL by URL),
//! repositories that return domain types, the audit writer and backups.

mod accounts;
mod admission;
mod audit;
mod backup;
pub mod branch_life;
mod bulk;
mod bulk_life;
mod cache;
mod commits;
mod congress;
mod congress_web;
mod connect;
mod error;
mod members;
mod orgs;
mod settings;
mod sql;
mod stats;
mod web_support;

pub use accounts::{
    GENERATED_PASSWORD_CHARS, GrantRow, SessionRecord, UserListing, UserRow, generate_password,
    hash_password, verify_password,
};
pub use admission::{AdmissionCaseRow, AdmissionStepRow, Applicant, NewAdmission, StepInput};
pub use audit::{Actor, AuditEntry, AuditFilter};
pub use bulk::{BulkOrg, BulkPerson, BulkPosting, LoadReport};
pub use bulk_life::{BulkLife, BulkMeeting};
pub use cache::OUTSIDE_CHECK as OUTSIDE_CHANGES_SEEN_WITHIN;
pub use congress::{
    BallotEntered, CongressRow, DocumentRow, ElectionRow, MinutesData, NewCandidate, NewCongress,
    NewPlan, NewPlanItem, PlanView, RoundRow, RoundVerification, surplus_warning,
};
pub use connect::{Backend, Db};
pub use error::DbError;
pub use members::{HistoryEntry, ImportReport, MemberRow, RegisterPage, RegisterQuery};
pub use orgs::{NewOrg, OrgEventRow, OrgRow};
pub use stats::StructureResult;
pub use web_support::ApiTokenRow;
