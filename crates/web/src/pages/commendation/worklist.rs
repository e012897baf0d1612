//! The office's work list (`/to-chuc/{code}/khen-thuong`): the dossiers of the subtree by
//! status, overdue first, with the counts of each status; and the bulk appraisal of every
//! waiting dossier, run in the background with a progress bar (`/tien-trinh/{id}`).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use db::DossierRow;
use domain::commendation::dossier::Status;
use domain::text::format_date;
use serde::Deserialize;

use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::jobs::Progress;
use crate::pages::branch::may_write;
use crate::pages::guard::{readable_org, writable_org};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct Filter {
    trang_thai: Option<String>,
}

pub struct Line {
    pub id: i32,
    pub recipient: String,
    pub subject: &'static str,
    pub kind: &'static str,
    pub year: i32,
    pub unit: String,
    pub submitted: String,
    pub due: String,
    pub overdue: bool,
    pub status: &'static str,
    pub status_code: &'static str,
}

pub struct Count {
    pub code: &'static str,
    pub label: &'static str,
    pub n: u64,
    pub percent: u64,
}

#[derive(Template, WebTemplate)]
#[template(path = "commendation/worklist.html")]
pub struct WorklistPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    code: String,
    name: String,
    counts: Vec<Count>,
    total: u64,
    overdue: u64,
    waiting: u64,
    filter: String,
    lines: Vec<Line>,
    shown_all: bool,
    may_write: bool,
}

const LIMIT: u64 = 300;

fn line(d: DossierRow, today: chrono::NaiveDate) -> Line {
    Line {
        overdue: d.overdue(today),
        id: d.id,
        recipient: d.recipient,
        subject: d.subject.label(),
        kind: d.kind.label(),
        year: d.year,
        unit: d.org_name,
        submitted: format_date(d.submitted_on),
        due: format_date(d.due_on),
        status: d.status.label(),
        status_code: d.status.code(),
    }
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
    Query(f): Query<Filter>,
) -> Result<WorklistPage, WebError> {
    let org = readable_org(&s, &me, &code).await?;
    let today = s.today();
    let status = match f
        .trang_thai
        .as_deref()
        .map(str::trim)
        .filter(|x| !x.is_empty())
    {
        None => None,
        Some(x) => Some(Status::from_code(x).ok_or_else(|| {
            WebError::BadInput(format!(
                "Trạng thái hồ sơ '{}' không có.",
                domain::text::excerpt(x)
            ))
        })?),
    };
    let c = s.db.dossier_counts(&org.code, today).await?;
    let rows = s.db.dossiers(&org.code, status, today, LIMIT).await?;
    let shown = rows.len() as u64;
    let in_filter = status.map_or(c.total, |st| {
        c.by_status
            .iter()
            .find(|(x, _)| *x == st)
            .map_or(0, |(_, n)| *n)
    });
    Ok(WorklistPage {
        user: Some(crate::pages::menu::Viewer::of(&me)),
        csrf: me.csrf.clone(),
        may_write: may_write(&me, &org),
        counts: c
            .by_status
            .iter()
            .map(|(st, n)| Count {
                code: st.code(),
                label: st.label(),
                n: *n,
                percent: (n * 100).checked_div(c.total).unwrap_or(0),
            })
            .collect(),
        waiting: c
            .by_status
            .iter()
            .find(|(x, _)| *x == Status::Submitted)
            .map_or(0, |(_, n)| *n),
        total: c.total,
        overdue: c.overdue,
        filter: status.map(|x| x.code().to_string()).unwrap_or_default(),
        lines: rows.into_iter().map(|d| line(d, today)).collect(),
        shown_all: shown >= in_filter,
        code: org.code,
        name: org.name,
    })
}

/// Starts the appraisal of every waiting dossier of the subtree and shows its progress.
pub async fn appraise_all(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(code): Path<String>,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    check_csrf(&headers, crate::pages::form::field(&pairs, "csrf"))?;
    let org = writable_org(&s, &me, &code).await?;
    let back = format!("/to-chuc/{}/khen-thuong", org.code);
    let id = s.jobs.start(Progress {
        owner: me.username.clone(),
        back: back.clone(),
        title: format!("Thẩm định các hồ sơ chờ của {}", org.name),
        ..Progress::default()
    });
    let (jobs, db, actor, today) = (s.jobs.clone(), s.db.clone(), me.actor.clone(), s.today());
    tokio::spawn(async move {
        let j = jobs.clone();
        let report = move |done: usize, total: usize| {
            j.update(id, |p| {
                p.done = done;
                p.total = total;
            })
        };
        let outcome = match db.appraise_waiting(&actor, &org.code, today, &report).await {
            Ok((n, ok)) => format!(
                "Đã thẩm định {} hồ sơ: {} đủ điều kiện, {} không đủ điều kiện.",
                domain::text::format_int(n as i64),
                domain::text::format_int(ok as i64),
                domain::text::format_int((n - ok) as i64)
            ),
            Err(e) => format!("Không thẩm định được: {e}. Chưa có gì được lưu."),
        };
        jobs.update(id, |p| p.outcome = Some(outcome));
    });
    Ok(Redirect::to(&format!("/tien-trinh/{id}")).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "commendation/progress.html")]
pub struct ProgressPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    p: Progress,
    percent: usize,
    /// `p.done` and `p.total` in Vietnamese digits ("5.600.000").
    done: String,
    total: String,
    id: u64,
}

/// The progress of a job: refreshes every second until it is done.
pub async fn progress(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(id): Path<u64>,
) -> Result<ProgressPage, WebError> {
    let p = s.jobs.get(id, &me.username).ok_or(WebError::NotFound)?;
    Ok(ProgressPage {
        user: Some(crate::pages::menu::Viewer::of(&me)),
        csrf: me.csrf.clone(),
        percent: p.percent(),
        done: domain::text::format_int(p.done as i64),
        total: domain::text::format_int(p.total as i64),
        p,
        id,
    })
}

/// The file a finished job made, for the user who started it.
pub async fn progress_file(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(id): Path<u64>,
) -> Result<Response, WebError> {
    let p = s.jobs.get(id, &me.username).ok_or(WebError::NotFound)?;
    let f = p.file.ok_or(WebError::NotFound)?;
    crate::pages::download::job_file(&f).await
}
