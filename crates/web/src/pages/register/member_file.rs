//! The member file from the page: export an organization's register (as of a date) as .xlsx
//! or .csv, and import an uploaded .xlsx/.csv into an organization, all or nothing, with the
//! same rules and messages as `dangvu import members`. The import runs as a background task
//! whose progress counter the router keeps (`ImportJobs`); its page polls with htmx every
//! second and, without JavaScript, refreshes itself.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use domain::accounts::access::Action;
use domain::register::import::{ImportedRow, parse_member_rows};
use reports::register::members_file::{self, FileFormat, RegisterRow};
use serde::Deserialize;

use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::pages::form::{Errors, sentence, unprocessable};
use crate::pages::guard::writable_org;
use crate::state::AppState;

/// The largest upload the import accepts (the rest of the site keeps axum's 2 MB).
pub const IMPORT_LIMIT: usize = 20 * 1024 * 1024;

/// Finished jobs are forgotten after this long.
const KEEP_FINISHED: Duration = Duration::from_secs(3600);

/// The imports started through this router, by job id.
#[derive(Clone, Default)]
pub struct ImportJobs(Arc<Mutex<HashMap<String, Arc<ImportJob>>>>);

/// What an import ended with.
#[derive(Debug, Clone)]
enum Outcome {
    Done(db::ImportReport),
    /// Rows refused by the repository (e.g. a card number of another organization's member).
    Rows(Vec<String>),
    Refused(String),
    Failed,
}

pub struct ImportJob {
    owner: String,
    org: String,
    org_name: String,
    file: String,
    total: usize,
    done: AtomicUsize,
    started: Instant,
    outcome: Mutex<Option<(Outcome, Instant)>>,
}

impl ImportJobs {
    fn insert(&self, job: Arc<ImportJob>) -> String {
        let id = crate::auth::random_token();
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.retain(|_, j| {
            j.outcome
                .lock()
                .map(|o| {
                    o.as_ref()
                        .is_none_or(|(_, at)| at.elapsed() < KEEP_FINISHED)
                })
                .unwrap_or(false)
        });
        map.insert(id.clone(), job);
        id
    }

    fn get(&self, id: &str) -> Option<Arc<ImportJob>> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(id)
            .cloned()
    }
}

/// "Tệp có N lỗi, chưa nhập gì:" and one line per bad cell, as the CLI says it.
fn row_lines(errors: &[domain::register::import::RowError]) -> Vec<String> {
    errors.iter().map(|e| e.to_string()).collect()
}

// ---------------------------------------------------------------- export

#[derive(Deserialize)]
pub struct ExportParams {
    ngay: Option<String>,
    dinh_dang: Option<String>,
}

