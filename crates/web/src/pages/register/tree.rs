//! The organization tree page: the user's part of the tree as it stood on a chosen date.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct Params {
    ngay: Option<String>,
}

pub struct OrgLine {
    pub code: String,
    pub name: String,
    pub kind: &'static str,
    pub depth: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "register/tree.html")]
pub struct TreePage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    as_of: String,
    as_of_iso: String,
    orgs: Vec<OrgLine>,
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Query(p): Query<Params>,
) -> Result<TreePage, WebError> {
    let on = crate::pages::as_of(p.ngay.as_deref(), s.today())?;
    let mut orgs = Vec::new();
    for root in me.root_codes(&s.db).await? {
        let Ok(rows) = s.db.tree(&root, Some(on)).await else {
            continue;
        };
        let base = rows.first().map(|r| r.depth()).unwrap_or(0);
        orgs.extend(
            rows.into_iter()
                .filter(|r| me.can_read(&r.path))
                .map(|r| OrgLine {
                    depth: r.depth() - base,
                    code: r.code,
                    name: r.name,
                    kind: r.kind.label(),
                }),
        );
    }
    Ok(TreePage {
        user: Some(crate::pages::menu::Viewer::of(&me)),
        csrf: me.csrf.clone(),
        as_of: domain::text::format_date(on),
        as_of_iso: on.to_string(),
        orgs,
    })
}
