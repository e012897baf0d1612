//! The administrator's account forms on `/quan-tri/tai-khoan` (issue 20, item 1): creating an
//! account — with a role over an organization of their subtree, or for a party member of it
//! (the `member` role) — with a password shown once that must be changed at the first sign-in;
//! granting and withdrawing roles within their subtree; and creating in one step the accounts
//! of the secretaries (or the members) of every organization of a subtree, as a job with a
//! progress bar whose result is the printable sheet of initial passwords. Everything outside
//! the administrator's subtree is refused (404 for an account, the reason for an
//! organization) and audited; nothing changes.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::accounts::access::{Action, Role};

use super::admin::{Secret, build, managed_account};
use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::jobs::Progress;
use crate::pages::form::{Pairs, field};
use crate::state::AppState;

/// The page again with the refusal on top: 422, nothing changed.
async fn refused(s: &AppState, me: &CurrentUser, message: String) -> Result<Response, WebError> {
    let page = build(
        s,
        me,
        None,
        Some(format!("{message} Không có gì thay đổi.")),
    )
    .await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// The organization `code` if the administrator administers it; the reason otherwise (and an
/// audit entry).
async fn administered(
    s: &AppState,
    me: &CurrentUser,
    code: &str,
) -> Result<Result<db::OrgRow, String>, WebError> {
    let code = code.trim().to_uppercase();
    match s.db.org_latest(&code).await {
        Ok(o) if me.can(&o.path, Action::Administer) => Ok(Ok(o)),
        Ok(_) | Err(db::DbError::NotFound { .. }) => {
            s.db.audit_denied(&me.actor, "organization", &code, "Administer")
                .await?;
            Ok(Err(format!(
                "Tổ chức '{}' không thuộc phạm vi bạn quản trị.",
                domain::text::excerpt(&code)
            )))
        }
        Err(e) => Err(e.into()),
    }
}

/// The organization (one the administrator administers) and the role a form names, or the
/// reason one of them is refused.
async fn org_and_role(
    s: &AppState,
    me: &CurrentUser,
    pairs: &Pairs,
) -> Result<Result<(db::OrgRow, Role), String>, WebError> {
    let org = match administered(s, me, field(pairs, "org")).await? {
        Ok(o) => o,
        Err(m) => return Ok(Err(m)),
    };
    Ok(Role::parse(field(pairs, "role"))
        .map(|r| (org, r))
        .map_err(|e| format!("{}.", crate::pages::form::sentence(&e.to_string()))))
}

fn db_refusal(e: db::DbError) -> Result<String, WebError> {
    if e.is_bad_input() {
        Ok(format!("{}.", crate::pages::form::sentence(&e.to_string())))
    } else {
        Err(e.into())
    }
}

/// Creates one account: `kind` = `role` (with `org` and `role`) or `member` (with `card`).
pub async fn create(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    axum::Form(pairs): axum::Form<Pairs>,
) -> Result<Response, WebError> {
    check_csrf(&headers, field(&pairs, "csrf"))?;
    let username = field(&pairs, "username").trim().to_lowercase();
    let password = db::generate_password()?;
    let made = if field(&pairs, "kind") == "member" {
        create_member(&s, &me, &username, &password, field(&pairs, "card")).await?
    } else {
        let (org, role) = match org_and_role(&s, &me, &pairs).await? {
            Ok(x) => x,
            Err(m) => return refused(&s, &me, m).await,
        };
        match s
            .db
            .create_user_handed_out(&me.actor, &username, &password, &org.code, role)
            .await
        {
            Ok(_) => Ok(format!(
                "Đã tạo tài khoản {} — {} ({})",
                role.label(),
                org.code,
                org.name
            )),
            Err(e) => Err(db_refusal(e)?),
        }
    };
    match made {
        Ok(what) => {
            let secret = Secret {
                username,
                password,
                what,
            };
            Ok(build(&s, &me, Some(secret), None).await?.into_response())
        }
        Err(m) => refused(&s, &me, m).await,
    }
}

/// A member's account, when the member belongs to the administrator's subtree.
async fn create_member(
    s: &AppState,
    me: &CurrentUser,
    username: &str,
    password: &str,
    card: &str,
) -> Result<Result<String, String>, WebError> {
    let parsed = match domain::register::member::CardNumber::parse(card) {
        Ok(c) => c,
        Err(e) => return Ok(Err(format!("Số thẻ đảng viên: {e}."))),
    };
    let person = match s.db.person_by_card(&parsed).await {
        Ok(p) => p,
        Err(db::DbError::NotFound { .. }) => {
            return Ok(Err(format!(
                "Không có đảng viên nào có số thẻ {}.",
                parsed.as_str()
            )));
        }
        Err(e) => return Err(e.into()),
    };
    let home = s.db.person_home(person).await?;
    if !me.can(&home.path, Action::Administer) {
        s.db.audit_denied(&me.actor, "person", &person.to_string(), "Administer")
            .await?;
        return Ok(Err(format!(
            "Không có đảng viên nào có số thẻ {} trong phạm vi bạn quản trị.",
            parsed.as_str()
        )));
    }
    match s
        .db
        .create_member_account(&me.actor, username, password, parsed.as_str(), true)
        .await
    {
        Ok(_) => Ok(Ok(format!("Đã tạo tài khoản đảng viên — {}", home.name))),
        Err(e) => Ok(Err(db_refusal(e)?)),
    }
}

/// Grants (`action` = `cap`) or withdraws (`thu-hoi`) a role over an organization of the
/// administrator's subtree, on an account they manage wholly.
pub async fn role(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    axum::Form(pairs): axum::Form<Pairs>,
) -> Result<Response, WebError> {
    check_csrf(&headers, field(&pairs, "csrf"))?;
    let account = managed_account(&s, &me, field(&pairs, "username")).await?;
    let (org, role) = match org_and_role(&s, &me, &pairs).await? {
        Ok(x) => x,
        Err(m) => return refused(&s, &me, m).await,
    };
    let name = account.user.username;
    let done = if field(&pairs, "action") == "thu-hoi" {
        s.db.revoke_grant(&me.actor, &name, &org.code, role).await
    } else {
        s.db.add_grant(&me.actor, account.user.id, &org.code, role)
            .await
    };
    match done {
        Ok(()) => Ok(Redirect::to("/quan-tri/tai-khoan").into_response()),
        Err(e) => refused(&s, &me, db_refusal(e)?).await,
    }
}

/// Starts creating the accounts of every secretary (or member) of an organization's subtree
/// and shows its progress; the result is the sheet of initial passwords (PDF), all or nothing.
pub async fn bulk(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    axum::Form(pairs): axum::Form<Pairs>,
) -> Result<Response, WebError> {
    check_csrf(&headers, field(&pairs, "csrf"))?;
    let org = match administered(&s, &me, field(&pairs, "org")).await? {
        Ok(o) => o,
        Err(m) => return refused(&s, &me, m).await,
    };
    let Some(kind) = db::BulkKind::parse(field(&pairs, "kind")) else {
        return refused(&s, &me, "Hãy chọn tạo cho bí thư hay cho đảng viên.".into()).await;
    };
    let id = s.jobs.start(Progress {
        owner: me.username.clone(),
        back: "/quan-tri/tai-khoan".into(),
        back_label: "Về trang quản trị tài khoản".into(),
        title: format!("Tạo tài khoản cho {} của {}", kind.label(), org.name),
        ..Progress::default()
    });
    // Where to sign in, as this request reached the server.
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("địa chỉ máy chủ của đơn vị")
        .to_string();
    let scheme = if s.settings.behind_https {
        "https"
    } else {
        "http"
    };
    let address = format!("{scheme}://{host}/dang-nhap");
    tokio::spawn(run_bulk(
        s.clone(),
        me.actor.clone(),
        id,
        org,
        kind,
        address,
    ));
    Ok(Redirect::to(&format!("/tien-trinh/{id}")).into_response())
}

/// The bulk creation as a job: its progress while the passwords are hashed, then the outcome
/// and the sheet to download.
async fn run_bulk(
    st: AppState,
    actor: db::Actor,
    id: u64,
    org: db::OrgRow,
    kind: db::BulkKind,
    address: String,
) {
    let j = st.jobs.clone();
    let report = move |done: usize, total: usize| {
        j.update(id, |p| {
            p.done = done;
            p.total = total;
        })
    };
    let made = st
        .db
        .create_accounts_bulk(&actor, &org.code, kind, st.today(), &report)
        .await;
    let (outcome, file) = match made {
        Ok(made) if made.is_empty() => (
            format!(
                "Mọi {} của {} đều đã có tài khoản; không tạo thêm.",
                kind.label(),
                org.name
            ),
            None,
        ),
        Ok(made) => match sheet(&st, &org, &address, &made).await {
            Ok(pdf) => (
                format!(
                    "Đã tạo {} tài khoản. Hãy tải và in phiếu mật khẩu: mật khẩu chỉ có trên phiếu này, người dùng phải đổi ở lần đăng nhập đầu tiên.",
                    domain::text::format_int(made.len() as i64)
                ),
                Some(Arc::new(crate::jobs::JobFile {
                    name: format!("tai-khoan-{}.pdf", org.code.to_lowercase()),
                    content_type: crate::pages::download::PDF,
                    body: crate::jobs::FileBody::Memory(pdf),
                })),
            ),
            Err(e) => (
                format!(
                    "Đã tạo {} tài khoản nhưng không in được phiếu: {e}. Hãy đặt lại mật khẩu các tài khoản này.",
                    made.len()
                ),
                None,
            ),
        },
        Err(e) => (
            format!("Không tạo được tài khoản: {e}. Không có tài khoản nào được tạo."),
            None,
        ),
    };
    st.jobs.update(id, |p| {
        p.outcome = Some(outcome);
        p.file = file;
    });
}

/// The sheet of initial passwords, as a PDF.
async fn sheet(
    s: &AppState,
    org: &db::OrgRow,
    address: &str,
    made: &[db::BulkAccount],
) -> Result<Vec<u8>, String> {
    let (superior, province) =
        s.db.issuer_names(&org.code)
            .await
            .map_err(|e| e.to_string())?;
    let lines: Vec<reports::accounts::SheetLine> = made
        .iter()
        .map(|a| reports::accounts::SheetLine {
            holder: a.holder.clone(),
            org_name: a.org_name.clone(),
            username: a.username.clone(),
            password: a.password.clone(),
        })
        .collect();
    let doc = reports::accounts::password_sheet(
        &superior,
        &org.name,
        &province.unwrap_or_default(),
        s.today(),
        address,
        &lines,
    );
    tokio::task::spawn_blocking(move || doc.to_pdf())
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())
}

/// The administrator of a root organization sets whether administrators need one-time codes.
pub async fn settings(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    axum::Form(pairs): axum::Form<Pairs>,
) -> Result<Response, WebError> {
    check_csrf(&headers, field(&pairs, "csrf"))?;
    if !crate::pages::menu::may_read_audit(&me) {
        s.db.audit_denied(
            &me.actor,
            "setting",
            db::REQUIRE_TOTP_FOR_ADMINS,
            "Administer",
        )
        .await?;
        return Err(WebError::NotFound);
    }
    s.db.require_totp_for_admins(&me.actor, field(&pairs, "totp_admins") == "1")
        .await?;
    Ok(Redirect::to("/quan-tri/tai-khoan").into_response())
}
