//! One-time codes (TOTP) per account (issue 20, item 1): a user turns them on by typing the
//! first code their app shows for a new secret, and off with a current code; an administrator
//! may turn them off for an account they manage (a lost phone); and the setting that requires
//! them of every account with an administrator's role. The secret is never written to the
//! audit log.

use chrono::NaiveDateTime;
use domain::accounts::totp;

use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::{DbError, Result};
use crate::sql::{exec, get, one};

/// The setting: `1` when every account holding an administrator's role must sign in with a
/// one-time code.
pub const REQUIRE_TOTP_FOR_ADMINS: &str = "accounts.require_totp_for_admins";

fn unix(now: NaiveDateTime) -> u64 {
    now.and_utc().timestamp().max(0) as u64
}

impl Db {
    async fn user_secret(&self, user_id: i32) -> Result<(String, Option<String>)> {
        let r = one(
            &self.conn,
            "SELECT username, totp_secret FROM app_user WHERE id = $1",
            vec![user_id.into()],
        )
        .await?
        .ok_or(DbError::NotFound {
            what: "tài khoản",
            key: user_id.to_string(),
        })?;
        Ok((get(&r, "username")?, get(&r, "totp_secret")?))
    }

    /// Turns one-time codes on for the account with `secret` (base32), once `code` shows the
    /// user's app holds it.
    pub async fn enable_totp(
        &self,
        user_id: i32,
        secret: &str,
        code: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let (username, _) = self.user_secret(user_id).await?;
        totp::check_code(secret, &username, code, unix(now)).map_err(DbError::invalid)?;
        let tx = self.write_tx().await?;
        exec(
            &tx,
            "UPDATE app_user SET totp_secret = $1 WHERE id = $2",
            vec![secret.trim().into(), user_id.into()],
        )
        .await?;
        audit::record(
            &tx,
            &Actor(username.clone()),
            "enable_totp",
            "app_user",
            &username,
            None,
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Turns them off: by the user with a current code (`Some`), or by an administrator
    /// (`None`, the route checks they manage the account).
    pub async fn disable_totp(
        &self,
        actor: &Actor,
        user_id: i32,
        code: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<()> {
        let (username, secret) = self.user_secret(user_id).await?;
        let Some(secret) = secret else {
            return Ok(());
        };
        if let Some(code) = code {
            totp::check_code(&secret, &username, code, unix(now)).map_err(DbError::invalid)?;
        }
        let tx = self.write_tx().await?;
        exec(
            &tx,
            "UPDATE app_user SET totp_secret = NULL WHERE id = $1",
            vec![user_id.into()],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "disable_totp",
            "app_user",
            &username,
            None,
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Whether administrators must sign in with one-time codes.
    pub async fn totp_required_for_admins(&self) -> Result<bool> {
        Ok(self.setting(REQUIRE_TOTP_FOR_ADMINS).await?.as_deref() == Some("1"))
    }

    /// Sets whether administrators must sign in with one-time codes (audited as a setting).
    pub async fn require_totp_for_admins(&self, actor: &Actor, on: bool) -> Result<()> {
        self.set_setting(actor, REQUIRE_TOTP_FOR_ADMINS, if on { "1" } else { "0" })
            .await
    }
}
