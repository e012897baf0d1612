//! The counting hall's sealed result package (issue 15, item 3; the rules and the file format
//! are `domain::package`): the counting board's signing key kept in the hall's database, the
//! payload of a congress read from its record and its closed rounds, and the packages imported
//! at the superior, kept byte for byte once they passed every check.

use chrono::NaiveDate;
use domain::package::{self, PackedRound, Payload, Verified};
use serde_json::json;

use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::congress::rounds::load_stack;
use crate::error::{DbError, Result};
use crate::sql::{all, exec, get, insert_id, now, one};

/// The setting that holds the counting board's secret key (hex), made on first use.
const BOARD_KEY: &str = "package.board_key";

/// A package imported at the superior.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PackageRow {
    pub id: i32,
    pub org_code: String,
    pub congress: String,
    pub ordinal: u32,
    pub held_on: NaiveDate,
    pub fingerprint: String,
    pub rounds: u32,
    pub imported_at: chrono::NaiveDateTime,
    pub imported_by: String,
}

/// The hall's key as the setting keeps it (hex); `None` for anything else.
fn parse_key(hex: &str) -> Option<[u8; 32]> {
    package::unhex::<32>(hex.trim())
}

impl Db {
    /// The counting board's secret key, made (from the system's randomness) the first time
    /// it is needed and kept in this database; only its fingerprint is audited.
    pub async fn board_key(&self) -> Result<[u8; 32]> {
        if let Some(k) = self
            .setting(BOARD_KEY)
            .await?
            .as_deref()
            .and_then(parse_key)
        {
            return Ok(k);
        }
        let mut key = [0u8; 32];
        key[..16].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
        key[16..].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
        let hex = package::hex(&key);
        let tx = self.write_tx().await?;
        exec(
            &tx,
            "DELETE FROM setting WHERE key = $1",
            vec![BOARD_KEY.into()],
        )
        .await?;
        exec(
            &tx,
            "INSERT INTO setting (key, value) VALUES ($1, $2)",
            vec![BOARD_KEY.into(), hex.into()],
        )
        .await?;
        let fingerprint = package::fingerprint(&package::public_key(&key));
        audit::record(
            &tx,
            &Actor("dangvu".into()),
            "create_key",
            "package_key",
            &fingerprint,
            None,
            Some(json!({"fingerprint": fingerprint})),
        )
        .await?;
        tx.commit().await?;
        Ok(key)
    }

    /// The fingerprint of the counting board's key, if one was made (the minutes print it).
    pub async fn board_fingerprint(&self) -> Result<Option<String>> {
        Ok(self
            .setting(BOARD_KEY)
            .await?
            .as_deref()
            .and_then(parse_key)
            .map(|k| package::fingerprint(&package::public_key(&k))))
    }

    /// The congress a package is made of: the N-th, or the latest with a closed round (else
    /// the latest).
    async fn package_congress(&self, org: &str, ordinal: Option<u32>) -> Result<i32> {
        if ordinal.is_some() {
            return self.find_congress(org, ordinal).await;
        }
        let counted = one(
            &self.conn,
            "SELECT c.id FROM congress c JOIN organization o ON o.id = c.org_id \
             WHERE o.code = $1 AND EXISTS (SELECT 1 FROM election_round r JOIN election e ON e.id = r.election_id \
             WHERE e.congress_id = c.id AND r.status = 'closed') ORDER BY c.ordinal DESC LIMIT 1",
            vec![org.trim().to_uppercase().into()],
        )
        .await?;
        match counted {
            Some(r) => get(&r, "id"),
            None => self.find_congress(org, None).await,
        }
    }

