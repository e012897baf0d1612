//! The season dashboard of a superior: the plan for its subordinates ("x/y đã tổ chức", overdue
//! first, warnings) and, for a user who may write, the forms to issue a plan and to record a
//! congress of the organization itself (their handlers are in `forms`).

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use chrono::NaiveDate;
use domain::accounts::access::Action;
use domain::congress::kind_label;
use domain::text::format_date;
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::pages::form::Errors;
use crate::state::AppState;

/// One subordinate on the season dashboard.
pub struct PlanLine {
    pub org_code: String,
    pub org_name: String,
    pub scheduled: String,
    pub pilot: bool,
    pub state: &'static str,
    pub overdue: bool,
    pub held_on: Option<String>,
    /// The congress held, for a link.
    pub congress: Option<i32>,
}

pub struct PlanBlock {
    pub symbol: String,
    pub title: String,
    pub issued_on: String,
    pub progress: String,
    pub lines: Vec<PlanLine>,
    pub warnings: Vec<String>,
}

/// One subordinate on the plan form, as typed.
#[derive(Clone, Default)]
pub struct PlanRowInput {
    pub code: String,
    pub name: String,
    pub included: bool,
    pub scheduled: String,
    pub pilot: bool,
    pub previous: String,
}

/// The plan form as typed.
#[derive(Clone, Default)]
pub struct PlanInput {
    pub symbol: String,
    pub title: String,
    pub issued_on: String,
    pub rows: Vec<PlanRowInput>,
}

/// The new-congress form as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct NewCongressInput {
    pub csrf: String,
    pub ordinal: String,
    pub term: String,
    pub kind: String,
    pub starts_on: String,
    pub ends_on: String,
    pub place: String,
    pub guests: String,
    pub pilot: String,
}

/// What a refused season form brings back.
#[derive(Default)]
pub struct SeasonRefused {
    pub plan: Option<PlanInput>,
    pub plan_errors: Errors,
    /// Org code → the message beside that subordinate's line.
    pub row_errors: HashMap<String, String>,
    pub plan_message: Option<String>,
    pub congress: Option<NewCongressInput>,
    pub congress_errors: Errors,
    pub congress_message: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "congress/congress_season.html")]
pub struct SeasonPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    code: String,
    name: String,
    today: String,
    plans: Vec<PlanBlock>,
    /// The organization's own congresses: (id, "lần thứ IV", date).
    own: Vec<(i32, String, String)>,
    can_write: bool,
    /// "lần thứ V (sau lần thứ IV)": the ordinal the new congress is suggested.
    suggested: String,
    pf: PlanInput,
    plan_errors: Errors,
    row_errors: HashMap<String, String>,
    plan_message: Option<String>,
    cf: NewCongressInput,
    congress_errors: Errors,
    congress_message: Option<String>,
    kinds: Vec<(&'static str, &'static str)>,
}

/// The organization's subordinates a plan may schedule, with the date of each one's last
/// recorded congress (the previous congress of the interval rule).
pub async fn plan_rows(s: &AppState, org: &db::OrgRow) -> Result<Vec<PlanRowInput>, WebError> {
    let today = s.today();
    let depth = org.path.matches('/').count() + 1;
    let mut rows = Vec::new();
    for o in s.db.tree(&org.code, Some(today)).await? {
        if o.path.matches('/').count() != depth || !o.path.starts_with(&org.path) {
            continue;
        }
        let previous =
            s.db.congresses_of(&o.code)
                .await?
                .first()
                .map(|(_, _, on)| format_date(*on))
                .unwrap_or_default();
        rows.push(PlanRowInput {
            code: o.code,
            name: o.name,
            previous,
            ..PlanRowInput::default()
        });
    }
    Ok(rows)
}

