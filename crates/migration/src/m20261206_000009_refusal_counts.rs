//! Refused requests counted instead of logged one by one (issue 18 §5.9: 1,159 audit rows in
//! one run from one user). The audit log gets one "denied" entry per (user, entity kind, kind
//! of request, hour); this table counts the refusals it stands for. The audit log itself stays
//! append-only.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditRefusal {
    Table,
    Id,
    Actor,
    Entity,
    Request,
    Hour,
    Count,
    AuditId,
    LastEntityId,
    LastAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AuditRefusal::Table)
                .if_not_exists()
                .col(pk_auto(AuditRefusal::Id))
                .col(string(AuditRefusal::Actor))
                .col(string(AuditRefusal::Entity))
                .col(string(AuditRefusal::Request))
                .col(timestamp(AuditRefusal::Hour))
                .col(big_integer(AuditRefusal::Count))
                .col(integer_null(AuditRefusal::AuditId))
                .col(string(AuditRefusal::LastEntityId))
                .col(timestamp(AuditRefusal::LastAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_audit_refusal")
                .table(AuditRefusal::Table)
                .col(AuditRefusal::Actor)
                .col(AuditRefusal::Entity)
                .col(AuditRefusal::Request)
                .col(AuditRefusal::Hour)
                .unique()
                .if_not_exists()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_audit_refusal_audit")
                .table(AuditRefusal::Table)
                .col(AuditRefusal::AuditId)
                .if_not_exists()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AuditRefusal::Table).to_owned())
            .await
    }
}