    /// The payload of a congress's package: its record and every closed round with its
    /// ballots (counter 1's stack, which agreed with counter 2's before the round closed),
    /// chain and stored result. The minutes are left empty for the caller, which renders them.
    /// Returns the payload and the round ids, in the same order.
    pub async fn package_payload(
        &self,
        org: &str,
        ordinal: Option<u32>,
    ) -> Result<(Payload, Vec<i32>)> {
        let id = self.package_congress(org, ordinal).await?;
        let c = self.congress(id).await?;
        let mut rounds = Vec::new();
        let mut ids = Vec::new();
        for e in self.elections(id).await? {
            for r in e.rounds.into_iter().filter(|r| r.status == "closed") {
                let stack = load_stack(&self.conn, r.id, 1).await?;
                let ballots: Vec<_> = stack.into_iter().map(|l| l.ballot).collect();
                ids.push(r.id);
                rounds.push(PackedRound {
                    code: r.code,
                    title: r.title,
                    seats: r.seats,
                    ballots_issued: r.ballots_issued,
                    base: r.base,
                    candidates: r.candidates,
                    ballots: package::pack_ballots(&ballots),
                    result: r.result.unwrap_or(serde_json::Value::Null),
                    minutes: String::new(),
                });
            }
        }
        let payload = Payload {
            org_code: c.org_code,
            org_name: c.org_name,
            congress: c.title,
            ordinal: c.ordinal,
            held_on: c.starts_on,
            board: c
                .counting_board
                .into_iter()
                .map(|n| (n, "Ban kiểm phiếu".to_string()))
                .collect(),
            rounds,
            fingerprint: String::new(),
            exported_at: now(),
        };
        Ok((payload, ids))
    }

    /// The codes of the organizations with a congress that has a closed round: those whose
    /// package can be exported.
    pub async fn counted_congress_orgs(&self) -> Result<Vec<String>> {
        let rows = all(
            &self.conn,
            "SELECT DISTINCT o.code FROM congress c JOIN organization o ON o.id = c.org_id \
             JOIN election e ON e.congress_id = c.id JOIN election_round r ON r.election_id = e.id \
             WHERE r.status = 'closed' ORDER BY o.code",
            vec![],
        )
        .await?;
        rows.iter().map(|r| get(r, "code")).collect()
    }

    /// Keeps a package that passed every check (`domain::package::open`), byte for byte;
    /// refused when the same package (congress and key) was imported before.
    pub async fn store_package(&self, actor: &Actor, v: &Verified, file: &[u8]) -> Result<i32> {
        let p = &v.payload;
        let tx = self.write_tx().await?;
        let before = one(
            &tx,
            "SELECT id FROM congress_package WHERE org_code = $1 AND ordinal = $2 AND fingerprint = $3",
            vec![p.org_code.clone().into(), (p.ordinal as i32).into(), p.fingerprint.clone().into()],
        )
        .await?;
        if before.is_some() {
            return Err(DbError::Invalid(format!(
                "gói kết quả {} (khóa {}) đã được nhập trước đây",
                p.congress, p.fingerprint
            )));
        }
        let id = insert_id(
            &tx,
            "INSERT INTO congress_package (org_code, congress, ordinal, held_on, fingerprint, rounds, file, imported_at, imported_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            vec![
                p.org_code.clone().into(),
                p.congress.clone().into(),
                (p.ordinal as i32).into(),
                p.held_on.into(),
                p.fingerprint.clone().into(),
                (p.rounds.len() as i32).into(),
                file.to_vec().into(),
                now().into(),
                actor.0.clone().into(),
            ],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "import",
            "congress_package",
            &id.to_string(),
            None,
            Some(
                json!({"org": p.org_code, "congress": p.congress, "fingerprint": p.fingerprint,
                "rounds": p.rounds.len(), "recounted": v.recounted}),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The packages imported, newest first.
    pub async fn packages(&self) -> Result<Vec<PackageRow>> {
        let rows = all(
            &self.conn,
            "SELECT id, org_code, congress, ordinal, held_on, fingerprint, rounds, imported_at, imported_by \
             FROM congress_package ORDER BY imported_at DESC, id DESC",
            vec![],
        )
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PackageRow {
                    id: get(r, "id")?,
                    org_code: get(r, "org_code")?,
                    congress: get(r, "congress")?,
                    ordinal: get::<i32>(r, "ordinal")?.max(0) as u32,
                    held_on: get(r, "held_on")?,
                    fingerprint: get(r, "fingerprint")?,
                    rounds: get::<i32>(r, "rounds")?.max(0) as u32,
                    imported_at: get(r, "imported_at")?,
                    imported_by: get(r, "imported_by")?,
                })
            })
            .collect()
    }

    /// One imported package's file.
    pub async fn package_file(&self, id: i32) -> Result<Vec<u8>> {
        one(
            &self.conn,
            "SELECT file FROM congress_package WHERE id = $1",
            vec![id.into()],
        )
        .await?
        .map(|r| get(&r, "file"))
        .transpose()?
        .ok_or(DbError::NotFound {
            what: "gói kết quả",
            key: id.to_string(),
        })
    }
}
