//! An organization's page on a date: where it sits, its structure statistics with charts and
//! the report paragraph, its subordinate organizations, its members (diacritic-insensitive
//! search, Vietnamese name order) and its dated history.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use chrono::NaiveDate;
use domain::accounts::access::Action;
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct Params {
    ngay: Option<String>,
    tim: Option<String>,
}

pub struct MemberLine {
    pub id: i32,
    pub name: String,
    pub born: String,
    pub status: &'static str,
    pub card: String,
    pub org: String,
    /// The reader may open the member's file (false: the member now belongs elsewhere).
    pub openable: bool,
}

/// The member lines of a register page, each marked whether the reader may open the file
/// (a member listed on a past date may now belong to an organization the reader cannot see).
pub async fn member_lines(
    s: &AppState,
    me: &CurrentUser,
    rows: &[db::MemberRow],
) -> Result<Vec<MemberLine>, WebError> {
    let ids: Vec<i32> = rows.iter().map(|m| m.id).collect();
    let homes = s.db.home_paths(&ids).await?;
    Ok(rows
        .iter()
        .map(|m| MemberLine {
            openable: homes.get(&m.id).is_some_and(|p| me.can_read(p)),
            ..MemberLine::from(m)
        })
        .collect())
}

impl From<&db::MemberRow> for MemberLine {
    fn from(m: &db::MemberRow) -> Self {
        MemberLine {
            id: m.id,
            name: m.record.full_name.to_string(),
            born: domain::text::format_date(m.record.birth_date),
            status: m.status.map(|s| s.label()).unwrap_or("—"),
            card: m
                .record
                .membership
                .as_ref()
                .and_then(|x| x.card_number.as_ref())
                .map(|c| c.as_str().to_string())
                .unwrap_or_default(),
            org: m.org_name.clone(),
            openable: true,
        }
    }
}

/// How many members the organization's page lists before pointing to the full list.
const FIRST_MEMBERS: u64 = 50;

#[derive(Template, WebTemplate)]
#[template(path = "register/org.html")]
pub struct OrgPage {
    user: Option<crate::pages::menu::Viewer>,
    /// The structure's figures, each opening its list.
    figures: Vec<super::figure::FigureGroup>,
    csrf: String,
    code: String,
    name: String,
    kind: &'static str,
    created: String,
    as_of: String,
    as_of_iso: String,
    ancestry: Vec<(String, String)>,
    paragraph: String,
    charts: Vec<String>,
    children: Vec<(String, String)>,
    search: String,
    members: Vec<MemberLine>,
    /// All members matching the search (the page shows the first `FIRST_MEMBERS`).
    member_total: u64,
    member_total_text: String,
    events: Vec<(String, String)>,
    can_write: bool,
    /// Splitting also writes in the parent (`menu::may_split`, as the route requires).
    can_split: bool,
    /// The yearly commendation proposal is a branch's or a grassroots organization's own.
    proposes: bool,
    /// The register is large: its .csv is made in the background (`member_export`).
    export_in_background: bool,
    /// The register fits in one Excel sheet.
    xlsx_fits: bool,
    /// The members on the date, whatever the search.
    member_total_all: String,
}

/// The organization as it stood on `on`, once the user may read it. One that exists but not
/// on that date is refused with the reason, if the user may see it today.
async fn org_on(
    s: &AppState,
    me: &CurrentUser,
    code: &str,
    on: NaiveDate,
) -> Result<db::OrgRow, WebError> {
    let org = match s.db.org(code, Some(on)).await {
        Ok(o) => o,
        Err(db::DbError::Invalid(m)) => {
            let now =
                s.db.org_latest(code)
                    .await
                    .map_err(|_| WebError::NotFound)?;
            me.require(&s.db, &now.path, Action::Read, "organization", &now.code)
                .await?;
            return Err(WebError::BadInput(m));
        }
        Err(e) => return Err(e.into()),
    };
    me.require(&s.db, &org.path, Action::Read, "organization", &org.code)
        .await?;
    Ok(org)
}

