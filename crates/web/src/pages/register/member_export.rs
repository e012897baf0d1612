//! The register of a large subtree (a country's 5,6 million members, a large province's) as
//! .csv, made in the background: read a group of organizations at a time
//! (`Db::register_by_org`), written to a file on disk as it comes, with a progress bar on
//! `/tien-trinh/{id}`; the finished file is the owner's to download for an hour. The lines are
//! those of the ordinary export, organization by organization in the tree's order and each
//! one's members in Vietnamese name order, so a file of millions of lines is never held whole.

use std::io::Write;

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use reports::error::io_reason;
use reports::register::members_file::{RegisterCsv, RegisterRow};

use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::jobs::{FileBody, JobFile, Progress};
use crate::state::AppState;

/// Whether a register of `members` is exported in the background (and only as .csv).
pub fn in_background(s: &AppState, members: u64) -> bool {
    members > s.settings.background_export_from()
}

/// Starts making the .csv of the organization's register on the date asked (`ngay`).
pub async fn start(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Path(code): Path<String>,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    check_csrf(&headers, crate::pages::form::field(&pairs, "csrf"))?;
    let latest = crate::pages::guard::readable_org(&s, &me, &code).await?;
    let ngay = crate::pages::form::field(&pairs, "ngay");
    let on = crate::pages::as_of(Some(ngay), s.today())?;
    let org = s.db.org(&latest.code, Some(on)).await?;
    let members = s.db.structure(&org.code, on).await?.structure.members;
    let name = format!("dang-vien-{}-{on}.csv", org.code);
    let id = s.jobs.start(Progress {
        owner: me.username.clone(),
        back: format!("/to-chuc/{}?ngay={on}", org.code),
        back_label: format!("Về trang {}", org.name),
        title: format!(
            "Sổ đảng viên của {} ngày {} (.csv)",
            org.name,
            domain::text::format_date(on)
        ),
        total: usize::try_from(members).unwrap_or(usize::MAX),
        ..Progress::default()
    });
    let q = db::RegisterQuery {
        org: org.code.clone(),
        on,
        search: None,
        include_non_members: false,
    };
    let (jobs, db) = (s.jobs.clone(), s.db.clone());
    tokio::spawn(async move {
        let report = |done: usize| jobs.update(id, |p| p.done = done);
        let (outcome, file) = match write_csv(&db, &q, &name, report).await {
            Ok((lines, path)) => (
                format!(
                    "Đã chuẩn bị tệp {name}: {} đảng viên, theo từng tổ chức.",
                    domain::text::format_int(lines as i64)
                ),
                Some(std::sync::Arc::new(JobFile {
                    name: name.clone(),
                    content_type: crate::pages::download::CSV,
                    body: FileBody::Disk(path),
                })),
            ),
            Err(e) => (format!("Không chuẩn bị được tệp: {e}"), None),
        };
        jobs.update(id, |p| {
            p.outcome = Some(outcome);
            p.file = file;
        });
    });
    Ok(Redirect::to(&format!("/tien-trinh/{id}")).into_response())
}

/// Writes the register `q` as .csv to a new file on disk, reporting the lines written so far;
/// returns how many and the file (deleted when dropped).
async fn write_csv(
    db: &db::Db,
    q: &db::RegisterQuery,
    name: &str,
    report: impl Fn(usize) + Send + Sync,
) -> Result<(u64, tempfile::TempPath), String> {
    let (file, path) = tempfile::Builder::new()
        .prefix("dangvu-so-dang-vien-")
        .suffix(".csv")
        .tempfile()
        .map_err(|e| format!("không tạo được tệp tạm trên máy chủ: {}", io_reason(&e)))?
        .into_parts();
    let mut out =
        RegisterCsv::new(name, std::io::BufWriter::new(file)).map_err(|e| e.to_string())?;
    let mut done = 0usize;
    let lines = db
        .register_by_org(q, db::ORGS_PER_READ, &mut |rows| {
            let rows: Vec<RegisterRow> = rows
                .iter()
                .map(|m| RegisterRow {
                    record: m.record.clone(),
                    org_code: m.org_code.clone(),
                    org_name: m.org_name.clone(),
                })
                .collect();
            out.write(&rows)
                .map_err(|e| db::DbError::Invalid(e.to_string()))?;
            done += rows.len();
            report(done);
            Ok(())
        })
        .await
        .map_err(|e| e.to_string())?;
    out.finish()
        .map_err(|e| e.to_string())?
        .flush()
        .map_err(|e| format!("không ghi hết được tệp trên máy chủ: {}", io_reason(&e)))?;
    Ok((lines, path))
}
