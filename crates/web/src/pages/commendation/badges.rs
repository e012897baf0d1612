//! The badges due (`/to-chuc/{code}/huy-hieu?dip=YYYY-MM-DD`): the members of the subtree on
//! the list of one award date (the four of the year to choose from), by milestone, each
//! linking to their page, with the reason they are listed; and the form that records a badge
//! (`Db::award_badge`: the rules in force on the award date; a refusal is shown beside its
//! field, nothing saved).

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate};
use domain::accounts::access::Action;
use domain::commendation::badge::{self, BadgeStatus};
use domain::text::format_date;
use serde::Deserialize;

use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::pages::form::{Errors, keep, parse_decision, parse_dmy, sentence, unprocessable};
use crate::pages::guard::{readable_org, writable_org};
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct Params {
    pub dip: Option<String>,
    pub da_ghi: Option<String>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct Input {
    pub csrf: String,
    pub dip: String,
    pub person: String,
    pub milestone: String,
    pub awarded_on: String,
    pub symbol: String,
    pub signed_on: String,
}

/// One member on the page.
pub struct Line {
    pub id: i32,
    pub name: String,
    pub card: String,
    pub org_code: String,
    pub org_name: String,
    pub admitted: String,
    pub age: String,
    pub deducted: i64,
    pub status: &'static str,
    pub status_label: &'static str,
    pub reason: String,
}

/// The members of one milestone.
pub struct Group {
    pub milestone: u32,
    pub lines: Vec<Line>,
}

#[derive(Template, WebTemplate)]
#[template(path = "commendation/badges.html")]
pub struct BadgesPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    code: String,
    name: String,
    /// The award date shown, `YYYY-MM-DD` and dd/mm/yyyy.
    dip: String,
    dip_label: String,
    year: i32,
    /// (YYYY-MM-DD, d/m/yyyy, chosen) of the four award dates of the year.
    dates: Vec<(String, String, bool)>,
    groups: Vec<Group>,
    total: usize,
    due: usize,
    deferred: usize,
    early: usize,
    can_write: bool,
    /// (person id, "name — milestone") of the listed members who may receive it.
    choices: Vec<(String, String)>,
    milestones: Vec<u32>,
    f: Input,
    errors: Errors,
    message: Option<String>,
    saved: bool,
}

/// The award date asked (`dip`), or the next one from today.
fn award_date(raw: Option<&str>, today: NaiveDate) -> Result<NaiveDate, WebError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(badge::next_award_date(today)),
        Some(_) => crate::pages::as_of(raw, today),
    }
}

fn line(r: db::commendation::BadgeDueRow) -> Line {
    Line {
        id: r.person_id,
        name: r.name,
        card: r.card.unwrap_or_else(|| "—".into()),
        org_code: r.org_code,
        org_name: r.org_name,
        admitted: format_date(r.admitted),
        age: r.party_age.to_string(),
        deducted: r.deducted_days,
        status: r.status.code(),
        status_label: r.status.label(),
        reason: r.reason,
    }
}

