//! Party badges (Huy hiệu Đảng): a member's discipline records (the waiting before a badge),
//! the periods outside the party that party age leaves out (readmission, lost contact, a
//! transfer gap; a wrongful expulsion recorded but not deducted), serious illness (an early
//! award), and the badges awarded with their decisions.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Person {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Decision {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum MemberDiscipline {
    Table,
    Id,
    PersonId,
    OnDate,
    Form,
    DecisionId,
    Reason,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PartyGap {
    Table,
    Id,
    PersonId,
    Kind,
    FromDate,
    ToDate,
    Note,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SeriousIllness {
    Table,
    Id,
    PersonId,
    NotedOn,
    Note,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PartyBadge {
    Table,
    Id,
    PersonId,
    Milestone,
    AwardedOn,
    Status,
    DecisionId,
    CreatedAt,
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
                .table(MemberDiscipline::Table)
                .if_not_exists()
                .col(pk_auto(MemberDiscipline::Id))
                .col(integer(MemberDiscipline::PersonId))
                .col(date(MemberDiscipline::OnDate))
                .col(string(MemberDiscipline::Form))
                .col(integer_null(MemberDiscipline::DecisionId))
                .col(text(MemberDiscipline::Reason))
                .col(timestamp(MemberDiscipline::CreatedAt))
                .foreign_key(&mut fk(
                    (MemberDiscipline::Table, MemberDiscipline::PersonId),
                    (Person::Table, Person::Id),
                ))
                .foreign_key(&mut fk(
                    (MemberDiscipline::Table, MemberDiscipline::DecisionId),
                    (Decision::Table, Decision::Id),
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_member_discipline_person",
            MemberDiscipline::Table,
            vec![MemberDiscipline::PersonId, MemberDiscipline::OnDate],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PartyGap::Table)
                .if_not_exists()
                .col(pk_auto(PartyGap::Id))
                .col(integer(PartyGap::PersonId))
                .col(string(PartyGap::Kind))
                .col(date(PartyGap::FromDate))
                .col(date(PartyGap::ToDate))
                .col(text_null(PartyGap::Note))
                .col(timestamp(PartyGap::CreatedAt))
                .foreign_key(&mut fk(
                    (PartyGap::Table, PartyGap::PersonId),
                    (Person::Table, Person::Id),
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_party_gap_person",
            PartyGap::Table,
            vec![PartyGap::PersonId, PartyGap::FromDate],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(SeriousIllness::Table)
                .if_not_exists()
                .col(pk_auto(SeriousIllness::Id))
                .col(integer(SeriousIllness::PersonId))
                .col(date(SeriousIllness::NotedOn))
                .col(text_null(SeriousIllness::Note))
                .col(timestamp(SeriousIllness::CreatedAt))
                .foreign_key(&mut fk(
                    (SeriousIllness::Table, SeriousIllness::PersonId),
                    (Person::Table, Person::Id),
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_serious_illness_person",
            SeriousIllness::Table,
            vec![SeriousIllness::PersonId],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PartyBadge::Table)
                .if_not_exists()
                .col(pk_auto(PartyBadge::Id))
                .col(integer(PartyBadge::PersonId))
                .col(integer(PartyBadge::Milestone))
                .col(date(PartyBadge::AwardedOn))
                .col(string(PartyBadge::Status))
                .col(integer_null(PartyBadge::DecisionId))
                .col(timestamp(PartyBadge::CreatedAt))
                .foreign_key(&mut fk(
                    (PartyBadge::Table, PartyBadge::PersonId),
                    (Person::Table, Person::Id),
                ))
                .foreign_key(&mut fk(
                    (PartyBadge::Table, PartyBadge::DecisionId),
                    (Decision::Table, Decision::Id),
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ux_party_badge_person_milestone",
            PartyBadge::Table,
            vec![PartyBadge::PersonId, PartyBadge::Milestone],
            true,
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            PartyBadge::Table.into_iden(),
            SeriousIllness::Table.into_iden(),
            PartyGap::Table.into_iden(),
            MemberDiscipline::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
