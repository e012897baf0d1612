//! Admission of new members (kết nạp): one case per applicant in a branch, and its dated
//! steps — certificate, introducers, branch resolution with its vote, decision, ceremony,
//! recognition with its vote — each with the warning recorded when it came late.

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
enum Person {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AdmissionCase {
    Table,
    Id,
    OrgId,
    PersonId,
    AppliedOn,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AdmissionStep {
    Table,
    Id,
    CaseId,
    Kind,
    OnDate,
    Reference,
    IntroducerId,
    WorkedSince,
    InFavour,
    OfficialMembers,
    Warning,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AdmissionCase::Table)
                .if_not_exists()
                .col(pk_auto(AdmissionCase::Id))
                .col(integer(AdmissionCase::OrgId))
                .col(integer(AdmissionCase::PersonId))
                .col(date(AdmissionCase::AppliedOn))
                .col(timestamp(AdmissionCase::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(AdmissionCase::Table, AdmissionCase::OrgId)
                        .to(Organization::Table, Organization::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(AdmissionCase::Table, AdmissionCase::PersonId)
                        .to(Person::Table, Person::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_admission_case_org")
                .table(AdmissionCase::Table)
                .col(AdmissionCase::OrgId)
                .if_not_exists()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_admission_case_person")
                .table(AdmissionCase::Table)
                .col(AdmissionCase::PersonId)
                .if_not_exists()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AdmissionStep::Table)
                .if_not_exists()
                .col(pk_auto(AdmissionStep::Id))
                .col(integer(AdmissionStep::CaseId))
                .col(string(AdmissionStep::Kind))
                .col(date(AdmissionStep::OnDate))
                .col(string_null(AdmissionStep::Reference))
                .col(integer_null(AdmissionStep::IntroducerId))
                .col(date_null(AdmissionStep::WorkedSince))
                .col(integer_null(AdmissionStep::InFavour))
                .col(integer_null(AdmissionStep::OfficialMembers))
                .col(text_null(AdmissionStep::Warning))
                .col(timestamp(AdmissionStep::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(AdmissionStep::Table, AdmissionStep::CaseId)
                        .to(AdmissionCase::Table, AdmissionCase::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(AdmissionStep::Table, AdmissionStep::IntroducerId)
                        .to(Person::Table, Person::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_admission_step_case")
                .table(AdmissionStep::Table)
                .col(AdmissionStep::CaseId)
                .if_not_exists()
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
