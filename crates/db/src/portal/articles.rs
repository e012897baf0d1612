//! The editors' side of the portal: an article created (from a congress's generated draft or
//! typed), edited while it is a draft or withdrawn, approved (published, stamped with the
//! moment) and withdrawn; each write with its audit entry in the same transaction. The slug
//! is given once, from the title at creation, and never changes, so a published address stays.

use chrono::NaiveDateTime;
use domain::portal::{ArticleStatus, ArticleText, PortalError, slug_base, slug_numbered};
use sea_orm::ConnectionTrait;
use serde_json::json;

use super::{ARTICLE_COLS, ArticleRow, article_from_row};
use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::{DbError, Result};
use crate::register::orgs::require_org;
use crate::sql::{exec, insert_id, now, one};

impl Db {
    /// A new draft in the organization `org` (about the congress `congress`, when given).
    pub async fn create_article(
        &self,
        actor: &Actor,
        org: &str,
        text: &ArticleText,
        congress: Option<i32>,
    ) -> Result<ArticleRow> {
        let tx = self.write_tx().await?;
        let o = require_org(&tx, org, None).await?;
        if let Some(c) = congress {
            let found = one(
                &tx,
                "SELECT id FROM congress WHERE id = $1 AND org_id = $2",
                vec![c.into(), o.id.into()],
            )
            .await?;
            if found.is_none() {
                return Err(DbError::NotFound {
                    what: "đại hội",
                    key: c.to_string(),
                });
            }
        }
        let slug = free_slug(&tx, &slug_base(&text.title)).await?;
        let at = now();
        let id = insert_id(
            &tx,
            "INSERT INTO portal_article (org_id, slug, title, body, source, status, congress_id, search_key, created_by, created_at, updated_at, read_count) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0)",
            vec![
                o.id.into(),
                slug.clone().into(),
                text.title.clone().into(),
                text.body.clone().into(),
                text.source.clone().into(),
                ArticleStatus::Draft.code().into(),
                congress.into(),
                search_key(text).into(),
                actor.0.clone().into(),
                at.into(),
                at.into(),
            ],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "create",
            "portal_article",
            id,
            None,
            Some(json!({"org": o.code, "slug": slug, "title": text.title, "congress": congress})),
        )
        .await?;
        let row = article_in(&tx, id).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Replaces the title, body and source of a draft or withdrawn article (a withdrawn one
    /// goes back to draft); a published article is refused: withdraw it first.
    pub async fn update_article(
        &self,
        actor: &Actor,
        id: i32,
        text: &ArticleText,
    ) -> Result<ArticleRow> {
        let tx = self.write_tx().await?;
        let before = article_in(&tx, id).await?;
        if !before.status.editable() {
            return Err(DbError::Invalid(
                PortalError::PublishedNotEditable.to_string(),
            ));
        }
        exec(
            &tx,
            "UPDATE portal_article SET title = $1, body = $2, source = $3, search_key = $4, status = $5, updated_at = $6 WHERE id = $7",
            vec![
                text.title.clone().into(),
                text.body.clone().into(),
                text.source.clone().into(),
                search_key(text).into(),
                ArticleStatus::Draft.code().into(),
                now().into(),
                id.into(),
            ],
        )
        .await?;
        audit::record(&tx, actor, "update", "portal_article", id,
            Some(json!({"title": before.title, "body": before.body, "source": before.source, "status": before.status.code()})),
            Some(json!({"title": text.title, "body": text.body, "source": text.source, "status": "draft"}))).await?;
        let row = article_in(&tx, id).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Approves a draft or withdrawn article: it is published from `at` (the approval's
    /// moment) and `actor` is named as its approver.
    pub async fn publish_article(
        &self,
        actor: &Actor,
        id: i32,
        at: NaiveDateTime,
    ) -> Result<ArticleRow> {
        self.step(actor, id, ArticleStatus::Published, Some(at))
            .await
    }

    /// Takes a published article off the portal; its address answers "not found" until it
    /// is approved again.
    pub async fn withdraw_article(&self, actor: &Actor, id: i32) -> Result<ArticleRow> {
        self.step(actor, id, ArticleStatus::Withdrawn, None).await
    }

    async fn step(
        &self,
        actor: &Actor,
        id: i32,
        to: ArticleStatus,
        at: Option<NaiveDateTime>,
    ) -> Result<ArticleRow> {
        let tx = self.write_tx().await?;
        let before = article_in(&tx, id).await?;
        let allowed = match to {
            ArticleStatus::Published => before.status != ArticleStatus::Published,
            ArticleStatus::Withdrawn => before.status == ArticleStatus::Published,
            ArticleStatus::Draft => false,
        };
        if !allowed {
            let what = match to {
                ArticleStatus::Published => "duyệt đăng",
                _ => "gỡ xuống",
            };
            let state = match before.status {
                ArticleStatus::Published => "đã đăng",
                ArticleStatus::Draft => "đang là bản nháp",
                ArticleStatus::Withdrawn => "đã gỡ",
            };
            return Err(DbError::Invalid(
                PortalError::BadStep(state, what).to_string(),
            ));
        }
        let (sql, values) = match at {
            Some(at) => (
                "UPDATE portal_article SET status = $1, published_at = $2, approved_by = $3, updated_at = $4 WHERE id = $5",
                vec![
                    to.code().into(),
                    at.into(),
                    actor.0.clone().into(),
                    now().into(),
                    id.into(),
                ],
            ),
            None => (
                "UPDATE portal_article SET status = $1, updated_at = $2 WHERE id = $3",
                vec![to.code().into(), now().into(), id.into()],
            ),
        };
        exec(&tx, sql, values).await?;
        let action = match to {
            ArticleStatus::Published => "publish",
            _ => "withdraw",
        };
        audit::record(
            &tx,
            actor,
            action,
            "portal_article",
            id,
            Some(json!({"status": before.status.code()})),
            Some(json!({"status": to.code(), "slug": before.slug, "published_at": at})),
        )
        .await?;
        let row = article_in(&tx, id).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// One article, whatever its status (the editors' pages check the right to see it).
    pub async fn article(&self, id: i32) -> Result<ArticleRow> {
        article_in(&self.conn, id).await
    }

    /// The articles of one organization (not of its subtree), newest first: drafts, published
    /// and withdrawn.
    pub async fn org_articles(&self, org: &str) -> Result<Vec<ArticleRow>> {
        let o = require_org(&self.conn, org, None).await?;
        let sql = format!(
            "SELECT {ARTICLE_COLS} FROM portal_article a JOIN organization o ON o.id = a.org_id \
             WHERE a.org_id = $1 ORDER BY a.created_at DESC, a.id DESC"
        );
        crate::sql::all(&self.conn, &sql, vec![o.id.into()])
            .await?
            .iter()
            .map(article_from_row)
            .collect()
    }
}

pub(crate) async fn article_in(c: &impl ConnectionTrait, id: i32) -> Result<ArticleRow> {
    let sql = format!(
        "SELECT {ARTICLE_COLS} FROM portal_article a JOIN organization o ON o.id = a.org_id WHERE a.id = $1"
    );
    one(c, &sql, vec![id.into()])
        .await?
        .map(|r| article_from_row(&r))
        .transpose()?
        .ok_or_else(|| DbError::NotFound {
            what: "tin bài",
            key: id.to_string(),
        })
}

/// The first of `base`, `base-2`, `base-3` … that no article has.
async fn free_slug(c: &impl ConnectionTrait, base: &str) -> Result<String> {
    let rows = crate::sql::all(
        c,
        &format!(
            "SELECT slug FROM portal_article WHERE slug = $1 OR slug LIKE $2 {}",
            crate::sql::LIKE_ESCAPE
        ),
        vec![
            base.into(),
            crate::sql::like_prefix(&format!("{base}-")).into(),
        ],
    )
    .await?;
    let taken: std::collections::HashSet<String> = rows
        .iter()
        .filter_map(|r| crate::sql::get::<String>(r, "slug").ok())
        .collect();
    let mut n = 1;
    loop {
        let s = slug_numbered(base, n);
        if !taken.contains(&s) {
            return Ok(s);
        }
        n += 1;
    }
}

/// The title and body without diacritics, for the public search.
fn search_key(t: &ArticleText) -> String {
    format!(
        "{} {}",
        domain::text::search_key(&t.title),
        domain::text::search_key(&t.body)
    )
}
