//! Sessions are stored under the hash of their token from now on (issue 18 §5.4: a backup
//! must not hold live sessions). The rows stored before hold the token itself; they cannot be
//! hashed in SQL on both backends, and a hash of them would still sit in old backups as the
//! token, so they are ended: their users sign in again.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum UserSession {
    Table,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.exec_stmt(Query::delete().from_table(UserSession::Table).to_owned())
            .await
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        // Hashed ids cannot be turned back into tokens; sessions simply end again.
        Ok(())
    }
}
