//! Accounts of party members (the `member` role: CONTRACTS.md, `dangvu user add --member CARD`),
//! accounts created in bulk for the secretaries or the members of a subtree with the passwords
//! to hand out (all or nothing; each must be changed at the first sign-in), and a user choosing
//! their own password.

use chrono::NaiveDate;
use domain::accounts::access::{self, Role, Username};
use domain::register::member::CardNumber;
use domain::register::org::OrgKind;
use sea_orm::ConnectionTrait;
use serde::Serialize;
use serde_json::json;

use super::membership::{AccountMember, HOME_POSTING, member_of};
use super::users::{UserRow, generate_password, hash_blocking, insert_grant};
use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::{DbError, Result};
use crate::register::orgs::require_org;
use crate::sql::{all, exec, get, insert_id, now, one};

/// Who gets accounts in bulk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BulkKind {
    /// One `secretary` account (`bt-<code>`) for each organization below the root that has
    /// none yet.
    Secretaries,
    /// One `member` account (`dv-<card number>`) for each party member of the subtree who has
    /// none yet.
    Members,
}

impl BulkKind {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "secretaries" | "bi-thu" => Some(Self::Secretaries),
            "members" | "dang-vien" => Some(Self::Members),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Secretaries => "bí thư các tổ chức trực thuộc",
            Self::Members => "tất cả đảng viên",
        }
    }
}

/// One account made in bulk, with the password to hand over (shown and printed once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BulkAccount {
    pub username: String,
    pub password: String,
    /// Whom it is for: "Bí thư Chi bộ …" or the member's name.
    pub holder: String,
    pub org_code: String,
    pub org_name: String,
}

/// An account to make: name, holder, organization, and the grant or the member.
struct Planned {
    username: String,
    holder: String,
    org_id: i32,
    org_code: String,
    org_name: String,
    person: Option<i32>,
}

impl Db {
    /// Creates the account of one party member (the `member` role), found by card number: it
    /// reads and writes only what is the member's own. Refused for a card nobody holds, a
    /// person no longer in the party, a member who already has an account, a taken name.
    pub async fn create_member_account(
        &self,
        actor: &Actor,
        username: &str,
        password: &str,
        card: &str,
        must_change_password: bool,
    ) -> Result<UserRow> {
        let name = Username::parse(username).map_err(DbError::invalid)?;
        access::check_password(password).map_err(DbError::invalid)?;
        let card = CardNumber::parse(card).map_err(|e| DbError::Invalid(e.to_string()))?;
        let person = self.person_by_card(&card).await?;
        let hash = hash_blocking(password.to_string()).await?;
        let tx = self.write_tx().await?;
        self.refuse_taken(&tx, &name).await?;
        let full_name = refuse_not_member(&tx, person).await?;
        let id = insert_account(
            &tx,
            name.as_str(),
            &hash,
            None,
            Some(person),
            must_change_password,
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "create",
            "app_user",
            name.as_str(),
            None,
            Some(
                json!({"username": name.as_str(), "member": card.as_str(), "full_name": full_name}),
            ),
        )
        .await?;
        let user = self.user_in(&tx, id).await?.ok_or(DbError::NotFound {
            what: "tài khoản",
            key: name.to_string(),
        })?;
        tx.commit().await?;
        Ok(user)
    }

