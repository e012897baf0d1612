//! The public news portal in storage: an organization's articles from draft to published or
//! withdrawn, each write with its audit entry (`articles`); what the public reads — one
//! published article by its address, the lists by organization, month and search, the
//! publishing organizations (`public`); and the read counts the server adds in batches
//! (`reads`). An organization publishes on the portal when it has a published article.

mod articles;
mod public;
mod reads;

use chrono::NaiveDateTime;
use domain::portal::ArticleStatus;
use sea_orm::QueryResult;
use serde::Serialize;

pub use public::{ArticleLink, ArticleQuery, PublishingOrg};

use crate::error::Result;
use crate::sql::{get, get_count};

/// An article as stored, with its organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleRow {
    pub id: i32,
    pub org_id: i32,
    pub org_code: String,
    pub org_name: String,
    pub slug: String,
    pub title: String,
    pub body: String,
    pub source: String,
    pub status: ArticleStatus,
    pub congress_id: Option<i32>,
    pub created_by: String,
    pub approved_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub published_at: Option<NaiveDateTime>,
    /// The reads written to the database so far (the server adds the ones it counted since).
    pub read_count: u64,
}

/// The columns `article_from_row` reads, from `portal_article a JOIN organization o`.
pub(crate) const ARTICLE_COLS: &str = "a.id, a.org_id, o.code, \
     (SELECT v.name FROM org_version v WHERE v.org_id = o.id ORDER BY v.valid_from DESC LIMIT 1) AS org_name, \
     a.slug, a.title, a.body, a.source, a.status, a.congress_id, a.created_by, a.approved_by, \
     a.created_at, a.updated_at, a.published_at, a.read_count";

pub(crate) fn article_from_row(r: &QueryResult) -> Result<ArticleRow> {
    let status: String = get(r, "status")?;
    Ok(ArticleRow {
        id: get(r, "id")?,
        org_id: get(r, "org_id")?,
        org_code: get(r, "code")?,
        org_name: get::<Option<String>>(r, "org_name")?.unwrap_or_default(),
        slug: get(r, "slug")?,
        title: get(r, "title")?,
        body: get(r, "body")?,
        source: get(r, "source")?,
        status: ArticleStatus::from_code(&status).unwrap_or(ArticleStatus::Draft),
        congress_id: get(r, "congress_id")?,
        created_by: get(r, "created_by")?,
        approved_by: get(r, "approved_by")?,
        created_at: get(r, "created_at")?,
        updated_at: get(r, "updated_at")?,
        published_at: get(r, "published_at")?,
        read_count: get_count(r, "read_count")?,
    })
}
