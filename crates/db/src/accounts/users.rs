//! Accounts: sign-in users with Argon2id password hashes, their grants `(user, role, org)`,
//! sign-in throttling by account and address, sessions kept in our own database under the
//! hash of their token, and API tokens stored as hashes.

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use blake2::{Blake2b256, Digest};
use chrono::{Duration, NaiveDateTime};
use domain::accounts::access::{self, Grant, ReadScope, Role, Username};
use domain::accounts::throttle;
use domain::register::org::OrgCode;
use sea_orm::{ConnectionTrait, QueryResult, Value};
use serde::Serialize;
use serde_json::json;

use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::{DbError, Result};
use crate::register::orgs::require_org;
use crate::sql::{all, exec, get, insert_id, one};

/// A sign-in account (never its password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserRow {
    pub id: i32,
    pub username: String,
    pub display_name: Option<String>,
    pub created_at: NaiveDateTime,
    pub disabled: bool,
    /// The party member this account stands for (the `member` role), if any.
    pub person_id: Option<i32>,
    /// The password was handed to the user (bulk creation, a reset from the accounts page):
    /// they must choose their own at the next sign-in before anything else.
    pub must_change_password: bool,
    /// Signing in needs a one-time code as well (`domain::accounts::totp`).
    pub has_totp: bool,
}

/// A grant with the organization it names, for listings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GrantRow {
    pub role: Role,
    pub org_id: i32,
    pub org_code: String,
    pub org_name: String,
    /// The organization's current materialized path, `/1/5/23/`.
    pub org_path: String,
}

impl GrantRow {
    /// The grant as the access rule reads it.
    pub fn grant(&self) -> Grant {
        Grant {
            role: self.role,
            org_id: self.org_id,
            org_path: self.org_path.clone(),
        }
    }
}

/// A user with their grants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserListing {
    pub user: UserRow,
    pub grants: Vec<GrantRow>,
    /// The party member a `member` account stands for, with the organization they belong to.
    pub member: Option<super::membership::AccountMember>,
}

/// One stored session, as a session store (tower-sessions) saves and loads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub id: String,
    pub user_id: Option<i32>,
    pub data: String,
    pub expires_at: NaiveDateTime,
}

/// The length of a generated password.
pub const GENERATED_PASSWORD_CHARS: usize = 16;

/// Letters and digits that cannot be mistaken for one another when read aloud or copied
/// from paper (no 0/O, 1/l/I).
const PASSWORD_ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

pub(super) const USER_COLS: &str = "u.id, u.username, u.display_name, u.created_at, u.disabled, \
     u.person_id, u.must_change_password, u.totp_secret";

fn crypto(e: impl std::fmt::Display) -> DbError {
    DbError::Crypto(e.to_string())
}

/// Hashes a password with Argon2id (default parameters, random salt) into a PHC string
/// (`$argon2id$v=19$…`). Slow on purpose: call it off the async threads.
pub fn hash_password(password: &str) -> Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(crypto)
}

/// Whether `password` matches the PHC string `phc` (parameters are read from the string).
pub fn verify_password(password: &str, phc: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), phc)
        .is_ok()
}

/// A random password of [`GENERATED_PASSWORD_CHARS`] letters and digits from the operating
/// system's random source.
pub fn generate_password() -> Result<String> {
    let mut out = String::with_capacity(GENERATED_PASSWORD_CHARS);
    // Rejection sampling keeps every character equally likely.
    let limit = 256 - 256 % PASSWORD_ALPHABET.len();
    while out.len() < GENERATED_PASSWORD_CHARS {
        let mut buf = [0u8; 32];
        getrandom::fill(&mut buf).map_err(crypto)?;
        for b in buf {
            if (b as usize) < limit && out.len() < GENERATED_PASSWORD_CHARS {
                out.push(PASSWORD_ALPHABET[b as usize % PASSWORD_ALPHABET.len()] as char);
            }
        }
    }
    Ok(out)
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}"); // writing to a String cannot fail
        s
    })
}

/// 32 random bytes as 64 hex digits: session ids and API tokens.
pub(super) fn random_token() -> Result<String> {
    let mut buf = [0u8; 32];
    getrandom::fill(&mut buf).map_err(crypto)?;
    Ok(hex(&buf))
}

