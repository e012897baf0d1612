//! A user's API tokens: issued (only the hash is stored), found by their hash at each API
//! call, listed on the token page and revoked. Every change is in the audit log.

use chrono::{Duration, NaiveDateTime};
use serde::Serialize;
use serde_json::json;

use super::audit::{self, Actor};
use super::users::{USER_COLS, UserRow, random_token, token_hash, user_from_row};
use crate::Db;
use crate::error::{DbError, Result};
use crate::sql::{all, exec, get, one};

/// One of a user's API tokens, as the token page lists it (never the token itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiTokenRow {
    pub id: i32,
    pub name: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
}

impl Db {
    /// Issues an API token named `name` for a user and returns the plaintext, which is shown
    /// once: only its hash is stored. The audit log records the name, not the token.
    pub async fn create_api_token(
        &self,
        actor: &Actor,
        user_id: i32,
        name: &str,
    ) -> Result<String> {
        let label = domain::text::normalize(name);
        if label.is_empty() {
            return Err(DbError::Invalid(
                "tên mã truy cập API không được để trống".into(),
            ));
        }
        let token = format!("dv_{}", random_token()?);
        let tx = self.write_tx().await?;
        let user = self.user_in(&tx, user_id).await?.ok_or(DbError::NotFound {
            what: "tài khoản",
            key: user_id.to_string(),
        })?;
        exec(
            &tx,
            "INSERT INTO api_token (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4)",
            vec![
                user_id.into(),
                label.clone().into(),
                token_hash(&token).into(),
                crate::sql::now().into(),
            ],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "create",
            "api_token",
            &user.username,
            None,
            Some(json!({"user": user.username, "name": label})),
        )
        .await?;
        tx.commit().await?;
        Ok(token)
    }

    /// The user an API token belongs to, found by the token's hash; notes `now` as its last
    /// use, at most once a minute: the note is a commit, and every commit makes the answers
    /// remembered in `cache` stale, so a script calling the API in a loop would otherwise have
    /// every page recomputed. `None` for an unknown token or a disabled account.
    pub async fn api_token_user(&self, token: &str, now: NaiveDateTime) -> Result<Option<UserRow>> {
        let hash = token_hash(token.trim());
        let row = one(
            &self.conn,
            &format!(
                "SELECT {USER_COLS}, t.id AS token_id FROM api_token t JOIN app_user u ON u.id = t.user_id \
                 WHERE t.token_hash = $1 AND u.disabled = $2"
            ),
            vec![hash.into(), false.into()],
        )
        .await?;
        let Some(r) = row else { return Ok(None) };
        let token_id: i32 = get(&r, "token_id")?;
        exec(
            &self.conn,
            "UPDATE api_token SET last_used_at = $1 WHERE id = $2 \
             AND (last_used_at IS NULL OR last_used_at < $3 OR last_used_at > $1)",
            vec![
                now.into(),
                token_id.into(),
                (now - Duration::minutes(1)).into(),
            ],
        )
        .await?;
        Ok(Some(user_from_row(&r)?))
    }

    /// The id of the account with this user name.
    pub async fn user_id_by_name(&self, username: &str) -> Result<i32> {
        let r = one(
            &self.conn,
            "SELECT id FROM app_user WHERE username = $1",
            vec![username.into()],
        )
        .await?
        .ok_or(DbError::NotFound {
            what: "tài khoản",
            key: username.to_string(),
        })?;
        get(&r, "id")
    }

    /// A user's API tokens, newest first.
    pub async fn api_tokens(&self, user_id: i32) -> Result<Vec<ApiTokenRow>> {
        all(
            &self.conn,
            "SELECT id, name, created_at, last_used_at FROM api_token WHERE user_id = $1 ORDER BY id DESC",
            vec![user_id.into()],
        )
        .await?
        .iter()
        .map(|r| {
            Ok(ApiTokenRow {
                id: get(r, "id")?,
                name: get(r, "name")?,
                created_at: get(r, "created_at")?,
                last_used_at: get(r, "last_used_at")?,
            })
        })
        .collect()
    }

    /// Revokes (deletes) one of a user's own API tokens; a token of someone else is "not
    /// found". The audit log records the token's name.
    pub async fn revoke_api_token(&self, actor: &Actor, user_id: i32, token_id: i32) -> Result<()> {
        let tx = self.write_tx().await?;
        let r = one(
            &tx,
            "SELECT t.name, u.username FROM api_token t JOIN app_user u ON u.id = t.user_id \
             WHERE t.id = $1 AND t.user_id = $2",
            vec![token_id.into(), user_id.into()],
        )
        .await?
        .ok_or(DbError::NotFound {
            what: "mã truy cập API",
            key: token_id.to_string(),
        })?;
        let name: String = get(&r, "name")?;
        let username: String = get(&r, "username")?;
        exec(
            &tx,
            "DELETE FROM api_token WHERE id = $1",
            vec![token_id.into()],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "revoke",
            "api_token",
            &username,
            Some(json!({"user": username, "name": name})),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
