//! The sealed result package on the web (issue 15, item 3), for both sides: the counting hall
//! downloads the package of an organization's latest counted congress
//! (`/to-chuc/{code}/goi-ket-qua`, a writer of that organization); the superior uploads a
//! package at `/goi-ket-qua`, where it is verified (signature, named key, chains, recount of
//! every round) and kept, or refused with the reason — nothing is kept from a package that
//! fails. The sealing itself is [`sealed`], which the command line uses too.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use domain::accounts::access::Action;
use domain::package::{self, PackageError, Verified};

use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/goi-ket-qua", get(page).post(upload))
        .route("/to-chuc/{code}/goi-ket-qua", get(export))
}

/// The package of an organization's congress (the N-th, or the latest counted): the payload
/// from the record, each round's counting minutes as text, sealed with the counting board's
/// key (made on first use). Returns the file and what it was checked to hold.
pub async fn sealed(
    db: &db::Db,
    org: &str,
    ordinal: Option<u32>,
) -> Result<(Vec<u8>, Verified), crate::congress_docs::DocsError> {
    use crate::congress_docs::DocsError;
    let (mut payload, rounds) = db.package_payload(org, ordinal).await?;
    // The key first, so that the minutes print its fingerprint.
    let key = db.board_key().await?;
    for (r, id) in payload.rounds.iter_mut().zip(rounds) {
        r.minutes = crate::congress_docs::counting_minutes(db, id, None, None)
            .await?
            .to_text();
    }
    let file = package::seal(payload, &key);
    let v = package::open(&file).map_err(|e| DocsError::Failure(e.to_string()))?;
    Ok((file, v))
}

/// The hall's download: the package of the organization's latest counted congress.
pub async fn export(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    let org = crate::pages::guard::writable_org(&s, &me, &code).await?;
    let (file, _) = sealed(&s.db, &org.code, None).await.map_err(|e| match e {
        crate::congress_docs::DocsError::Db(e) => WebError::from(e),
        crate::congress_docs::DocsError::Refused(m) => WebError::BadInput(m),
        crate::congress_docs::DocsError::Failure(m) => WebError::Internal(m),
    })?;
    Ok(crate::pages::download::download(
        &format!("goi-ket-qua-{}.pkg", org.code.to_lowercase()),
        "application/octet-stream",
        file,
    ))
}

/// One package imported, as the list shows it.
pub struct Line {
    pub congress: String,
    pub held_on: String,
    pub rounds: u32,
    pub fingerprint: String,
    pub imported: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "package/page.html")]
pub struct PackagePage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    lines: Vec<Line>,
    /// (code, name) of the organizations with a counted congress whose package the user may
    /// download.
    orgs: Vec<(String, String)>,
    message: Option<String>,
    imported: Option<String>,
}

async fn build(
    s: &AppState,
    me: &CurrentUser,
    message: Option<String>,
    imported: Option<String>,
) -> Result<PackagePage, WebError> {
    let mut lines = Vec::new();
    for p in s.db.packages().await? {
        let Ok(org) = s.db.org_latest(&p.org_code).await else {
            continue;
        };
        if me.can_read(&org.path) {
            lines.push(Line {
                congress: p.congress,
                held_on: domain::text::format_date(p.held_on),
                rounds: p.rounds,
                fingerprint: p.fingerprint,
                imported: format!(
                    "{} bởi {}",
                    domain::text::format_datetime_vn(p.imported_at),
                    p.imported_by
                ),
            });
        }
    }
    Ok(PackagePage {
        user: Some(crate::pages::menu::Viewer::of(me)),
        csrf: me.csrf.clone(),
        orgs: {
            let counted = s.db.counted_congress_orgs().await?;
            crate::pages::guard::writable_orgs(s, me, s.today())
                .await?
                .into_iter()
                .filter(|(code, _)| counted.contains(code))
                .collect()
        },
        lines,
        message,
        imported,
    })
}

pub async fn page(State(s): State<AppState>, me: CurrentUser) -> Result<PackagePage, WebError> {
    build(&s, &me, None, None).await
}

/// The superior uploads a package: verified, then kept if the user may write in the
/// organization it is of; refused with the reason otherwise (nothing kept).
pub async fn upload(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    mut m: Multipart,
) -> Result<Response, WebError> {
    let (mut csrf, mut file, mut expected) = (String::new(), Vec::new(), String::new());
    while let Some(field) = m.next_field().await.map_err(|_| WebError::BadForm)? {
        match field.name() {
            Some("csrf") => csrf = field.text().await.map_err(|_| WebError::BadForm)?,
            Some("fingerprint") => expected = field.text().await.map_err(|_| WebError::BadForm)?,
            Some("file") => {
                file = field
                    .bytes()
                    .await
                    .map_err(|_| WebError::TooLarge)?
                    .to_vec()
            }
            _ => {}
        }
    }
    check_csrf(&headers, &csrf)?;
    let refuse = |msg: String| async {
        let page = build(&s, &me, Some(msg), None).await?;
        Ok::<_, WebError>((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
    };
    let v = match package::open_expecting(&file, Some(&expected)) {
        Ok(v) => v,
        Err(e @ PackageError::NotAPackage) | Err(e @ PackageError::Refused(_)) => {
            return refuse(format!(
                "{}. Không có gì được lưu.",
                crate::pages::form::sentence(&e.to_string())
            ))
            .await;
        }
    };
    let org = match s.db.org_latest(&v.payload.org_code).await {
        Ok(o) if me.can(&o.path, Action::Write) => o,
        _ => {
            s.db.audit_denied(&me.actor, "congress_package", &v.payload.org_code, "Write")
                .await?;
            return refuse(format!(
                "Gói kết quả của tổ chức {} không thuộc phạm vi bạn được ghi. Không có gì được lưu.",
                domain::text::excerpt(&v.payload.org_code)
            ))
            .await;
        }
    };
    match s.db.store_package(&me.actor, &v, &file).await {
        Ok(_) => {
            let done = format!(
                "Đã nhập gói kết quả {} của {}: chữ ký đúng khóa {}, {} vòng bầu kiểm lại từ các phiếu đều khớp. {}",
                v.payload.congress,
                org.name,
                v.payload.fingerprint,
                v.recounted,
                if expected.trim().is_empty() {
                    "Hãy so dấu vân tay này với dấu in trên biên bản kiểm phiếu."
                } else {
                    "Khóa đúng là khóa có dấu vân tay in trên biên bản."
                }
            );
            Ok(build(&s, &me, None, Some(done)).await?.into_response())
        }
        Err(e) if e.is_bad_input() => {
            refuse(format!(
                "{}. Không có gì được lưu.",
                crate::pages::form::sentence(&e.to_string())
            ))
            .await
        }
        Err(e) => Err(e.into()),
    }
}
