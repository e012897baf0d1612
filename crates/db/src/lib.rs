//! dangvu's storage: connection setup per backend (SQLite by default, PostgreSQL by URL),
//! repositories that return domain types, the audit writer and backups.

mod accounts;
mod backup;
mod baseline;
pub mod branch;
mod cache;
pub mod commendation;
mod commits;
pub(crate) mod congress;
mod connect;
pub mod documents;
mod error;
mod figures;
mod hosts;
pub mod package;
pub mod portal;
mod register;
mod scratch;
mod sql;

pub use accounts::audit::{Actor, AuditEntry, AuditFilter};
pub use accounts::members::{BulkAccount, BulkKind};
pub use accounts::membership::AccountMember;
pub use accounts::second_factor::REQUIRE_TOTP_FOR_ADMINS;
pub use accounts::tokens::ApiTokenRow;
pub use accounts::users::{
    GENERATED_PASSWORD_CHARS, GrantRow, SessionRecord, UserListing, UserRow, generate_password,
    hash_password, token_hash, verify_password,
};
pub use backup::{Counts, LastChange, RestoreOptions, Restored, restore};
pub use branch::admission::{
    AdmissionCaseRow, AdmissionStepRow, Applicant, NewAdmission, StepInput,
};
pub use branch::bulk::{BulkLife, BulkMeeting};
pub use branch::notices::{AttendedStudy, NewNotice, Notice, NoticeReply};
pub use branch::personal::{MemberPledge, PersonalLine, PersonalList, SelfAssessment};
pub use branch::requests::MemberRequest;
pub use cache::OUTSIDE_CHECK as OUTSIDE_CHANGES_SEEN_WITHIN;
pub use commendation::RuleBook;
pub use commendation::awards::{AwardRow, NewAward};
pub use commendation::campaigns::{CampaignRow, NewPledge};
pub use commendation::dossiers::{
    DocumentRow as DossierDocument, DossierCounts, DossierRow, NewDossier,
};
pub use commendation::history::MemberCase;
pub use commendation::proposal::{PROPOSED_TITLES, ProposalLine};
pub use commendation::stats::AwardStatsResult;
pub use commendation::synthetic::SyntheticAward;
pub use congress::{
    BallotEntered, CongressRow, DocumentRow, ElectionRow, MinutesData, NewCandidate, NewCongress,
    NewPlan, NewPlanItem, PlanView, RoundRow, RoundVerification, surplus_warning,
};
pub use connect::{Backend, Db};
pub use documents::register::DocDetail;
pub use documents::write::{DocFile, Draft, NewDocument};
pub use documents::{DocFilter, DocLink, DocRow};
pub use error::DbError;
pub use figures::{FigureLine, FigureList};
pub use portal::{ArticleLink, ArticleQuery, ArticleRow, PublishingOrg};
pub use register::bulk::{BulkOrg, BulkPerson, BulkPosting, LoadReport};
pub use register::export::ORGS_PER_READ;
pub use register::members::{HistoryEntry, ImportReport, MemberRow, RegisterPage, RegisterQuery};
pub use register::orgs::{NewOrg, OrgEventRow, OrgRow};
pub use register::stats::StructureResult;
pub use scratch::Scratch;
