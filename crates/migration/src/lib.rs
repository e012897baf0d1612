//! dangvu's one migration history: the same steps create the schema on SQLite and PostgreSQL.
//! Only portable types: integers, text, dates, timestamps; no backend-only features.

pub use sea_orm_migration::prelude::*;

mod m20261122_000001_foundation;
mod m20261122_000002_accounts;
mod m20261201_000003_branch_life;
mod m20261201_000004_admission;
mod m20261201_000005_congress;
mod m20261201_000006_register_order;
mod m20261202_000007_absence_reason;
mod m20261206_000008_hashed_sessions;
mod m20261206_000009_refusal_counts;
mod m20261206_000010_login_address;
mod m20261206_000011_commendation;
mod m20261206_000012_badges;
mod m20261206_000013_documents;
mod m20261206_000014_portal;
mod m20261206_000015_member_pages;
mod m20261206_000016_result_packages;
mod m20261207_000017_password_history;
mod m20261207_000018_org_tally;
mod m20261207_000019_pledge_tally;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_foundation::Migration),
            Box::new(m20261122_000002_accounts::Migration),
            Box::new(m20261201_000003_branch_life::Migration),
            Box::new(m20261201_000004_admission::Migration),
            Box::new(m20261201_000005_congress::Migration),
            Box::new(m20261201_000006_register_order::Migration),
            Box::new(m20261202_000007_absence_reason::Migration),
            Box::new(m20261206_000008_hashed_sessions::Migration),
            Box::new(m20261206_000009_refusal_counts::Migration),
            Box::new(m20261206_000010_login_address::Migration),
            Box::new(m20261206_000011_commendation::Migration),
            Box::new(m20261206_000012_badges::Migration),
            Box::new(m20261206_000013_documents::Migration),
            Box::new(m20261206_000014_portal::Migration),
            Box::new(m20261206_000015_member_pages::Migration),
            Box::new(m20261206_000016_result_packages::Migration),
            Box::new(m20261207_000017_password_history::Migration),
            Box::new(m20261207_000018_org_tally::Migration),
            Box::new(m20261207_000019_pledge_tally::Migration),
        ]
    }
}
