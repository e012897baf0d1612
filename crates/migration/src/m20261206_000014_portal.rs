//! The public news portal: the articles an organization publishes (tin bài), from draft to
//! published or withdrawn, with their stable address (slug), the congress an article is about,
//! who wrote and approved it, and the read count written in batches by the server.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

async fn index(
    m: &SchemaManager<'_>,
    name: &str,
    cols: &[&'static str],
    unique: bool,
) -> Result<(), DbErr> {
    let mut ix = Index::create();
    ix.name(name).table("portal_article").if_not_exists();
    for c in cols {
        ix.col(*c);
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
                .table("portal_article")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("org_id"))
                .col(string("slug"))
                .col(text("title"))
                .col(text("body"))
                .col(text("source"))
                // draft | published | withdrawn (domain::portal::ArticleStatus)
                .col(string("status"))
                .col(integer_null("congress_id"))
                // The title and body without diacritics, for the public search.
                .col(text("search_key"))
                .col(string("created_by"))
                .col(string_null("approved_by"))
                .col(timestamp("created_at"))
                .col(timestamp("updated_at"))
                .col(timestamp_null("published_at"))
                .col(big_integer("read_count").default(0))
                .foreign_key(
                    &mut ForeignKey::create()
                        .from("portal_article", "org_id")
                        .to("organization", "id")
                        .to_owned(),
                )
                .foreign_key(
                    &mut ForeignKey::create()
                        .from("portal_article", "congress_id")
                        .to("congress", "id")
                        .to_owned(),
                )
                .to_owned(),
        )
        .await?;
        index(m, "ux_portal_article_slug", &["slug"], true).await?;
        index(
            m,
            "ix_portal_article_public",
            &["status", "published_at"],
            false,
        )
        .await?;
        index(m, "ix_portal_article_org", &["org_id", "status"], false).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("portal_article").to_owned())
            .await
    }
}
