//! The foundation: organizations (dated versions, events, decisions), people and their
//! membership, postings (regular and temporary), exemptions, member events, settings, audit.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Decision {
    Table,
    Id,
    Symbol,
    Number,
    Kind,
    Issuer,
    SignedOn,
    Title,
}

#[derive(DeriveIden)]
enum Organization {
    Table,
    Id,
    Uid,
    Code,
    Kind,
    CreatedOn,
    DissolvedOn,
}

#[derive(DeriveIden)]
enum OrgVersion {
    Table,
    Id,
    OrgId,
    Name,
    ParentId,
    Path,
    ValidFrom,
    ValidTo,
}

#[derive(DeriveIden)]
enum OrgEvent {
    Table,
    Id,
    OrgId,
    Kind,
    OnDate,
    DecisionId,
    RelatedOrgId,
    Note,
}

#[derive(DeriveIden)]
enum Person {
    Table,
    Id,
    Uid,
    FullName,
    NameSearch,
    NameSort,
    BirthName,
    BirthDate,
    Sex,
    Ethnicity,
    Religion,
    HomeTown,
    Education,
    Theory,
    Qualification,
    ForeignLanguage,
    Occupation,
    AdmittedOn,
    OfficialOn,
    CardNumber,
    RecordNumber,
    EndedOn,
    EndReason,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Posting {
    Table,
    Id,
    PersonId,
    OrgId,
    Kind,
    FromDate,
    ToDate,
}

#[derive(DeriveIden)]
enum Exemption {
    Table,
    Id,
    PersonId,
    FromDate,
    ToDate,
}

#[derive(DeriveIden)]
enum MemberEvent {
    Table,
    Id,
    PersonId,
    Kind,
    OnDate,
    OrgId,
    DecisionId,
    Detail,
    Note,
}

#[derive(DeriveIden)]
enum Setting {
    Table,
    Key,
    Value,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    Actor,
    Action,
    Entity,
    EntityId,
    Before,
    After,
}

fn fk(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Decision::Table)
                .if_not_exists()
                .col(pk_auto(Decision::Id))
                .col(string(Decision::Symbol))
                .col(integer(Decision::Number))
                .col(string(Decision::Kind))
                .col(string(Decision::Issuer))
                .col(date(Decision::SignedOn))
                .col(text_null(Decision::Title))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_decision_symbol_date")
                .table(Decision::Table)
                .col(Decision::Symbol)
                .col(Decision::SignedOn)
                .unique()
                .if_not_exists()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Organization::Table)
                .if_not_exists()
                .col(pk_auto(Organization::Id))
                .col(string_uniq(Organization::Uid))
                .col(string_uniq(Organization::Code))
                .col(string(Organization::Kind))
                .col(date(Organization::CreatedOn))
                .col(date_null(Organization::DissolvedOn))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(OrgVersion::Table)
                .if_not_exists()
                .col(pk_auto(OrgVersion::Id))
                .col(integer(OrgVersion::OrgId))
                .col(string(OrgVersion::Name))
                .col(integer_null(OrgVersion::ParentId))
                .col(string(OrgVersion::Path))
                .col(date(OrgVersion::ValidFrom))
                .col(date_null(OrgVersion::ValidTo))
                .foreign_key(&mut fk(
                    (OrgVersion::Table, OrgVersion::OrgId),
                    (Organization::Table, Organization::Id),
                ))
                .foreign_key(&mut fk(
                    (OrgVersion::Table, OrgVersion::ParentId),
                    (Organization::Table, Organization::Id),
                ))
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            ("ix_org_version_org", OrgVersion::OrgId),
            ("ix_org_version_path", OrgVersion::Path),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(OrgVersion::Table)
                    .col(col)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        }

        m.create_table(
            Table::create()
                .table(OrgEvent::Table)
                .if_not_exists()
                .col(pk_auto(OrgEvent::Id))
                .col(integer(OrgEvent::OrgId))
                .col(string(OrgEvent::Kind))
                .col(date(OrgEvent::OnDate))
                .col(integer_null(OrgEvent::DecisionId))
                .col(integer_null(OrgEvent::RelatedOrgId))
                .col(text_null(OrgEvent::Note))
                .foreign_key(&mut fk(
                    (OrgEvent::Table, OrgEvent::OrgId),
                    (Organization::Table, Organization::Id),
                ))
                .foreign_key(&mut fk(
                    (OrgEvent::Table, OrgEvent::DecisionId),
                    (Decision::Table, Decision::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_org_event_org")
                .table(OrgEvent::Table)
                .col(OrgEvent::OrgId)
                .if_not_exists()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Person::Table)
                .if_not_exists()
                .col(pk_auto(Person::Id))
                .col(string_uniq(Person::Uid))
                .col(string(Person::FullName))
                .col(string(Person::NameSearch))
                .col(string(Person::NameSort))
                .col(string_null(Person::BirthName))
                .col(date(Person::BirthDate))
                .col(string(Person::Sex))
                .col(string_null(Person::Ethnicity))
                .col(string_null(Person::Religion))
                .col(string_null(Person::HomeTown))
                .col(string_null(Person::Education))
                .col(string(Person::Theory))
                .col(string(Person::Qualification))
                .col(string_null(Person::ForeignLanguage))
                .col(string_null(Person::Occupation))
                .col(date_null(Person::AdmittedOn))
                .col(date_null(Person::OfficialOn))
                .col(string_null(Person::CardNumber).unique_key())
                .col(string_null(Person::RecordNumber).unique_key())
                .col(date_null(Person::EndedOn))
                .col(string_null(Person::EndReason))
                .col(timestamp(Person::CreatedAt))
                .col(timestamp(Person::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_person_identity")
                .table(Person::Table)
                .col(Person::NameSearch)
                .col(Person::BirthDate)
                .if_not_exists()
                .to_owned(),
        )
        .await?;

        // Covers the structure aggregate: a member's facts on a date without reading the row.
        m.create_index(
            Index::create()
                .name("ix_person_stats")
                .table(Person::Table)
                .col(Person::Id)
                .col(Person::AdmittedOn)
                .col(Person::EndedOn)
                .col(Person::OfficialOn)
                .col(Person::BirthDate)
                .col(Person::Theory)
                .col(Person::Qualification)
                .if_not_exists()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Posting::Table)
                .if_not_exists()
                .col(pk_auto(Posting::Id))
                .col(integer(Posting::PersonId))
                .col(integer(Posting::OrgId))
                .col(string(Posting::Kind))
                .col(date(Posting::FromDate))
                .col(date_null(Posting::ToDate))
                .foreign_key(&mut fk(
                    (Posting::Table, Posting::PersonId),
                    (Person::Table, Person::Id),
                ))
                .foreign_key(&mut fk(
                    (Posting::Table, Posting::OrgId),
                    (Organization::Table, Organization::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_posting_org")
                .table(Posting::Table)
                .col(Posting::OrgId)
                .col(Posting::Kind)
                .col(Posting::FromDate)
                .col(Posting::ToDate)
                .col(Posting::PersonId)
                .if_not_exists()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_posting_person")
                .table(Posting::Table)
                .col(Posting::PersonId)
                .col(Posting::Kind)
                .col(Posting::FromDate)
                .col(Posting::ToDate)
                .col(Posting::OrgId)
                .if_not_exists()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Exemption::Table)
                .if_not_exists()
                .col(pk_auto(Exemption::Id))
                .col(integer(Exemption::PersonId))
                .col(date(Exemption::FromDate))
                .col(date_null(Exemption::ToDate))
                .foreign_key(&mut fk(
                    (Exemption::Table, Exemption::PersonId),
                    (Person::Table, Person::Id),
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(MemberEvent::Table)
                .if_not_exists()
                .col(pk_auto(MemberEvent::Id))
                .col(integer(MemberEvent::PersonId))
                .col(string(MemberEvent::Kind))
                .col(date(MemberEvent::OnDate))
                .col(integer_null(MemberEvent::OrgId))
                .col(integer_null(MemberEvent::DecisionId))
                .col(string_null(MemberEvent::Detail))
                .col(text_null(MemberEvent::Note))
                .foreign_key(&mut fk(
                    (MemberEvent::Table, MemberEvent::PersonId),
                    (Person::Table, Person::Id),
                ))
                .foreign_key(&mut fk(
                    (MemberEvent::Table, MemberEvent::OrgId),
                    (Organization::Table, Organization::Id),
                ))
                .foreign_key(&mut fk(
                    (MemberEvent::Table, MemberEvent::DecisionId),
                    (Decision::Table, Decision::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_member_event_person")
                .table(MemberEvent::Table)
                .col(MemberEvent::PersonId)
                .if_not_exists()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Setting::Table)
                .if_not_exists()
                .col(string(Setting::Key).primary_key())
                .col(text(Setting::Value))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .if_not_exists()
                .col(pk_auto(AuditLog::Id))
                .col(timestamp(AuditLog::At))
                .col(string(AuditLog::Actor))
                .col(string(AuditLog::Action))
                .col(string(AuditLog::Entity))
                .col(string(AuditLog::EntityId))
                .col(text_null(AuditLog::Before))
                .col(text_null(AuditLog::After))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_audit_at")
                .table(AuditLog::Table)
                .col(AuditLog::At)
                .if_not_exists()
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
