//! The member list of an organization's subtree on a date, a page at a time: search that
//! ignores diacritics, Vietnamese name order from the stored sort key, and page links.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use domain::accounts::access::Action;
use serde::Deserialize;

use super::org::MemberLine;
use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::pages::form::{PAGE_SIZE, page_number};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct Params {
    ngay: Option<String>,
    tim: Option<String>,
    trang: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "register/members.html")]
pub struct MembersPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    code: String,
    name: String,
    as_of: String,
    as_of_iso: String,
    search: String,
    members: Vec<MemberLine>,
    /// The number of the first line on this page.
    first: u64,
    total_text: String,
    page: u64,
    pages: u64,
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
    Query(p): Query<Params>,
) -> Result<MembersPage, WebError> {
    let on = crate::pages::as_of(p.ngay.as_deref(), s.today())?;
    // Rights first, on the organization as it stands now, before saying anything about a date.
    let now = s.db.org_latest(&code).await?;
    me.require(&s.db, &now.path, Action::Read, "organization", &now.code)
        .await?;
    let org = s.db.org(&code, Some(on)).await?;
    me.require(&s.db, &org.path, Action::Read, "organization", &org.code)
        .await?;
    let q = db::RegisterQuery {
        org: org.code.clone(),
        on,
        search: p.tim.clone(),
        include_non_members: false,
    };
    // One query in the usual case; a page past the end is asked again as the last page.
    let asked = page_number(p.trang.as_deref(), 1_000_000);
    let mut rows =
        s.db.register_page(&q, Some(((asked - 1) * PAGE_SIZE, PAGE_SIZE)))
            .await?;
    let pages = rows.total.div_ceil(PAGE_SIZE).max(1);
    let page = asked.min(pages);
    if page != asked {
        rows =
            s.db.register_page(&q, Some(((page - 1) * PAGE_SIZE, PAGE_SIZE)))
                .await?;
    }
    let offset = (page - 1) * PAGE_SIZE;
    Ok(MembersPage {
        user: Some(crate::pages::menu::Viewer::of(&me)),
        csrf: me.csrf.clone(),
        code: org.code,
        name: org.name,
        as_of: domain::text::format_date(on),
        as_of_iso: on.to_string(),
        search: p.tim.unwrap_or_default(),
        members: super::org::member_lines(&s, &me, &rows.rows).await?,
        first: offset + 1,
        total_text: domain::text::format_int(rows.total as i64),
        page,
        pages,
    })
}
