//! Writes the web pages need beyond the CLI's: correcting a person's personal fields,
//! changing an organization's kind, and a user's own API tokens (list and revoke). Each
//! checks the domain rules and records an audit entry, like the other repositories.

use domain::register::member::PersonRecord;
use domain::register::org::{OrgError, OrgKind};
use sea_orm::ConnectionTrait;
use serde_json::json;

use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::{DbError, Result};
use crate::register::orgs::{OrgRow, require_org};
use crate::sql::{all, exec, get, now, one};

/// The personal fields of a record (everything but the membership), for the audit log.
fn personal_json(r: &PersonRecord) -> serde_json::Value {
    let mut v = serde_json::to_value(r).unwrap_or(serde_json::Value::Null);
    if let Some(o) = v.as_object_mut() {
        o.remove("membership");
    }
    v
}

impl Db {
    /// Corrects a person's personal fields (name, birth, sex, ethnicity, religion, home town,
    /// education, levels, language, occupation). The membership (admission, official
    /// recognition, card and record numbers) is kept: it changes only through events.
    /// The caller validates the record with the domain's rules (`domain::register::import`), as the
    /// forms do. Returns whether anything changed; an unchanged record writes nothing.
    pub async fn update_person(
        &self,
        actor: &Actor,
        id: i32,
        record: &PersonRecord,
    ) -> Result<bool> {
        let old = self.person(id).await?;
        let new = PersonRecord {
            membership: old.membership.clone(),
            ..record.clone()
        };
        if new == old {
            return Ok(false);
        }
        let tx = self.write_tx().await?;
        exec(
            &tx,
            "UPDATE person SET full_name = $1, name_search = $2, name_sort = $3, birth_name = $4, \
             birth_date = $5, sex = $6, ethnicity = $7, religion = $8, home_town = $9, education = $10, \
             theory = $11, qualification = $12, foreign_language = $13, occupation = $14, updated_at = $15 \
             WHERE id = $16",
            vec![
                new.full_name.as_str().into(),
                domain::text::search_key(new.full_name.as_str()).into(),
                domain::text::name_sort_key(new.full_name.as_str()).into(),
                new.birth_name.clone().into(),
                new.birth_date.into(),
                new.sex.code().into(),
                new.ethnicity.clone().into(),
                new.religion.clone().into(),
                new.home_town.clone().into(),
                new.education.clone().into(),
                new.theory.code().into(),
                new.qualification.code().into(),
                new.foreign_language.clone().into(),
                new.occupation.clone().into(),
                now().into(),
                id.into(),
            ],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "update",
            "person",
            id,
            Some(personal_json(&old)),
            Some(personal_json(&new)),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Whether `kind` may replace the organization's kind: under its parent, and over its
    /// subordinate organizations. Writes nothing.
    pub async fn check_org_kind(&self, code: &str, kind: OrgKind) -> Result<()> {
        let org = require_org(&self.conn, &code.trim().to_uppercase(), None).await?;
        kind_fits(&self.conn, &org, kind).await
    }

    /// Changes the kind of an organization (e.g. a branch becomes a grassroots branch) when
    /// the new kind may sit under its parent and its subordinate organizations under it.
    pub async fn set_org_kind(&self, actor: &Actor, code: &str, kind: OrgKind) -> Result<()> {
        let tx = self.write_tx().await?;
        let org = require_org(&tx, &code.trim().to_uppercase(), None).await?;
        if org.kind == kind {
            return Ok(());
        }
        kind_fits(&tx, &org, kind).await?;
        exec(
            &tx,
            "UPDATE organization SET kind = $1 WHERE id = $2",
            vec![kind.code().into(), org.id.into()],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "update",
            "organization",
            &org.code,
            Some(json!({"kind": org.kind.code()})),
            Some(json!({"kind": kind.code()})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Refuses `kind` for `org` when it may not sit under the parent's kind, or a subordinate
/// organization may not sit under it.
async fn kind_fits(c: &impl ConnectionTrait, org: &OrgRow, kind: OrgKind) -> Result<()> {
    let parent_kind = match org.parent_id {
        Some(pid) => {
            let r = one(
                c,
                "SELECT kind FROM organization WHERE id = $1",
                vec![pid.into()],
            )
            .await?
            .ok_or(DbError::NotFound {
                what: "tổ chức",
                key: pid.to_string(),
            })?;
            Some(OrgKind::parse(&get::<String>(&r, "kind")?).map_err(DbError::invalid)?)
        }
        None => None,
    };
    kind.may_sit_under(parent_kind).map_err(DbError::invalid)?;
    let children = all(
        c,
        "SELECT o.kind FROM organization o JOIN org_version v ON v.org_id = o.id \
         WHERE v.parent_id = $1 AND v.valid_to IS NULL",
        vec![org.id.into()],
    )
    .await?;
    for ch in &children {
        let ck = OrgKind::parse(&get::<String>(ch, "kind")?).map_err(DbError::invalid)?;
        ck.may_sit_under(Some(kind)).map_err(|e| match e {
            OrgError::BadParent { child, parent } => DbError::Invalid(format!(
                "{child} trực thuộc không thể nằm dưới {parent}; hãy chuyển các tổ chức trực thuộc đi trước"
            )),
            e => DbError::invalid(e),
        })?;
    }
    Ok(())
}