/// The plans `org` issued, each with the state of every subordinate it schedules (and a link
/// to the congress held), its progress and its warnings.
async fn plan_blocks(
    s: &AppState,
    org: &db::OrgRow,
    today: NaiveDate,
) -> Result<Vec<PlanBlock>, WebError> {
    let mut plans = Vec::new();
    for (id, _, _) in s.db.plans_of(&org.code).await? {
        let v = s.db.plan_progress(id, today).await?;
        let mut lines = Vec::new();
        for r in &v.progress.rows {
            // The congress held that day (not the branch's latest: a 2019 season's line
            // opens its 2019 congress).
            let congress = match r.item.held_on {
                Some(day) => {
                    s.db.congresses_of(&r.item.org_code)
                        .await?
                        .into_iter()
                        .find(|(_, _, on)| *on == day)
                        .map(|(id, ..)| id)
                }
                None => None,
            };
            lines.push(PlanLine {
                org_code: r.item.org_code.clone(),
                org_name: r.item.org_name.clone(),
                scheduled: format_date(r.item.scheduled),
                pilot: r.item.pilot,
                state: r.state.label(),
                overdue: r.state == domain::congress::PlanState::Overdue,
                held_on: r.item.held_on.map(format_date),
                congress,
            });
        }
        plans.push(PlanBlock {
            progress: v.progress.label(),
            warnings: v.progress.warnings.iter().map(|w| w.to_string()).collect(),
            symbol: v.symbol,
            title: v.title,
            issued_on: format_date(v.issued_on),
            lines,
        });
    }
    Ok(plans)
}

/// The ordinal suggested for the next congress, after the previous one recorded (if any).
fn suggested_ordinal(previous: Option<u32>, next: u32) -> String {
    match previous {
        Some(p) => format!(
            "{} (sau đại hội {})",
            domain::congress::ordinal_label(next),
            domain::congress::ordinal_label(p)
        ),
        None => format!(
            "{} (chưa có đại hội nào được ghi nhận; nếu các đại hội trước chưa được nhập, ghi đúng lần thứ)",
            domain::congress::ordinal_label(next)
        ),
    }
}

/// The new-congress form as it starts: the next ordinal, the term after the previous
/// congress's (of the same length), a congress of members.
async fn congress_form(
    s: &AppState,
    previous: Option<i32>,
    next: u32,
) -> Result<NewCongressInput, WebError> {
    let term = match previous {
        Some(id) => {
            let t = s.db.congress(id).await?.term;
            format!("{}–{}", t.to, t.to + (t.to - t.from))
        }
        None => String::new(),
    };
    Ok(NewCongressInput {
        ordinal: domain::text::to_roman(next),
        term,
        kind: "members".into(),
        ..NewCongressInput::default()
    })
}

/// The season page of `org`, with a refused form's messages.
pub async fn build_season(
    s: &AppState,
    me: &CurrentUser,
    org: &db::OrgRow,
    refused: SeasonRefused,
) -> Result<SeasonPage, WebError> {
    let today = s.today();
    let plans = plan_blocks(s, org, today).await?;
    let congresses = s.db.congresses_of(&org.code).await?;
    let own = congresses
        .iter()
        .map(|(id, ordinal, on)| {
            (
                *id,
                domain::congress::ordinal_label(*ordinal),
                format_date(*on),
            )
        })
        .collect();
    let previous = congresses.first();
    let next = domain::congress::next_ordinal(previous.map(|p| p.1));
    let can_write = me.can(&org.path, Action::Write) && org.dissolved_on.is_none();
    let pf = match refused.plan {
        Some(p) => p,
        None if can_write => PlanInput {
            issued_on: format_date(today),
            rows: plan_rows(s, org).await?,
            ..PlanInput::default()
        },
        None => PlanInput::default(),
    };
    let cf = match refused.congress {
        Some(c) => c,
        None => congress_form(s, previous.map(|p| p.0), next).await?,
    };
    Ok(SeasonPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        code: org.code.clone(),
        name: org.name.clone(),
        today: format_date(today),
        plans,
        own,
        can_write,
        suggested: suggested_ordinal(previous.map(|p| p.1), next),
        pf,
        plan_errors: refused.plan_errors,
        row_errors: refused.row_errors,
        plan_message: refused.plan_message,
        cf,
        congress_errors: refused.congress_errors,
        congress_message: refused.congress_message,
        kinds: [
            domain::election::CongressKind::Members,
            domain::election::CongressKind::Delegates,
        ]
        .iter()
        .map(|k| (domain::congress::kind_key(*k), kind_label(*k)))
        .collect(),
    })
}

/// The congress season of an organization: its plans for its subordinates, and its own
/// congresses.
pub async fn season(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
) -> Result<SeasonPage, WebError> {
    let org = s.db.org_latest(&code).await?;
    me.require(&s.db, &org.path, Action::Read, "organization", &org.code)
        .await?;
    build_season(&s, &me, &org, SeasonRefused::default()).await
}
