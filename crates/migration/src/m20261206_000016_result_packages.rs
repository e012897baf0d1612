//! Sealed result packages imported at the superior (issue 15, item 3): each package that
//! passed every check (signature, named key, hash chains, recount), kept whole with what it
//! was checked to hold.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("congress_package")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(string("org_code"))
                .col(text("congress"))
                .col(integer("ordinal"))
                .col(date("held_on"))
                .col(string("fingerprint"))
                .col(integer("rounds"))
                // The file as received, byte for byte.
                .col(blob("file"))
                .col(timestamp("imported_at"))
                .col(string("imported_by"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_congress_package")
                .table("congress_package")
                .col("org_code")
                .col("ordinal")
                .col("fingerprint")
                .unique()
                .if_not_exists()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("congress_package").to_owned())
            .await
    }
}