/// The organizations above, from the top down, as far up as the user may read.
async fn ancestry(
    s: &AppState,
    me: &CurrentUser,
    org: &db::OrgRow,
) -> Result<Vec<(String, String)>, WebError> {
    let mut ancestry = Vec::new();
    let mut parent = org.parent_id;
    while let Some(pid) = parent {
        let p = s.db.org_by_id(pid).await?;
        if !me.can_read(&p.path) {
            break;
        }
        parent = p.parent_id;
        ancestry.push((p.code, p.name));
    }
    ancestry.reverse();
    Ok(ancestry)
}

/// The organization's history: each event dated, with the organization it concerns, its
/// note and its decision.
async fn history(s: &AppState, code: &str) -> Result<Vec<(String, String)>, WebError> {
    Ok(s.db
        .org_events(code)
        .await?
        .into_iter()
        .map(|e| {
            let mut t = e.kind.label().to_string();
            if let Some(n) = e.related_name {
                t.push_str(&format!(" — {n}"));
            }
            if let Some(n) = e.note {
                t.push_str(&format!(": {n}"));
            }
            if let Some(d) = e.decision {
                t.push_str(&format!(" (Quyết định {d})"));
            }
            (domain::text::format_date(e.on), t)
        })
        .collect())
}

/// The organization's page on the date asked for (today by default).
pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
    Query(p): Query<Params>,
) -> Result<OrgPage, WebError> {
    let on = crate::pages::as_of(p.ngay.as_deref(), s.today())?;
    let org = org_on(&s, &me, &code, on).await?;
    let stats = s.db.structure(&org.code, on).await?;
    let st = &stats.structure;
    let charts = vec![
        crate::chart::bars("Độ tuổi", &st.age),
        crate::chart::bars("Lý luận chính trị", &st.theory),
        crate::chart::bars("Trình độ chuyên môn", &st.qualification),
    ];
    let tree = s.db.tree(&org.code, Some(on)).await?;
    let children = tree
        .iter()
        // Only those the reader may open (a secretary reads its own organization only).
        .filter(|o| o.parent_id == Some(org.id) && me.can_read(&o.path))
        .map(|o| (o.code.clone(), o.name.clone()))
        .collect();
    let ancestry = ancestry(&s, &me, &org).await?;
    let search = p.tim.clone().unwrap_or_default();
    let page =
        s.db.register_page(
            &db::RegisterQuery {
                org: org.code.clone(),
                on,
                search: p.tim.clone(),
                include_non_members: false,
            },
            Some((0, FIRST_MEMBERS)),
        )
        .await?;
    let member_total = page.total;
    let members = member_lines(&s, &me, &page.rows).await?;
    let events = history(&s, &org.code).await?;
    let can_write = me.can(&org.path, Action::Write) && org.dissolved_on.is_none();
    let can_split = can_write && crate::pages::menu::may_split_org(&s, &me, &org).await?;
    let figures = super::figure::structure_groups(&org.code, st, on);
    Ok(OrgPage {
        export_in_background: super::member_export::in_background(&s, st.members),
        xlsx_fits: st.members <= reports::register::members_file::MAX_DATA_ROWS as u64,
        member_total_all: domain::text::format_int(st.members as i64),
        figures,
        can_write,
        can_split,
        proposes: !org.kind.is_above_grassroots(),
        user: Some(crate::pages::menu::Viewer::of(&me)),
        csrf: me.csrf.clone(),
        paragraph: st.paragraph(&org.name),
        code: org.code,
        name: org.name,
        kind: org.kind.label(),
        created: domain::text::format_date(org.created_on),
        as_of: domain::text::format_date(on),
        as_of_iso: on.to_string(),
        ancestry,
        charts,
        children,
        search,
        members,
        member_total_text: domain::text::format_int(member_total as i64),
        member_total,
        events,
    })
}
