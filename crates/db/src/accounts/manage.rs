//! Managing existing accounts (issue 20, item 1): withdrawing a grant, resetting a password,
//! disabling and enabling an account, signing it out everywhere, and each account's last
//! sign-in. Every change goes to the audit log; a password never does.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use domain::accounts::access::{self, Role, Username};
use domain::register::org::OrgCode;
use sea_orm::ConnectionTrait;
use serde_json::json;

use super::users::hash_blocking;
use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::{DbError, Result};
use crate::register::orgs::require_org;
use crate::sql::{all, exec, get, one};

impl Db {
    /// The account named `username`: its id, refused in Vietnamese when there is none.
    async fn account_id(&self, username: &str) -> Result<i32> {
        let name = Username::parse(username).map_err(DbError::invalid)?;
        self.user_id_by_name(name.as_str()).await
    }

    /// Withdraws `role` over `org_code` from the account. The last grant of an account is not
    /// withdrawn (an account with none can do nothing yet still signs in): disable it instead.
    pub async fn revoke_grant(
        &self,
        actor: &Actor,
        username: &str,
        org_code: &str,
        role: Role,
    ) -> Result<()> {
        let id = self.account_id(username).await?;
        let code = OrgCode::parse(org_code).map_err(DbError::invalid)?;
        let tx = self.write_tx().await?;
        let org = require_org(&tx, code.as_str(), None).await?;
        let held = one(
            &tx,
            "SELECT id FROM user_grant WHERE user_id = $1 AND org_id = $2 AND role = $3",
            vec![id.into(), org.id.into(), role.code().into()],
        )
        .await?;
        let Some(grant) = held else {
            return Err(DbError::Invalid(format!(
                "tài khoản '{username}' không có quyền {} trên {}",
                role.label(),
                org.code
            )));
        };
        let count = one(
            &tx,
            "SELECT COUNT(*) AS n FROM user_grant WHERE user_id = $1",
            vec![id.into()],
        )
        .await?
        .map(|r| get::<i64>(&r, "n"))
        .transpose()?
        .unwrap_or(0);
        if count <= 1 {
            return Err(DbError::Invalid(format!(
                "đây là quyền duy nhất của tài khoản '{username}'; hãy khóa tài khoản (user disable) thay vì thu hồi"
            )));
        }
        exec(
            &tx,
            "DELETE FROM user_grant WHERE id = $1",
            vec![get::<i32>(&grant, "id")?.into()],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "revoke",
            "app_user",
            username,
            Some(json!({"org": org.code, "role": role.code()})),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets a new password (checked as at creation) and signs the account out everywhere;
    /// `must_change` when the password is handed to the user, who must then choose their own
    /// at the next sign-in.
    pub async fn reset_password(
        &self,
        actor: &Actor,
        username: &str,
        password: &str,
        must_change: bool,
    ) -> Result<()> {
        let id = self.account_id(username).await?;
        access::check_password(password).map_err(DbError::invalid)?;
        let hash = hash_blocking(password.to_string()).await?;
        let tx = self.write_tx().await?;
        if let Some(r) = one(
            &tx,
            "SELECT password_hash FROM app_user WHERE id = $1",
            vec![id.into()],
        )
        .await?
        {
            remember_replaced(&tx, id, &get::<String>(&r, "password_hash")?).await?;
        }
        exec(
            &tx,
            "UPDATE app_user SET password_hash = $1, must_change_password = $2 WHERE id = $3",
            vec![hash.into(), must_change.into(), id.into()],
        )
        .await?;
        end_sessions(&tx, id).await?;
        audit::record(
            &tx,
            actor,
            "reset_password",
            "app_user",
            username,
            None,
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Disables (`true`) or enables the account; disabling signs it out everywhere.
    pub async fn set_disabled(&self, actor: &Actor, username: &str, disabled: bool) -> Result<()> {
        let id = self.account_id(username).await?;
        let tx = self.write_tx().await?;
        exec(
            &tx,
            "UPDATE app_user SET disabled = $1 WHERE id = $2",
            vec![disabled.into(), id.into()],
        )
        .await?;
        if disabled {
            end_sessions(&tx, id).await?;
        }
        audit::record(
            &tx,
            actor,
            if disabled { "disable" } else { "enable" },
            "app_user",
            username,
            Some(json!({"disabled": !disabled})),
            Some(json!({"disabled": disabled})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Ends every session of the account (sign out everywhere); returns how many ended.
    pub async fn sign_out_everywhere(&self, actor: &Actor, username: &str) -> Result<u64> {
        let id = self.account_id(username).await?;
        let tx = self.write_tx().await?;
        let n = end_sessions(&tx, id).await?;
        audit::record(
            &tx,
            actor,
            "sign_out_everywhere",
            "app_user",
            username,
            None,
            Some(json!({"sessions": n})),
        )
        .await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Each account's last successful sign-in (UTC), by user name; accounts that never signed
    /// in are absent.
    pub async fn last_sign_ins(&self) -> Result<HashMap<String, NaiveDateTime>> {
        let rows = all(
            &self.conn,
            "SELECT username, MAX(at) AS at FROM login_attempt WHERE success = $1 GROUP BY username",
            vec![true.into()],
        )
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    get::<String>(r, "username")?,
                    get::<NaiveDateTime>(r, "at")?,
                ))
            })
            .collect()
    }
}

/// Ends every session of the account `id` (sign-in again needed everywhere); returns how many.
async fn end_sessions(c: &impl ConnectionTrait, id: i32) -> Result<u64> {
    let n = one(
        c,
        "SELECT COUNT(*) AS n FROM user_session WHERE user_id = $1",
        vec![id.into()],
    )
    .await?
    .map(|r| get::<i64>(&r, "n"))
    .transpose()?
    .unwrap_or(0);
    exec(
        c,
        "DELETE FROM user_session WHERE user_id = $1",
        vec![id.into()],
    )
    .await?;
    Ok(n.max(0) as u64)
}

/// The hashes of the account's replaced passwords still remembered, newest first.
pub(crate) async fn replaced(c: &impl ConnectionTrait, user_id: i32) -> Result<Vec<String>> {
    let rows = all(
        c,
        "SELECT password_hash FROM password_history WHERE user_id = $1 ORDER BY id DESC",
        vec![user_id.into()],
    )
    .await?;
    rows.iter()
        .take(access::PASSWORDS_REMEMBERED)
        .map(|r| get(r, "password_hash"))
        .collect()
}

/// Remembers `hash` as the account's latest replaced password; the older ones beyond
/// [`access::PASSWORDS_REMEMBERED`] are forgotten.
pub(crate) async fn remember_replaced(
    c: &impl ConnectionTrait,
    user_id: i32,
    hash: &str,
) -> Result<()> {
    exec(
        c,
        "INSERT INTO password_history (user_id, password_hash, replaced_at) VALUES ($1, $2, $3)",
        vec![
            user_id.into(),
            hash.into(),
            chrono::Utc::now().naive_utc().into(),
        ],
    )
    .await?;
    let keep = all(
        c,
        "SELECT id FROM password_history WHERE user_id = $1 ORDER BY id DESC",
        vec![user_id.into()],
    )
    .await?;
    for r in keep.iter().skip(access::PASSWORDS_REMEMBERED) {
        exec(
            c,
            "DELETE FROM password_history WHERE id = $1",
            vec![get::<i32>(r, "id")?.into()],
        )
        .await?;
    }
    Ok(())
}
