//! The document register (sổ văn bản, DOMAIN.md §7): every party document an organization
//! issues or receives, its number in its series, its text while a draft, its file, and what it
//! decides. Decisions and plans stored before (splits, admissions, congress plans) stay in their
//! tables and are read into the register beside these rows.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("party_document")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("org_id"))
                // issued | received
                .col(string("direction"))
                // draft (text editable, no number yet) | issued (numbered, or registered on
                // arrival)
                .col(string("status"))
                .col(string("kind"))
                .col(integer_null("number"))
                .col(string("symbol"))
                .col(string("issuer"))
                .col(string_null("issuer_name"))
                // A joint document (văn bản liên tịch): the other issuing organizations' codes,
                // ",DB-A,DB-B,"; it is numbered in the lead body's series (`org_id`).
                .col(string_null("co_issuers"))
                // "term:KH:2020-05-16" or "congress:12"; empty for a received document.
                .col(string_null("series"))
                .col(integer_null("congress_id"))
                .col(date_null("signed_on"))
                .col(text("subject"))
                .col(string_null("signer"))
                .col(string_null("signer_title"))
                .col(text("recipients"))
                .col(string_null("template"))
                .col(text_null("body"))
                .col(string_null("file_name"))
                .col(string_null("file_type"))
                .col(blob_null("file_data"))
                .col(string_null("link_kind"))
                .col(integer_null("link_id"))
                .col(text("search_key"))
                .col(timestamp("created_at"))
                .col(string("created_by"))
                .foreign_key(
                    ForeignKey::create()
                        .from("party_document", "org_id")
                        .to("organization", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_party_document_org")
                .table("party_document")
                .col("org_id")
                .col("signed_on")
                .if_not_exists()
                .to_owned(),
        )
        .await?;
        // One number once per series (NULLs, in drafts and received documents, never collide).
        m.create_index(
            Index::create()
                .name("ux_party_document_series")
                .table("party_document")
                .col("org_id")
                .col("series")
                .col("number")
                .unique()
                .if_not_exists()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("party_document").to_owned())
            .await
    }
}
