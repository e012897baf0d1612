//! The address a sign-in attempt came from, so that throttling counts failures per (account,
//! address) and per address (issue 18 §5.3) instead of locking an account for everyone.
//! Attempts recorded before have no address and no longer count.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LoginAttempt {
    Table,
    Username,
    Address,
    At,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(LoginAttempt::Table)
                .add_column(ColumnDef::new(LoginAttempt::Address).string().null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_login_attempt_user_address_at")
                .table(LoginAttempt::Table)
                .col(LoginAttempt::Username)
                .col(LoginAttempt::Address)
                .col(LoginAttempt::At)
                .if_not_exists()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_login_attempt_address_at")
                .table(LoginAttempt::Table)
                .col(LoginAttempt::Address)
                .col(LoginAttempt::At)
                .if_not_exists()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for name in [
            "ix_login_attempt_user_address_at",
            "ix_login_attempt_address_at",
        ] {
            m.drop_index(
                Index::drop()
                    .name(name)
                    .table(LoginAttempt::Table)
                    .to_owned(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table(LoginAttempt::Table)
                .drop_column(LoginAttempt::Address)
                .to_owned(),
        )
        .await
    }
}
