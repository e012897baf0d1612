//! What the public reads: one published article by its address, the published articles by
//! organization, month or words (diacritics ignored), newest first, a page at a time; the
//! links of every published article (for related articles and the archive's months); and the
//! organizations that publish. Nothing here returns a draft or a withdrawn article.

use chrono::NaiveDateTime;
use serde::Serialize;

use super::{ARTICLE_COLS, ArticleRow, article_from_row};
use crate::Db;
use crate::error::Result;
use crate::sql::{LIKE_ESCAPE, all, get, get_count, like_contains, one};

/// Which published articles a public list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleQuery {
    /// One organization's articles (its code).
    pub org: Option<String>,
    /// Published in `[from, to)` (UTC), a month of the archive.
    pub between: Option<(NaiveDateTime, NaiveDateTime)>,
    /// Words of the title or body, diacritics and case ignored.
    pub search: Option<String>,
    pub limit: u64,
    pub offset: u64,
}

/// An organization with published articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublishingOrg {
    pub code: String,
    pub name: String,
    pub articles: u64,
}

impl Db {
    /// The published article at `slug`; `None` for a draft, a withdrawn article or no article.
    /// Remembered while the data is unchanged (the page under load asks nothing else).
    pub async fn published_article(&self, slug: &str) -> Result<Option<ArticleRow>> {
        let sql = format!(
            "SELECT {ARTICLE_COLS} FROM portal_article a JOIN organization o ON o.id = a.org_id \
             WHERE a.slug = $1 AND a.status = 'published'"
        );
        self.cache
            .lookup(format!("portal-article|{slug}"), || async {
                one(&self.conn, &sql, vec![slug.into()])
                    .await?
                    .map(|r| article_from_row(&r))
                    .transpose()
            })
            .await
    }

    /// One page of the published articles `q` asks for, newest first, and how many there are
    /// in all.
    pub async fn published_articles(&self, q: &ArticleQuery) -> Result<(Vec<ArticleRow>, u64)> {
        let mut filter = String::from("a.status = 'published'");
        let mut values: Vec<sea_orm::Value> = Vec::new();
        if let Some(code) = &q.org {
            values.push(code.trim().to_uppercase().into());
            filter += &format!(" AND o.code = ${}", values.len());
        }
        if let Some((from, to)) = q.between {
            values.push(from.into());
            values.push(to.into());
            filter += &format!(
                " AND a.published_at >= ${} AND a.published_at < ${}",
                values.len() - 1,
                values.len()
            );
        }
        if let Some(words) = q.search.as_deref().map(domain::text::search_key)
            && !words.is_empty()
        {
            for w in words.split(' ') {
                values.push(like_contains(w).into());
                filter += &format!(" AND a.search_key LIKE ${} {LIKE_ESCAPE}", values.len());
            }
        }
        let from = "FROM portal_article a JOIN organization o ON o.id = a.org_id";
        let total = one(
            &self.conn,
            &format!("SELECT COUNT(*) AS n {from} WHERE {filter}"),
            values.clone(),
        )
        .await?
        .map(|r| get_count(&r, "n"))
        .transpose()?
        .unwrap_or(0);
        values.push((q.limit.max(1) as i64).into());
        values.push((q.offset as i64).into());
        let sql = format!(
            "SELECT {ARTICLE_COLS} {from} WHERE {filter} ORDER BY a.published_at DESC, a.id DESC LIMIT ${} OFFSET ${}",
            values.len() - 1,
            values.len()
        );
        let rows = all(&self.conn, &sql, values)
            .await?
            .iter()
            .map(article_from_row)
            .collect::<Result<_>>()?;
        Ok((rows, total))
    }

    /// Every published article as a link (no body), newest first: what the related articles
    /// and the archive's months are chosen from. Remembered while the data is unchanged.
    pub async fn published_links(&self) -> Result<Vec<ArticleLink>> {
        self.cache
            .get_or("portal-links".into(), || async {
                let rows = all(
                    &self.conn,
                    "SELECT a.id, a.org_id, a.slug, a.title, a.published_at FROM portal_article a \
                     WHERE a.status = 'published' ORDER BY a.published_at DESC, a.id DESC",
                    vec![],
                )
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(ArticleLink {
                            id: get(r, "id")?,
                            org_id: get(r, "org_id")?,
                            slug: get(r, "slug")?,
                            title: get(r, "title")?,
                            published_at: get(r, "published_at")?,
                        })
                    })
                    .collect::<Result<Vec<_>>>()
            })
            .await
    }

    /// The organizations with published articles, by name.
    pub async fn publishing_orgs(&self) -> Result<Vec<PublishingOrg>> {
        let rows = all(
            &self.conn,
            "SELECT o.code, \
             (SELECT v.name FROM org_version v WHERE v.org_id = o.id ORDER BY v.valid_from DESC LIMIT 1) AS name, \
             COUNT(*) AS n FROM portal_article a JOIN organization o ON o.id = a.org_id \
             WHERE a.status = 'published' GROUP BY o.id, o.code",
            vec![],
        )
        .await?;
        let mut out = rows
            .iter()
            .map(|r| {
                Ok(PublishingOrg {
                    code: get(r, "code")?,
                    name: get::<Option<String>>(r, "name")?.unwrap_or_default(),
                    articles: get_count(r, "n")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        out.sort_by(|a, b| domain::text::compare_names(&a.name, &b.name));
        Ok(out)
    }
}

/// A published article's link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleLink {
    pub id: i32,
    pub org_id: i32,
    pub slug: String,
    pub title: String,
    pub published_at: NaiveDateTime,
}
