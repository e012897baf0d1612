//! The register read in Vietnamese name order: an index on the stored sort key, so that the
//! first page of a large subtree's member list walks the names in order and stops after one
//! page instead of sorting every member (docs/PERFORMANCE.md, web).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Person {
    Table,
    Id,
    NameSort,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name("ix_person_name_sort")
                .table(Person::Table)
                .col(Person::NameSort)
                .col(Person::Id)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("ix_person_name_sort").to_owned())
            .await
    }
}
