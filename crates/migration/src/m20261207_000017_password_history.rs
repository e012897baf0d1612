//! The passwords an account used before (issue 20): a password a user chooses may not repeat
//! the one in use nor the last ones replaced, each kept only as its Argon2id hash.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("password_history")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("user_id"))
                .col(text("password_hash"))
                .col(timestamp("replaced_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("password_history", "user_id")
                        .to("app_user", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_password_history_user")
                .table("password_history")
                .col("user_id")
                .if_not_exists()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("password_history").to_owned())
            .await
    }
}