    /// Creates in one step the accounts of [`BulkKind`] for the subtree of `root`, each with
    /// a generated password that must be changed at the first sign-in; all or nothing (a name
    /// already taken by another account refuses the whole batch, naming it). `progress` hears
    /// (done, total) while the passwords are hashed. Returns the accounts made, with their
    /// passwords, for the sheet to print; none when everyone has one already.
    pub async fn create_accounts_bulk(
        &self,
        actor: &Actor,
        root: &str,
        kind: BulkKind,
        today: NaiveDate,
        progress: &(dyn Fn(usize, usize) + Send + Sync),
    ) -> Result<Vec<BulkAccount>> {
        let root = require_org(&self.conn, &root.trim().to_uppercase(), Some(today)).await?;
        let planned = match kind {
            BulkKind::Secretaries => plan_secretaries(&self.conn, &root.path, today).await?,
            BulkKind::Members => plan_members(&self.conn, &root.path, today).await?,
        };
        let total = planned.len();
        let mut hashed = Vec::with_capacity(total);
        for (i, p) in planned.into_iter().enumerate() {
            progress(i, total);
            let password = generate_password()?;
            let hash = hash_blocking(password.clone()).await?;
            hashed.push((p, password, hash));
        }
        let tx = self.write_tx().await?;
        let mut made = Vec::with_capacity(total);
        for (p, password, hash) in hashed {
            let name = Username::parse(&p.username).map_err(DbError::invalid)?;
            self.refuse_taken(&tx, &name).await?;
            let display = p.person.is_none().then_some(p.holder.as_str());
            let id = insert_account(&tx, name.as_str(), &hash, display, p.person, true).await?;
            if p.person.is_none() {
                insert_grant(&tx, id, p.org_id, Role::Secretary).await?;
            }
            made.push(BulkAccount {
                username: p.username,
                password,
                holder: p.holder,
                org_code: p.org_code,
                org_name: p.org_name,
            });
        }
        audit::record(
            &tx,
            actor,
            "create_bulk",
            "app_user",
            &root.code,
            None,
            Some(json!({
                "kind": kind,
                "accounts": made.iter().map(|a| json!({"username": a.username, "org": a.org_code})).collect::<Vec<_>>(),
            })),
        )
        .await?;
        tx.commit().await?;
        progress(total, total);
        Ok(made)
    }