async fn build(
    s: &AppState,
    me: &CurrentUser,
    org: db::OrgRow,
    on: NaiveDate,
    f: Input,
    errors: Errors,
    message: Option<String>,
) -> Result<BadgesPage, WebError> {
    let rows = s.db.badges_due(&org.code, on).await?;
    let count = |st: BadgeStatus| rows.iter().filter(|r| r.status == st).count();
    let (due, deferred, early) = (
        count(BadgeStatus::Due),
        count(BadgeStatus::Deferred),
        count(BadgeStatus::Early),
    );
    let choices = rows
        .iter()
        .filter(|r| r.status != BadgeStatus::Deferred)
        .map(|r| {
            (
                r.person_id.to_string(),
                format!("{} — {} năm", r.name, r.milestone),
            )
        })
        .collect();
    let total = rows.len();
    let mut groups: Vec<Group> = Vec::new();
    for r in rows {
        match groups.last_mut() {
            Some(g) if g.milestone == r.milestone => g.lines.push(line(r)),
            _ => groups.push(Group {
                milestone: r.milestone,
                lines: vec![line(r)],
            }),
        }
    }
    let iso = on.to_string();
    let f = Input {
        dip: iso.clone(),
        awarded_on: if f.awarded_on.is_empty() {
            format_date(on)
        } else {
            f.awarded_on
        },
        ..f
    };
    Ok(BadgesPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        can_write: me.can(&org.path, Action::Write) && org.dissolved_on.is_none(),
        code: org.code,
        name: org.name,
        dip_label: format_date(on),
        year: on.year(),
        dates: badge::award_dates(on.year())
            .into_iter()
            .map(|d| (d.to_string(), format_date(d), d == on))
            .collect(),
        dip: iso,
        groups,
        total,
        due,
        deferred,
        early,
        choices,
        milestones: badge::MILESTONES.to_vec(),
        f,
        errors,
        message,
        saved: false,
    })
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
    Query(q): Query<Params>,
) -> Result<BadgesPage, WebError> {
    let org = readable_org(&s, &me, &code).await?;
    let on = award_date(q.dip.as_deref(), s.today())?;
    let mut p = build(&s, &me, org, on, Input::default(), Errors::new(), None).await?;
    p.saved = q.da_ghi.is_some();
    Ok(p)
}

/// What the form asks, read; each bad field's message into `errors`.
fn read(f: &Input, errors: &mut Errors) -> Option<(i32, u32, NaiveDate)> {
    let person = keep(
        errors,
        "person",
        f.person
            .trim()
            .parse::<i32>()
            .map_err(|_| "hãy chọn đảng viên"),
    );
    let milestone = keep(
        errors,
        "milestone",
        f.milestone
            .trim()
            .parse::<u32>()
            .map_err(|_| "hãy chọn mốc tuổi Đảng"),
    );
    let on = keep(errors, "awarded_on", parse_dmy(&f.awarded_on));
    Some((person?, milestone?, on?))
}

/// Records a badge; a refusal brings the page back (422) with the message beside its field.
pub async fn record(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(f): Form<Input>,
) -> Result<Response, WebError> {
    check_csrf(&headers, &f.csrf)?;
    let org = writable_org(&s, &me, &code).await?;
    let today = s.today();
    let on = award_date(Some(&f.dip), today).unwrap_or(badge::next_award_date(today));
    let mut errors = Errors::new();
    let read = read(&f, &mut errors);
    let decision = parse_decision(&f.symbol, &f.signed_on, today, &mut errors);
    let Some((person, milestone, awarded_on)) = read.filter(|_| errors.is_empty()) else {
        let p = build(&s, &me, org, on, f, errors, None).await?;
        return Ok(unprocessable(p));
    };
    // Only someone of this subtree: otherwise the same answer as an unknown person.
    let home = s.db.person_home(person).await;
    if !home.is_ok_and(|h| h.path.starts_with(&org.path)) {
        errors.insert("person", "không có đảng viên này trong tổ chức".into());
        let p = build(&s, &me, org, on, f, errors, None).await?;
        return Ok(unprocessable(p));
    }
    let new = db::commendation::NewBadge {
        person,
        milestone,
        awarded_on,
        decision,
    };
    match s.db.award_badge(&me.actor, &new).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/to-chuc/{}/huy-hieu?dip={on}&da_ghi=1#danh-sach",
            org.code
        ))
        .into_response()),
        Err(e) if e.is_bad_input() => {
            let m = e.to_string();
            let field = if m.contains("thời gian chờ") {
                "awarded_on"
            } else if m.contains("ngày vào Đảng") {
                "person"
            } else {
                "milestone"
            };
            errors.insert(field, sentence(&m));
            let p = build(&s, &me, org, on, f, errors, None).await?;
            Ok(unprocessable(p))
        }
        Err(e) => Err(e.into()),
    }
}
