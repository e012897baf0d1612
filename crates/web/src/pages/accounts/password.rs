//! `/doi-mat-khau`: a user chooses their own password. An account whose password was handed
//! to it (made in bulk, or reset by an administrator) is sent here first and opens nothing
//! else until it has chosen one (`auth::CurrentUser`). The new password must be strong, must
//! not contain the user name and must differ from the current one; the user's other sessions
//! end.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebError;
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "accounts/password.html")]
pub struct PasswordPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    /// The password was handed out: it must be changed before anything else.
    must: bool,
    message: Option<String>,
}

async fn must_change(s: &AppState, me: &CurrentUser) -> Result<bool, WebError> {
    let id = s.db.user_id_by_name(&me.username).await?;
    Ok(s.db
        .user_by_id(id)
        .await?
        .is_some_and(|u| u.must_change_password))
}

pub async fn form(State(s): State<AppState>, me: CurrentUser) -> Result<PasswordPage, WebError> {
    Ok(PasswordPage {
        must: must_change(&s, &me).await?,
        user: Some(crate::pages::menu::Viewer::of(&me)),
        csrf: me.csrf.clone(),
        message: None,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Change {
    csrf: String,
    current: String,
    new: String,
    again: String,
}

pub async fn submit(
    State(s): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Form(f): Form<Change>,
) -> Result<Response, WebError> {
    check_csrf(&headers, &f.csrf)?;
    let refuse = |message: String, must: bool| {
        let page = PasswordPage {
            user: Some(crate::pages::menu::Viewer::of(&me)),
            csrf: me.csrf.clone(),
            must,
            message: Some(message),
        };
        Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
    };
    let must = must_change(&s, &me).await?;
    if f.new != f.again {
        return refuse("Hai lần nhập mật khẩu mới không giống nhau.".into(), must);
    }
    let id = s.db.user_id_by_name(&me.username).await?;
    match s
        .db
        .change_own_password(id, &f.current, &f.new, me.session.as_deref())
        .await
    {
        Ok(()) => {
            let home = if crate::pages::menu::is_member_only(&me) {
                "/ca-nhan"
            } else {
                "/"
            };
            Ok(Redirect::to(home).into_response())
        }
        Err(e) if e.is_bad_input() => {
            refuse(crate::pages::form::sentence(&e.to_string()) + ".", must)
        }
        Err(e) => Err(e.into()),
    }
}