pub async fn export(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
    Query(p): Query<ExportParams>,
) -> Result<Response, WebError> {
    let latest = crate::pages::guard::readable_org(&s, &me, &code).await?;
    let on = crate::pages::as_of(p.ngay.as_deref(), s.today())?;
    let format = FileFormat::from_name(p.dinh_dang.as_deref().unwrap_or("xlsx"))
        .map_err(|e| WebError::BadInput(e.to_string()))?;
    let members = s.db.structure(&latest.code, on).await?.structure.members;
    refuse_too_large(&s, &latest.name, format, members)?;
    let rows =
        s.db.register(&db::RegisterQuery {
            org: latest.code.clone(),
            on,
            search: None,
            include_non_members: false,
        })
        .await?;
    let register: Vec<RegisterRow> = rows
        .into_iter()
        .map(|m| RegisterRow {
            record: m.record,
            org_code: m.org_code,
            org_name: m.org_name,
        })
        .collect();
    let (bytes, ext, mime) = tokio::task::spawn_blocking(move || match format {
        FileFormat::Xlsx => members_file::register_xlsx_bytes(&register).map(|b| {
            (
                b,
                "xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        }),
        FileFormat::Csv => members_file::register_csv_bytes(&register)
            .map(|b| (b, "csv", crate::pages::download::CSV)),
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))?
    .map_err(|e| WebError::Internal(e.to_string()))?;
    let name = format!("dang-vien-{}-{}.{ext}", latest.code, on);
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}

/// A register too large for this request: a .csv above the background threshold is made in
/// the background (`member_export`), not held whole here; a sheet holds at most 1.048.575
/// lines, so a larger register (a country's 5,6 million) is refused as .xlsx before it is read.
/// Both from the count kept per organization.
fn refuse_too_large(
    s: &AppState,
    name: &str,
    format: FileFormat,
    members: u64,
) -> Result<(), WebError> {
    let count = domain::text::format_int(members as i64);
    if format == FileFormat::Csv && super::member_export::in_background(s, members) {
        return Err(WebError::BadInput(format!(
            "{name} có {count} đảng viên: tệp .csv được chuẩn bị ở chế độ nền. Hãy bấm \"Chuẩn bị \
             tệp .csv\" trên trang của tổ chức, rồi tải tệp khi thanh tiến độ đầy."
        )));
    }
    if format == FileFormat::Xlsx && members > members_file::MAX_DATA_ROWS as u64 {
        return Err(WebError::BadInput(format!(
            "{name} có {count} đảng viên, vượt quá {} dòng của một trang tính Excel. \
             Hãy xuất danh sách của từng đơn vị trực thuộc, hoặc chọn định dạng .csv.",
            domain::text::format_int(members_file::MAX_DATA_ROWS as i64)
        )));
    }
    Ok(())
}

// ---------------------------------------------------------------- import form

#[derive(Template, WebTemplate)]
#[template(path = "register/member_import.html")]
pub struct ImportPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    code: String,
    org_name: String,
    as_of_iso: String,
    errors: Errors,
    message: Option<String>,
    /// The bad cells of the file, one line each ("Dòng 3, cột 'Ngày sinh': …").
    rows: Vec<String>,
    limit_mb: usize,
}

fn import_page(
    s: &AppState,
    me: &CurrentUser,
    org: &db::OrgRow,
    errors: Errors,
    message: Option<String>,
    rows: Vec<String>,
) -> ImportPage {
    ImportPage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        code: org.code.clone(),
        org_name: org.name.clone(),
        as_of_iso: s.today().to_string(),
        errors,
        message,
        rows,
        limit_mb: IMPORT_LIMIT / (1024 * 1024),
    }
}

pub async fn import_form(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
) -> Result<ImportPage, WebError> {
    let org = writable_org(&s, &me, &code).await?;
    Ok(import_page(&s, &me, &org, Errors::new(), None, Vec::new()))
}

/// The upload: the CSRF field and the file (its name and bytes).
struct Upload {
    csrf: String,
    file: Option<(String, Vec<u8>)>,
}

async fn read_upload(mut m: Multipart) -> Result<Upload, axum::extract::multipart::MultipartError> {
    let mut up = Upload {
        csrf: String::new(),
        file: None,
    };
    while let Some(field) = m.next_field().await? {
        match field.name() {
            Some("csrf") => up.csrf = field.text().await?,
            Some("file") => {
                let name = field.file_name().unwrap_or_default().to_string();
                let bytes = field.bytes().await?;
                if !name.is_empty() || !bytes.is_empty() {
                    up.file = Some((name, bytes.to_vec()));
                }
            }
            _ => {}
        }
    }
    Ok(up)
}

/// The status and message of an upload that could not be read: too large, or broken.
fn unreadable_upload(e: &axum::extract::multipart::MultipartError) -> (StatusCode, String) {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "tệp quá lớn: chỉ nhận tệp đến {} MB; hãy chia tệp thành nhiều phần",
                IMPORT_LIMIT / (1024 * 1024)
            ),
        )
    } else {
        (
            StatusCode::BAD_REQUEST,
            "không đọc được tệp gửi lên; hãy chọn lại tệp và thử lại".to_string(),
        )
    }
}

/// The file's name (or "tệp") and its member rows, checked by the rules of
/// `parse_member_rows`; otherwise the import page refusing the file (422), nothing imported.
async fn file_rows(
    s: &AppState,
    me: &CurrentUser,
    org: &db::OrgRow,
    file: Option<(String, Vec<u8>)>,
) -> Result<Result<(String, Vec<ImportedRow>), Response>, WebError> {
    let refuse = |field: &'static str, m: String| {
        let mut errors = Errors::new();
        errors.insert(field, m);
        unprocessable(import_page(s, me, org, errors, None, Vec::new()))
    };
    let Some((name, bytes)) = file else {
        return Ok(Err(refuse(
            "file",
            "hãy chọn một tệp .xlsx hoặc .csv".into(),
        )));
    };
    let file_name = if name.is_empty() {
        "tệp".to_string()
    } else {
        name
    };
    let read_name = file_name.clone();
    let table = tokio::task::spawn_blocking(move || {
        members_file::read_table_from_bytes(&read_name, &bytes)
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))?;
    let table = match table {
        Ok(t) => t,
        Err(e) => return Ok(Err(refuse("file", e.to_string()))),
    };
    let rows: Vec<ImportedRow> = match parse_member_rows(&table.headers, &table.rows, s.today()) {
        Ok(rows) => rows,
        Err(errors) => {
            let p = import_page(
                s,
                me,
                org,
                Errors::new(),
                Some(format!("Tệp có {} lỗi, chưa nhập gì:", errors.len())),
                row_lines(&errors),
            );
            return Ok(Err(unprocessable(p)));
        }
    };
    if rows.is_empty() {
        return Ok(Err(refuse(
            "file",
            "tệp không có dòng đảng viên nào (dòng 1 là tiêu đề, dữ liệu từ dòng 2)".into(),
        )));
    }
    Ok(Ok((file_name, rows)))
}

