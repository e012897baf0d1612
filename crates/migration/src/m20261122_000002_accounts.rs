//! Accounts: sign-in users, their grants `(user, role, org)`, sessions, API tokens and the
//! sign-in attempts that throttling counts.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organization {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
    Username,
    PasswordHash,
    DisplayName,
    CreatedAt,
    Disabled,
}

#[derive(DeriveIden)]
enum UserGrant {
    Table,
    Id,
    UserId,
    OrgId,
    Role,
}

#[derive(DeriveIden)]
enum UserSession {
    Table,
    Id,
    UserId,
    Data,
    ExpiresAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ApiToken {
    Table,
    Id,
    UserId,
    Name,
    TokenHash,
    CreatedAt,
    LastUsedAt,
}

#[derive(DeriveIden)]
enum LoginAttempt {
    Table,
    Id,
    Username,
    At,
    Success,
}

/// A foreign key to `app_user` whose rows go with the user.
fn user_fk(table: impl IntoIden, col: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, col)
        .to(AppUser::Table, AppUser::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

async fn index<T: IntoIden + IntoIndexColumn>(
    m: &SchemaManager<'_>,
    name: &str,
    table: T,
    cols: Vec<T>,
    unique: bool,
) -> Result<(), DbErr> {
    let mut ix = Index::create();
    ix.name(name).table(table).if_not_exists();
    for c in cols {
        ix.col(c);
    }
    if unique {
        ix.unique();
    }
    m.create_index(ix.to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AppUser::Table)
                .if_not_exists()
                .col(pk_auto(AppUser::Id))
                .col(string_uniq(AppUser::Username))
                .col(text(AppUser::PasswordHash))
                .col(string_null(AppUser::DisplayName))
                .col(timestamp(AppUser::CreatedAt))
                .col(boolean(AppUser::Disabled).default(false))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(UserGrant::Table)
                .if_not_exists()
                .col(pk_auto(UserGrant::Id))
                .col(integer(UserGrant::UserId))
                .col(integer(UserGrant::OrgId))
                .col(string(UserGrant::Role))
                .foreign_key(&mut user_fk(UserGrant::Table, UserGrant::UserId))
                .foreign_key(
                    ForeignKey::create()
                        .from(UserGrant::Table, UserGrant::OrgId)
                        .to(Organization::Table, Organization::Id),
                )
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ux_user_grant",
            UserGrant::Table,
            vec![UserGrant::UserId, UserGrant::OrgId, UserGrant::Role],
            true,
        )
        .await?;

        // `user_id` is nullable so that a session store can keep a session before sign-in.
        m.create_table(
            Table::create()
                .table(UserSession::Table)
                .if_not_exists()
                .col(string(UserSession::Id).primary_key())
                .col(integer_null(UserSession::UserId))
                .col(text(UserSession::Data))
                .col(timestamp(UserSession::ExpiresAt))
                .col(timestamp(UserSession::CreatedAt))
                .foreign_key(&mut user_fk(UserSession::Table, UserSession::UserId))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_user_session_user",
            UserSession::Table,
            vec![UserSession::UserId],
            false,
        )
        .await?;
        index(
            m,
            "ix_user_session_expires",
            UserSession::Table,
            vec![UserSession::ExpiresAt],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ApiToken::Table)
                .if_not_exists()
                .col(pk_auto(ApiToken::Id))
                .col(integer(ApiToken::UserId))
                .col(string(ApiToken::Name))
                .col(string_uniq(ApiToken::TokenHash))
                .col(timestamp(ApiToken::CreatedAt))
                .col(timestamp_null(ApiToken::LastUsedAt))
                .foreign_key(&mut user_fk(ApiToken::Table, ApiToken::UserId))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_api_token_user",
            ApiToken::Table,
            vec![ApiToken::UserId],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(LoginAttempt::Table)
                .if_not_exists()
                .col(pk_auto(LoginAttempt::Id))
                .col(string(LoginAttempt::Username))
                .col(timestamp(LoginAttempt::At))
                .col(boolean(LoginAttempt::Success))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_login_attempt_user_at",
            LoginAttempt::Table,
            vec![LoginAttempt::Username, LoginAttempt::At],
            false,
        )
        .await?;
        Ok(())
    }
}