/// How an API token or a session id is stored: its BLAKE2b-256 digest in hex. Both are 256
/// random bits, so a fast hash is enough; the plaintext is never stored, and a backup of the
/// database holds no live session or token (issue 18 §5.4).
pub fn token_hash(token: &str) -> String {
    hex(&Blake2b256::digest(token.as_bytes()))
}

pub(super) async fn hash_blocking(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(crypto)?
}

pub(super) async fn verify_blocking(password: String, phc: String) -> Result<bool> {
    tokio::task::spawn_blocking(move || verify_password(&password, &phc))
        .await
        .map_err(crypto)
}

/// A hash to check unknown user names against, so that a missing account takes as long to
/// refuse as a wrong password.
async fn dummy_hash() -> Option<String> {
    static DUMMY: OnceLock<Option<String>> = OnceLock::new();
    if let Some(h) = DUMMY.get() {
        return h.clone();
    }
    let h = hash_blocking("dangvu: không có tài khoản này".into())
        .await
        .ok();
    DUMMY.get_or_init(|| h).clone()
}

pub(super) fn user_from_row(r: &QueryResult) -> Result<UserRow> {
    Ok(UserRow {
        id: get(r, "id")?,
        username: get(r, "username")?,
        display_name: get(r, "display_name")?,
        created_at: get(r, "created_at")?,
        disabled: get(r, "disabled")?,
        person_id: get(r, "person_id")?,
        must_change_password: get(r, "must_change_password")?,
        has_totp: get::<Option<String>>(r, "totp_secret")?.is_some(),
    })
}

fn grant_from_row(r: &QueryResult) -> Result<GrantRow> {
    let role: String = get(r, "role")?;
    Ok(GrantRow {
        role: Role::parse(&role).map_err(DbError::invalid)?,
        org_id: get(r, "org_id")?,
        org_code: get(r, "code")?,
        org_name: get(r, "name")?,
        org_path: get(r, "path")?,
    })
}

/// A SQL condition on the path column `col` that holds exactly for paths in `scopes`, with its
/// values numbered from `$first`: `(col LIKE $n OR col = $m …)`, or a false condition when
/// there is no scope. Paths hold only digits and '/', so they need no LIKE escaping.
pub(crate) fn scope_filter(col: &str, scopes: &[ReadScope], first: usize) -> (String, Vec<Value>) {
    if scopes.is_empty() {
        return ("1 = 0".into(), Vec::new());
    }
    let mut parts = Vec::with_capacity(scopes.len());
    let mut values: Vec<Value> = Vec::with_capacity(scopes.len());
    for (i, s) in scopes.iter().enumerate() {
        let n = first + i;
        match s {
            ReadScope::Subtree(p) => {
                parts.push(format!("{col} LIKE ${n}"));
                values.push(format!("{p}%").into());
            }
            ReadScope::Exact(p) => {
                parts.push(format!("{col} = ${n}"));
                values.push(p.clone().into());
            }
        }
    }
    (format!("({})", parts.join(" OR ")), values)
}

