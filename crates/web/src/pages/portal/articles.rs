//! An organization's articles (`/to-chuc/{code}/tin-bai`): every draft, published and
//! withdrawn article of the organization, newest first, with a form for a new draft; and
//! the congress's generated draft article made into a portal draft
//! (`POST /dai-hoi/{id}/tin-bai`), its headline as the title.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use domain::accounts::access::Action;
use domain::portal::{ArticleStatus, ArticleText};

use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::pages::branch::may_write;
use crate::pages::form::{Errors, Pairs, field, sentence, unprocessable};
use crate::pages::guard::{readable_org, writable_org};
use crate::state::AppState;

pub struct Line {
    pub id: i32,
    pub title: String,
    pub status: &'static str,
    pub published: bool,
    pub slug: String,
    pub date: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/org_articles.html")]
pub struct ArticlesPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    code: String,
    name: String,
    lines: Vec<Line>,
    may_write: bool,
    error: Option<String>,
    errors: Errors,
    typed: Pairs,
}

impl ArticlesPage {
    fn val(&self, name: &str) -> &str {
        field(&self.typed, name)
    }
}

async fn build(
    s: &AppState,
    me: &CurrentUser,
    code: &str,
    (errors, typed): (Errors, Pairs),
) -> Result<ArticlesPage, WebError> {
    let org = readable_org(s, me, code).await?;
    let lines =
        s.db.org_articles(&org.code)
            .await?
            .into_iter()
            .map(|a| Line {
                id: a.id,
                status: a.status.label(),
                published: a.status == ArticleStatus::Published,
                date: domain::portal::stamp(a.published_at.unwrap_or(a.updated_at)),
                slug: a.slug,
                title: a.title,
            })
            .collect();
    Ok(ArticlesPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        may_write: may_write(me, &org),
        code: org.code,
        name: org.name,
        lines,
        error: (!errors.is_empty()).then(|| "Chưa ghi được; hãy sửa các ô được đánh dấu.".into()),
        errors,
        typed,
    })
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
) -> Result<ArticlesPage, WebError> {
    build(&s, &me, &code, Default::default()).await
}

/// The checked text of a form (`tieu_de`, `noi_dung`, `nguon`), or each field's message.
pub fn typed_text(pairs: &Pairs) -> Result<ArticleText, Errors> {
    ArticleText::parse(
        field(pairs, "tieu_de"),
        field(pairs, "noi_dung"),
        field(pairs, "nguon"),
    )
    .map_err(|errs| {
        errs.into_iter()
            .map(|(f, e)| {
                let name = match f {
                    "title" => "tieu_de",
                    "body" => "noi_dung",
                    _ => "nguon",
                };
                (name, e.to_string())
            })
            .collect()
    })
}

/// A new draft typed on the list's form.
pub async fn create(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(code): Path<String>,
    axum::Form(pairs): axum::Form<Pairs>,
) -> Result<Response, WebError> {
    check_csrf(&headers, field(&pairs, "csrf"))?;
    let org = writable_org(&s, &me, &code).await?;
    let text = match typed_text(&pairs) {
        Ok(t) => t,
        Err(errors) => {
            return Ok(unprocessable(
                build(&s, &me, &org.code, (errors, pairs)).await?,
            ));
        }
    };
    let a =
        s.db.create_article(&me.actor, &org.code, &text, None)
            .await?;
    Ok(Redirect::to(&format!("/tin-bai/{}", a.id)).into_response())
}

/// The congress's draft article (`congress_docs::article`) as a new portal draft of the
/// congress's organization: the headline as title, the paragraphs as body, the organization
/// as source.
pub async fn from_congress(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(raw): Path<String>,
    axum::Form(pairs): axum::Form<Pairs>,
) -> Result<Response, WebError> {
    check_csrf(&headers, field(&pairs, "csrf"))?;
    let (c, org) = crate::pages::congress::page::congress_for(&s, &me, &raw, Action::Write).await?;
    let org = writable_org(&s, &me, &org.code).await?;
    let text = congress_draft(&s.db, c.id, &org.name)
        .await
        .map_err(|e| match e {
            crate::congress_docs::DocsError::Db(e) => e.into(),
            e => WebError::BadInput(sentence(&e.to_string())),
        })?;
    let a =
        s.db.create_article(&me.actor, &org.code, &text, Some(c.id))
            .await?;
    Ok(Redirect::to(&format!("/tin-bai/{}", a.id)).into_response())
}

/// The congress's generated draft article (`congress_docs::article`) as a portal text: the
/// headline as title, the paragraphs as body, `source` as the source line. Also what
/// `dangvu demo` publishes.
pub async fn congress_draft(
    db: &db::Db,
    congress: i32,
    source: &str,
) -> Result<ArticleText, crate::congress_docs::DocsError> {
    use crate::congress_docs::DocsError;
    let input = crate::congress_docs::article(db, congress).await?;
    let markdown = input
        .to_markdown()
        .map_err(|e| DocsError::Refused(e.to_string()))?;
    let (title, body) = match markdown.split_once("\n\n") {
        Some((h, rest)) if h.starts_with("# ") => (h.trim_start_matches("# ").to_string(), rest),
        _ => (input.organization.clone(), markdown.as_str()),
    };
    ArticleText::parse(&title, body, source).map_err(|errs| {
        DocsError::Refused(
            errs.iter()
                .map(|(_, e)| e.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })
}
