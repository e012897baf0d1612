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
    /// When the tree is too large to list whole: what the page lists instead.
    cut: Option<String>,
}

/// The most organizations the tree page lists. A larger tree (a country holds about 175,000)
/// is listed down to the deepest level that keeps within this; each organization's own page
/// lists its subordinates.
const MOST_LINES: usize = 2_000;

/// The deepest level (depth below the root) to list so that at most `most` of the
/// organizations at `depths` are listed; the root and its direct subordinates always are.
fn shown_depth(depths: impl Iterator<Item = usize>, most: usize) -> usize {
    let mut per_level: Vec<usize> = Vec::new();
    for d in depths {
        if per_level.len() <= d {
            per_level.resize(d + 1, 0);
        }
        per_level[d] += 1;
    }
    let mut listed = 0;
    let mut shown = 0;
    for (d, n) in per_level.iter().enumerate() {
        listed += n;
        if listed > most && d > 1 {
            break;
        }
        shown = d;
    }
    shown
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Query(p): Query<Params>,
) -> Result<TreePage, WebError> {
    let on = crate::pages::as_of(p.ngay.as_deref(), s.today())?;
    let mut trees = Vec::new();
    for root in me.root_codes(&s.db).await? {
        if let Ok(rows) = s.db.tree_shared(&root, Some(on)).await {
            trees.push(rows);
        }
    }
    let mut orgs = Vec::new();
    for rows in &trees {
        let base = rows.first().map(|r| r.depth()).unwrap_or(0);
        orgs.extend(
            rows.iter()
                .filter(|r| me.can_read(&r.path))
                .map(|r| (r.depth() - base, r)),
        );
    }
    // The level to list is chosen first, so that only the lines listed are copied (a
    // country's tree has 175,000).
    let total = orgs.len();
    let depth = shown_depth(orgs.iter().map(|(d, _)| *d), MOST_LINES);
    let orgs: Vec<OrgLine> = orgs
        .into_iter()
        .filter(|(d, _)| *d <= depth)
        .map(|(depth, r)| OrgLine {
            depth,
            code: r.code.clone(),
            name: r.name.clone(),
            kind: r.kind.label(),
        })
        .collect();
    let cut = (orgs.len() < total).then(|| {
        format!(
            "Cây có {} tổ chức, quá nhiều để liệt kê một lần: trang này liệt kê {} tổ chức đến cấp thứ {} tính từ tổ chức gốc. Mở một tổ chức để xem các tổ chức trực thuộc của nó.",
            domain::text::format_int(total as i64),
            domain::text::format_int(orgs.len() as i64),
            depth + 1
        )
    });
    Ok(TreePage {
        user: Some(crate::pages::menu::Viewer::of(&me)),
        csrf: me.csrf.clone(),
        as_of: domain::text::format_date(on),
        as_of_iso: on.to_string(),
        orgs,
        cut,
    })
}

#[cfg(test)]
mod tests {
    use super::shown_depth;

    #[test]
    fn a_large_tree_is_listed_to_the_level_that_fits() {
        // The root, 34 provinces, 700 blocks, 37,000 grassroots organizations.
        let country = std::iter::once(0)
            .chain(std::iter::repeat_n(1, 34))
            .chain(std::iter::repeat_n(2, 700))
            .chain(std::iter::repeat_n(3, 37_000));
        assert_eq!(shown_depth(country, 2_000), 2);
        // A province's tree of 2,000 lines is listed whole.
        let province = std::iter::once(0)
            .chain(std::iter::repeat_n(1, 20))
            .chain(std::iter::repeat_n(2, 1_979));
        assert_eq!(shown_depth(province, 2_000), 2);
        // The root and its subordinates are listed even when they alone exceed the limit.
        let wide = std::iter::once(0).chain(std::iter::repeat_n(1, 5_000));
        assert_eq!(shown_depth(wide, 2_000), 1);
        assert_eq!(shown_depth(std::iter::empty(), 2_000), 0);
    }
}