/// The grants of the users `ids`, with each organization's current path (a grant on a
/// dissolved organization has no current version and lapses).
async fn grant_rows(c: &impl ConnectionTrait, user_ids: &[i32]) -> Result<Vec<(i32, GrantRow)>> {
    if user_ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = (1..=user_ids.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let rows = all(
        c,
        &format!(
            "SELECT g.user_id, g.role, o.id AS org_id, o.code, v.name, v.path FROM user_grant g \
             JOIN organization o ON o.id = g.org_id \
             JOIN org_version v ON v.org_id = o.id AND v.valid_to IS NULL \
             WHERE g.user_id IN ({list}) ORDER BY v.path, g.role"
        ),
        user_ids.iter().map(|&id| id.into()).collect(),
    )
    .await?;
    rows.iter()
        .map(|r| Ok((get(r, "user_id")?, grant_from_row(r)?)))
        .collect()
}

pub(super) async fn insert_grant(
    c: &impl ConnectionTrait,
    user_id: i32,
    org_id: i32,
    role: Role,
) -> Result<()> {
    exec(
        c,
        "INSERT INTO user_grant (user_id, org_id, role) VALUES ($1, $2, $3)",
        vec![user_id.into(), org_id.into(), role.code().into()],
    )
    .await?;
    Ok(())
}

impl Db {
    /// Creates a sign-in account with one grant: `role` over the subtree of `org_code`
    /// (CONTRACTS.md, `dangvu user add`). The user name is 3–32 characters of `a-z 0-9 . _ -`
    /// (stored lower-case), the password at least ten characters; a taken name is refused.
    /// The audit log records the account and its grant, never the password.
    pub async fn create_user(
        &self,
        actor: &Actor,
        username: &str,
        password: &str,
        org_code: &str,
        role: Role,
    ) -> Result<UserRow> {
        self.create_account(actor, username, password, org_code, role, false)
            .await
    }

    /// [`Db::create_user`] with a password handed out by an administrator, which the user
    /// must change at the first sign-in: both in one transaction.
    pub async fn create_user_handed_out(
        &self,
        actor: &Actor,
        username: &str,
        password: &str,
        org_code: &str,
        role: Role,
    ) -> Result<UserRow> {
        self.create_account(actor, username, password, org_code, role, true)
            .await
    }

    async fn create_account(
        &self,
        actor: &Actor,
        username: &str,
        password: &str,
        org_code: &str,
        role: Role,
        must_change: bool,
    ) -> Result<UserRow> {
        let name = Username::parse(username).map_err(DbError::invalid)?;
        access::check_password(password).map_err(DbError::invalid)?;
        let code = OrgCode::parse(org_code).map_err(DbError::invalid)?;
        // Refuse bad input before spending time on the hash; checked again inside the write.
        require_org(&self.conn, code.as_str(), None).await?;
        self.refuse_taken(&self.conn, &name).await?;
        let hash = hash_blocking(password.to_string()).await?;

        let tx = self.write_tx().await?;
        let org = require_org(&tx, code.as_str(), None).await?;
        self.refuse_taken(&tx, &name).await?;
        let id = insert_id(
            &tx,
            "INSERT INTO app_user (username, password_hash, display_name, created_at, disabled, must_change_password) \
             VALUES ($1, $2, $3, $4, $5, $6)",
            vec![
                name.as_str().into(),
                hash.into(),
                Option::<String>::None.into(),
                crate::sql::now().into(),
                false.into(),
                must_change.into(),
            ],
        )
        .await?;
        insert_grant(&tx, id, org.id, role).await?;
        audit::record(
            &tx,
            actor,
            "create",
            "app_user",
            name.as_str(),
            None,
            Some(json!({"username": name.as_str(), "grants": [{"org": org.code, "role": role.code()}]})),
        )
        .await?;
        let user = self.user_in(&tx, id).await?.ok_or(DbError::NotFound {
            what: "tài khoản",
            key: name.to_string(),
        })?;
        tx.commit().await?;
        Ok(user)
    }

    pub(super) async fn refuse_taken(
        &self,
        c: &impl ConnectionTrait,
        name: &Username,
    ) -> Result<()> {
        let taken = one(
            c,
            "SELECT id FROM app_user WHERE username = $1",
            vec![name.as_str().into()],
        )
        .await?
        .is_some();
        if taken {
            return Err(DbError::Invalid(format!(
                "tên đăng nhập '{name}' đã có người sử dụng"
            )));
        }
        Ok(())
    }

    pub(super) async fn user_in(
        &self,
        c: &impl ConnectionTrait,
        id: i32,
    ) -> Result<Option<UserRow>> {
        one(
            c,
            &format!("SELECT {USER_COLS} FROM app_user u WHERE u.id = $1"),
            vec![id.into()],
        )
        .await?
        .map(|r| user_from_row(&r))
        .transpose()
    }

    /// The account with this id, if any.
    pub async fn user_by_id(&self, id: i32) -> Result<Option<UserRow>> {
        self.user_in(&self.conn, id).await
    }

    /// Adds a grant — `role` over the subtree of `org_code` — to an existing account.
    pub async fn add_grant(
        &self,
        actor: &Actor,
        user_id: i32,
        org_code: &str,
        role: Role,
    ) -> Result<()> {
        let code = OrgCode::parse(org_code).map_err(DbError::invalid)?;
        let tx = self.write_tx().await?;
        let user = self.user_in(&tx, user_id).await?.ok_or(DbError::NotFound {
            what: "tài khoản",
            key: user_id.to_string(),
        })?;
        let org = require_org(&tx, code.as_str(), None).await?;
        let exists = one(
            &tx,
            "SELECT id FROM user_grant WHERE user_id = $1 AND org_id = $2 AND role = $3",
            vec![user_id.into(), org.id.into(), role.code().into()],
        )
        .await?
        .is_some();
        if !exists {
            insert_grant(&tx, user_id, org.id, role).await?;
            audit::record(
                &tx,
                actor,
                "grant",
                "app_user",
                &user.username,
                None,
                Some(json!({"org": org.code, "role": role.code()})),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Checks a sign-in from `address` at `now` (UTC) and records the attempt.
    /// `Ok(None)` for an unknown name, a wrong password or a disabled account (one answer for
    /// all, so names cannot be probed); [`DbError::Throttled`] without checking the password
    /// when this account has failed too often from this address, or this address on any
    /// accounts ([`Db::login_throttled`]). An account with one-time codes needs
    /// [`Db::verify_sign_in`].
    pub async fn verify_login(
        &self,
        username: &str,
        password: &str,
        address: &str,
        now: NaiveDateTime,
    ) -> Result<Option<UserRow>> {
        self.verify_sign_in(username, password, None, address, now)
            .await
    }

    /// [`Db::verify_login`] with the one-time code of an account that has them: a missing or
    /// wrong code fails like a wrong password (and counts towards throttling).
    pub async fn verify_sign_in(
        &self,
        username: &str,
        password: &str,
        code: Option<&str>,
        address: &str,
        now: NaiveDateTime,
    ) -> Result<Option<UserRow>> {
        let Ok(name) = Username::parse(username) else {
            if let Some(h) = dummy_hash().await {
                verify_blocking(password.to_string(), h).await?;
            }
            return Ok(None);
        };
        if let Some(retry_at) = self.login_throttled(name.as_str(), address, now).await? {
            return Err(DbError::Throttled {
                retry_at,
                minutes: throttle::minutes_until(retry_at, now),
            });
        }
        let row = one(
            &self.conn,
            &format!("SELECT {USER_COLS}, u.password_hash FROM app_user u WHERE u.username = $1"),
            vec![name.as_str().into()],
        )
        .await?;
        let user = match row {
            Some(r) => {
                let user = user_from_row(&r)?;
                let phc: String = get(&r, "password_hash")?;
                let ok = verify_blocking(password.to_string(), phc).await?;
                let secret: Option<String> = get(&r, "totp_secret")?;
                let second = secret.is_none_or(|s| {
                    code.is_some_and(|c| {
                        let t = now.and_utc().timestamp().max(0) as u64;
                        domain::accounts::totp::check_code(&s, name.as_str(), c, t).is_ok()
                    })
                });
                (ok && second && !user.disabled).then_some(user)
            }
            None => {
                if let Some(h) = dummy_hash().await {
                    verify_blocking(password.to_string(), h).await?;
                }
                None
            }
        };
        exec(
            &self.conn,
            "INSERT INTO login_attempt (username, address, at, success) VALUES ($1, $2, $3, $4)",
            vec![
                name.as_str().into(),
                address.into(),
                now.into(),
                user.is_some().into(),
            ],
        )
        .await?;
        Ok(user)
    }

    /// When a sign-in with this name from this address is allowed again, if it is refused at
    /// `now`: the rules of `domain::accounts::throttle`, per (account, address) and per
    /// address. Another address is not slowed by this one's failures.
    pub async fn login_throttled(
        &self,
        username: &str,
        address: &str,
        now: NaiveDateTime,
    ) -> Result<Option<NaiveDateTime>> {
        let name = username.trim().to_ascii_lowercase();
        let since = now - Duration::hours(throttle::PAIR_MEMORY_HOURS);
        let rows = all(
            &self.conn,
            "SELECT at, success FROM login_attempt \
             WHERE username = $1 AND address = $2 AND at > $3 AND at <= $4",
            vec![name.into(), address.into(), since.into(), now.into()],
        )
        .await?;
        let attempts = rows
            .iter()
            .map(|r| Ok((get(r, "at")?, get(r, "success")?)))
            .collect::<Result<Vec<(NaiveDateTime, bool)>>>()?;
        let since = now - Duration::minutes(throttle::ADDRESS_WINDOW_MINUTES);
        let rows = all(
            &self.conn,
            "SELECT at FROM login_attempt \
             WHERE address = $1 AND success = $2 AND at > $3 AND at <= $4",
            vec![address.into(), false.into(), since.into(), now.into()],
        )
        .await?;
        let failures = rows
            .iter()
            .map(|r| get(r, "at"))
            .collect::<Result<Vec<NaiveDateTime>>>()?;
        Ok(throttle::pair_retry_at(&attempts, now)
            .into_iter()
            .chain(throttle::address_retry_at(&failures, now))
            .max())
    }

    /// The grants of a user, each with its organization's current path.
    pub async fn grants(&self, user_id: i32) -> Result<Vec<Grant>> {
        let grants = self
            .cache
            .lookup(format!("grants|{user_id}"), || async {
                Ok(Some(
                    grant_rows(&self.conn, &[user_id])
                        .await?
                        .into_iter()
                        .map(|(_, g)| g.grant())
                        .collect::<Vec<_>>(),
                ))
            })
            .await?;
        Ok(grants.unwrap_or_default())
    }

    /// The accounts, by name, each with its grants. With `within`, only accounts holding a
    /// grant on an organization in those scopes (e.g. `access::scopes(admin, Administer)`).
    pub async fn list_users(&self, within: Option<&[ReadScope]>) -> Result<Vec<UserListing>> {
        let rows = match within {
            None => {
                all(
                    &self.conn,
                    &format!("SELECT {USER_COLS} FROM app_user u ORDER BY u.username"),
                    vec![],
                )
                .await?
            }
            Some(scopes) => {
                let (cond, mut values) = scope_filter("v.path", scopes, 1);
                let (home, more) = scope_filter("hv.path", scopes, values.len() + 1);
                values.extend(more);
                all(
                    &self.conn,
                    &format!(
                        "SELECT {USER_COLS} FROM app_user u WHERE EXISTS (SELECT 1 FROM user_grant g \
                         JOIN org_version v ON v.org_id = g.org_id AND v.valid_to IS NULL \
                         WHERE g.user_id = u.id AND {cond}) \
                         OR EXISTS (SELECT 1 FROM posting hp \
                         JOIN org_version hv ON hv.org_id = hp.org_id AND hv.valid_to IS NULL \
                         WHERE hp.id = ({}) AND {home}) ORDER BY u.username",
                        super::membership::HOME_POSTING.replace("$person", "u.person_id")
                    ),
                    values,
                )
                .await?
            }
        };
        let users = rows.iter().map(user_from_row).collect::<Result<Vec<_>>>()?;
        let ids: Vec<i32> = users.iter().map(|u| u.id).collect();
        let mut grants = grant_rows(&self.conn, &ids).await?;
        let pairs: Vec<(i32, Option<i32>)> = users.iter().map(|u| (u.id, u.person_id)).collect();
        let mut members = super::membership::account_members(&self.conn, &pairs).await?;
        Ok(users
            .into_iter()
            .map(|user| {
                let (mine, rest): (Vec<_>, Vec<_>) =
                    grants.drain(..).partition(|(uid, _)| *uid == user.id);
                grants = rest;
                UserListing {
                    member: members.remove(&user.id),
                    user,
                    grants: mine.into_iter().map(|(_, g)| g).collect(),
                }
            })
            .collect())
    }

    /// Opens a session for a signed-in user, valid for `ttl` from `now`; returns its token
    /// (32 random bytes in hex), which only the browser keeps: the table stores its hash
    /// ([`token_hash`]), the session's id.
    pub async fn create_session(
        &self,
        user_id: i32,
        now: NaiveDateTime,
        ttl: Duration,
    ) -> Result<String> {
        let token = random_token()?;
        exec(
            &self.conn,
            "INSERT INTO user_session (id, user_id, data, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)",
            vec![
                token_hash(&token).into(),
                user_id.into(),
                "{}".into(),
                (now + ttl).into(),
                now.into(),
            ],
        )
        .await?;
        Ok(token)
    }

    /// The user of a live session, found by the hash of its token; `None` for an unknown or
    /// expired session, a session without a user, or a disabled account. Asked on every
    /// request, so remembered while the data is unchanged (`cache::lookup`): signing out or
    /// disabling the user is a change; the expiry is compared with `now` each time.
    pub async fn session_user(&self, token: &str, now: NaiveDateTime) -> Result<Option<UserRow>> {
        let id = token_hash(token);
        let session = self
            .cache
            .lookup(format!("session|{id}"), || async {
                one(
                    &self.conn,
                    &format!(
                        "SELECT {USER_COLS}, s.expires_at FROM user_session s \
                         JOIN app_user u ON u.id = s.user_id WHERE s.id = $1 AND u.disabled = $2"
                    ),
                    vec![id.clone().into(), false.into()],
                )
                .await?
                .map(|r| Ok((user_from_row(&r)?, get::<NaiveDateTime>(&r, "expires_at")?)))
                .transpose()
            })
            .await?;
        Ok(session.and_then(|(user, expires_at)| (expires_at > now).then_some(user)))
    }

    /// Ends a session (signing out), given its token. Ending an unknown session is not an
    /// error.
    pub async fn delete_session(&self, token: &str) -> Result<()> {
        exec(
            &self.conn,
            "DELETE FROM user_session WHERE id = $1",
            vec![token_hash(token).into()],
        )
        .await?;
        Ok(())
    }

    /// Removes the sessions expired at `now`; returns how many.
    pub async fn delete_expired_sessions(&self, now: NaiveDateTime) -> Result<u64> {
        exec(
            &self.conn,
            "DELETE FROM user_session WHERE expires_at <= $1",
            vec![now.into()],
        )
        .await
    }

    /// Saves a session record (insert or replace), for a session store; like every session,
    /// it is stored under the hash of its id.
    pub async fn save_session(&self, rec: &SessionRecord, now: NaiveDateTime) -> Result<()> {
        exec(
            &self.conn,
            "INSERT INTO user_session (id, user_id, data, expires_at, created_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, data = excluded.data, expires_at = excluded.expires_at",
            vec![
                token_hash(&rec.id).into(),
                rec.user_id.into(),
                rec.data.clone().into(),
                rec.expires_at.into(),
                now.into(),
            ],
        )
        .await?;
        Ok(())
    }

    /// Loads a session record that has not expired at `now`, for a session store (found by
    /// the hash of `id`; the record carries `id` as given).
    pub async fn load_session(
        &self,
        id: &str,
        now: NaiveDateTime,
    ) -> Result<Option<SessionRecord>> {
        one(
            &self.conn,
            "SELECT user_id, data, expires_at FROM user_session WHERE id = $1 AND expires_at > $2",
            vec![token_hash(id).into(), now.into()],
        )
        .await?
        .map(|r| {
            Ok(SessionRecord {
                id: id.to_string(),
                user_id: get(&r, "user_id")?,
                data: get(&r, "data")?,
                expires_at: get(&r, "expires_at")?,
            })
        })
        .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_passwords_are_long_enough_and_differ() {
        let a = generate_password().unwrap();
        let b = generate_password().unwrap();
        assert_eq!(a.chars().count(), GENERATED_PASSWORD_CHARS);
        assert!(access::check_password(&a).is_ok());
        assert!(a.bytes().all(|c| PASSWORD_ALPHABET.contains(&c)));
        assert_ne!(a, b);
    }

    #[test]
    fn password_hashes_are_argon2id_phc_strings() {
        let h = hash_password("mật khẩu đủ dài").unwrap();
        assert!(h.starts_with("$argon2id$v=19$"), "{h}");
        assert!(verify_password("mật khẩu đủ dài", &h));
        assert!(!verify_password("mật khẩu sai rồi", &h));
        assert!(!verify_password("x", "not a phc string"));
    }

    #[test]
    fn scope_filter_numbers_its_values() {
        let (sql, values) = scope_filter(
            "v.path",
            &[
                ReadScope::Subtree("/1/5/".into()),
                ReadScope::Exact("/1/55/".into()),
            ],
            3,
        );
        assert_eq!(sql, "(v.path LIKE $3 OR v.path = $4)");
        assert_eq!(values, vec![Value::from("/1/5/%"), Value::from("/1/55/")]);
        assert_eq!(scope_filter("p", &[], 1).0, "1 = 0");
    }

    #[test]
    fn token_hashes_are_hex_and_stable() {
        assert_eq!(token_hash("dv_x").len(), 64);
        assert_eq!(token_hash("dv_x"), token_hash("dv_x"));
        assert_ne!(token_hash("dv_x"), token_hash("dv_y"));
    }
}