/// Imports the rows in the background, counting progress on the job, and records how it
/// ended.
async fn run_import(db: db::Db, actor: db::Actor, job: Arc<ImportJob>, rows: Vec<ImportedRow>) {
    let counter = job.clone();
    let mut progress = move |n: usize| counter.done.store(n, Ordering::Relaxed);
    let result = db
        .import_members(&actor, &job.org, &rows, &mut progress)
        .await;
    let outcome = match result {
        Ok(report) => {
            job.done.store(job.total, Ordering::Relaxed);
            Outcome::Done(report)
        }
        Err(db::DbError::Rows(errors)) => Outcome::Rows(row_lines(&errors)),
        Err(e) if e.is_bad_input() => Outcome::Refused(sentence(&e.to_string())),
        Err(e) => {
            tracing::error!("nhập đảng viên vào {}: {e}", job.org);
            Outcome::Failed
        }
    };
    *job.outcome.lock().unwrap_or_else(|e| e.into_inner()) = Some((outcome, Instant::now()));
}

/// Imports an uploaded member file into the organization: the file read and checked here,
/// the rows written by a background job whose page the user is sent to.
pub async fn import_submit(
    State(s): State<AppState>,
    Extension(jobs): Extension<ImportJobs>,
    me: CurrentUser,
    headers: axum::http::HeaderMap,
    Path(code): Path<String>,
    multipart: Multipart,
) -> Result<Response, WebError> {
    let upload = read_upload(multipart).await;
    let org = writable_org(&s, &me, &code).await?;
    let upload = match upload {
        Ok(u) => u,
        Err(e) => {
            let (status, m) = unreadable_upload(&e);
            let mut errors = Errors::new();
            errors.insert("file", m);
            let p = import_page(&s, &me, &org, errors, None, Vec::new());
            return Ok((status, p).into_response());
        }
    };
    check_csrf(&headers, &upload.csrf)?;
    let (file_name, rows) = match file_rows(&s, &me, &org, upload.file).await? {
        Ok(read) => read,
        Err(refused) => return Ok(refused),
    };
    let job = Arc::new(ImportJob {
        owner: me.username.clone(),
        org: org.code.clone(),
        org_name: org.name.clone(),
        file: file_name,
        total: rows.len(),
        done: AtomicUsize::new(0),
        started: Instant::now(),
        outcome: Mutex::new(None),
    });
    let id = jobs.insert(job.clone());
    tokio::spawn(run_import(s.db.clone(), me.actor.clone(), job, rows));
    Ok(Redirect::to(&format!("/to-chuc/{}/nhap/{id}", org.code)).into_response())
}

// ---------------------------------------------------------------- progress

#[derive(Template, WebTemplate)]
#[template(path = "register/member_import_job.html")]
pub struct JobPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    code: String,
    org_name: String,
    file: String,
    url: String,
    total: usize,
    done: usize,
    /// The counts as Vietnamese write them ("3.000").
    total_text: String,
    done_text: String,
    percent: usize,
    finished: bool,
    seconds: u64,
    /// The result sentence when finished.
    result: Option<String>,
    ok: bool,
    rows: Vec<String>,
}

pub async fn job(
    State(s): State<AppState>,
    Extension(jobs): Extension<ImportJobs>,
    me: CurrentUser,
    Path((code, id)): Path<(String, String)>,
) -> Result<JobPage, WebError> {
    let org = s.db.org_latest(&code).await?;
    me.require(&s.db, &org.path, Action::Read, "organization", &org.code)
        .await?;
    let job = jobs
        .get(&id)
        .filter(|j| j.owner == me.username && j.org == org.code)
        .ok_or(WebError::NotFound)?;
    let outcome = job
        .outcome
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
        .map(|(o, _)| o.clone());
    let done = job.done.load(Ordering::Relaxed).min(job.total);
    let (result, ok, rows) = match &outcome {
        None => (None, false, Vec::new()),
        Some(Outcome::Done(r)) => (
            Some(format!(
                "Đã nhập {} đảng viên mới; {} đảng viên đã có, giữ nguyên.",
                domain::text::format_int(r.added as i64),
                domain::text::format_int(r.unchanged as i64)
            )),
            true,
            Vec::new(),
        ),
        Some(Outcome::Rows(lines)) => (
            Some(format!("Tệp có {} lỗi, chưa nhập gì:", lines.len())),
            false,
            lines.clone(),
        ),
        Some(Outcome::Refused(m)) => (Some(format!("{m} Chưa nhập gì.")), false, Vec::new()),
        Some(Outcome::Failed) => (
            Some("Lỗi hệ thống khi nhập; chưa nhập gì. Hãy thử lại sau.".into()),
            false,
            Vec::new(),
        ),
    };
    Ok(JobPage {
        user: Some(crate::pages::menu::Viewer::of(&me)),
        csrf: me.csrf.clone(),
        url: format!("/to-chuc/{}/nhap/{id}", org.code),
        code: job.org.clone(),
        org_name: job.org_name.clone(),
        file: job.file.clone(),
        total: job.total,
        done,
        total_text: domain::text::format_int(job.total as i64),
        done_text: domain::text::format_int(done as i64),
        percent: (done * 100).checked_div(job.total).unwrap_or(100),
        finished: outcome.is_some(),
        seconds: job.started.elapsed().as_secs(),
        result,
        ok,
        rows,
    })
}