    /// The user `user_id` chooses a new password: the current one must be given and the new
    /// one must be strong and different; clears "must change" and keeps only this session
    /// (`keep`, the hash of its token) — every other one ends.
    pub async fn change_own_password(
        &self,
        user_id: i32,
        current: &str,
        new: &str,
        keep_session: Option<&str>,
    ) -> Result<()> {
        let row = one(
            &self.conn,
            "SELECT username, password_hash FROM app_user WHERE id = $1",
            vec![user_id.into()],
        )
        .await?
        .ok_or(DbError::NotFound {
            what: "tài khoản",
            key: user_id.to_string(),
        })?;
        let username: String = get(&row, "username")?;
        let phc: String = get(&row, "password_hash")?;
        let (c, p) = (current.to_string(), phc.clone());
        if !super::users::verify_blocking(c, p).await? {
            return Err(DbError::Invalid("mật khẩu đang dùng không đúng".into()));
        }
        let mut reused = false;
        for old in
            std::iter::once(phc.clone()).chain(super::manage::replaced(&self.conn, user_id).await?)
        {
            if super::users::verify_blocking(new.to_string(), old).await? {
                reused = true;
                break;
            }
        }
        access::check_new_password(new, &username, reused).map_err(DbError::invalid)?;
        let hash = hash_blocking(new.to_string()).await?;
        let tx = self.write_tx().await?;
        super::manage::remember_replaced(&tx, user_id, &phc).await?;
        exec(
            &tx,
            "UPDATE app_user SET password_hash = $1, must_change_password = $2 WHERE id = $3",
            vec![hash.into(), false.into(), user_id.into()],
        )
        .await?;
        let keep = keep_session
            .map(super::users::token_hash)
            .unwrap_or_default();
        exec(
            &tx,
            "DELETE FROM user_session WHERE user_id = $1 AND id <> $2",
            vec![user_id.into(), keep.into()],
        )
        .await?;
        audit::record(
            &tx,
            &Actor(username.clone()),
            "change_password",
            "app_user",
            &username,
            None,
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The member a `member` account stands for, with the organization they belong to now.
    pub async fn account_member(&self, person: i32) -> Result<Option<AccountMember>> {
        member_of(&self.conn, person).await
    }
}

/// The person's name when they are a party member today; refused otherwise, or when they
/// already have an account.
async fn refuse_not_member(c: &impl ConnectionTrait, person: i32) -> Result<String> {
    let r = one(
        c,
        "SELECT p.full_name, p.admitted_on, p.ended_on, \
         (SELECT username FROM app_user WHERE person_id = p.id) AS account \
         FROM person p WHERE p.id = $1",
        vec![person.into()],
    )
    .await?
    .ok_or(DbError::NotFound {
        what: "người",
        key: person.to_string(),
    })?;
    let name: String = get(&r, "full_name")?;
    if get::<Option<NaiveDate>>(&r, "admitted_on")?.is_none()
        || get::<Option<NaiveDate>>(&r, "ended_on")?.is_some()
    {
        return Err(DbError::Invalid(format!(
            "{name} hiện không phải đảng viên; chỉ tạo tài khoản đảng viên cho đảng viên đang sinh hoạt"
        )));
    }
    if let Some(account) = get::<Option<String>>(&r, "account")? {
        return Err(DbError::Invalid(format!(
            "đảng viên {name} đã có tài khoản '{account}'"
        )));
    }
    Ok(name)
}

async fn insert_account(
    c: &impl ConnectionTrait,
    username: &str,
    hash: &str,
    display_name: Option<&str>,
    person: Option<i32>,
    must_change_password: bool,
) -> Result<i32> {
    insert_id(
        c,
        "INSERT INTO app_user (username, password_hash, display_name, created_at, disabled, person_id, must_change_password) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        vec![
            username.into(),
            hash.into(),
            display_name.map(str::to_string).into(),
            now().into(),
            false.into(),
            person.into(),
            must_change_password.into(),
        ],
    )
    .await
}

/// The organizations below `root_path` that have a secretary (not a province or a bloc's
/// committee) and no `secretary` account yet, in tree order.
async fn plan_secretaries(
    c: &impl ConnectionTrait,
    root_path: &str,
    today: NaiveDate,
) -> Result<Vec<Planned>> {
    let rows = all(
        c,
        "SELECT o.id, o.code, o.kind, v.name FROM organization o \
         JOIN org_version v ON v.org_id = o.id AND v.valid_from <= $1 AND (v.valid_to IS NULL OR v.valid_to > $1) \
         WHERE v.path LIKE $2 AND v.path <> $3 AND (o.dissolved_on IS NULL OR o.dissolved_on > $1) \
         AND NOT EXISTS (SELECT 1 FROM user_grant g WHERE g.org_id = o.id AND g.role = 'secretary') \
         ORDER BY v.path",
        vec![
            today.into(),
            format!("{root_path}%").into(),
            root_path.into(),
        ],
    )
    .await?;
    let mut out = Vec::new();
    for r in rows {
        let kind: String = get(&r, "kind")?;
        if matches!(
            OrgKind::parse(&kind),
            Ok(OrgKind::Central | OrgKind::Province | OrgKind::Block)
        ) {
            continue;
        }
        let code: String = get(&r, "code")?;
        let name: String = get(&r, "name")?;
        out.push(Planned {
            username: format!("bt-{}", code.to_lowercase()),
            holder: format!("Bí thư {name}"),
            org_id: get(&r, "id")?,
            org_code: code,
            org_name: name,
            person: None,
        });
    }
    Ok(out)
}

/// The party members of the subtree today (their home organization in it) who have no
/// account yet, by organization and name.
async fn plan_members(
    c: &impl ConnectionTrait,
    root_path: &str,
    today: NaiveDate,
) -> Result<Vec<Planned>> {
    let rows = all(
        c,
        &format!(
            "SELECT p.id, p.full_name, p.card_number, o.id AS org_id, o.code, v.name FROM person p \
             JOIN posting hp ON hp.id = ({}) \
             JOIN organization o ON o.id = hp.org_id \
             JOIN org_version v ON v.org_id = o.id AND v.valid_to IS NULL \
             WHERE v.path LIKE $1 AND p.admitted_on IS NOT NULL AND p.admitted_on <= $2 \
             AND (p.ended_on IS NULL OR p.ended_on > $2) \
             AND NOT EXISTS (SELECT 1 FROM app_user u WHERE u.person_id = p.id) \
             ORDER BY v.path, p.name_sort",
            HOME_POSTING.replace("$person", "p.id")
        ),
        vec![format!("{root_path}%").into(), today.into()],
    )
    .await?;
    rows.iter()
        .map(|r| {
            let id: i32 = get(r, "id")?;
            let card: Option<String> = get(r, "card_number")?;
            Ok(Planned {
                username: format!("dv-{}", card.unwrap_or_else(|| format!("so-{id}"))),
                holder: get(r, "full_name")?,
                org_id: get(r, "org_id")?,
                org_code: get(r, "code")?,
                org_name: get(r, "name")?,
                person: Some(id),
            })
        })
        .collect()
}
