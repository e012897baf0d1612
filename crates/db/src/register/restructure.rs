//! Restructuring the tree by decision: an organization split off another (its members
//! transferred), organizations merged into one (members transferred, subordinates moved) and
//! an empty organization dissolved. Each is one transaction with its events and audit entries.

use chrono::NaiveDate;
use domain::register::lifecycle::MemberEvent;
use domain::register::org::{Decision, OrgCode, OrgError, OrgEventKind};
use sea_orm::ConnectionTrait;
use serde_json::json;

use super::members::apply_event;
use super::orgs::{
    NewOrg, OrgRow, check_after, children_on, create_org_in, decision_id, members_posted_on,
    org_event, require_org, reversion_subtree,
};
use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::{DbError, Result};
use crate::sql::{exec, get, one};

impl Db {
    /// Splits a new organization off `source` on `on` (e.g. Chi bộ Văn phòng Sở 2 from Chi bộ
    /// Văn phòng Sở by 118-QĐ/ĐU): creates it and transfers the given members to it.
    pub async fn split_org(
        &self,
        actor: &Actor,
        source: &str,
        new: &NewOrg,
        members: &[i32],
        today: NaiveDate,
    ) -> Result<OrgRow> {
        let tx = self.write_tx().await?;
        let src = require_org(&tx, source, Some(new.since)).await?;
        let mut new = new.clone();
        if new.parent.is_none()
            && let Some(pid) = src.parent_id
        {
            let p = one(
                &tx,
                "SELECT code FROM organization WHERE id = $1",
                vec![pid.into()],
            )
            .await?;
            new.parent = p
                .map(|r| get::<String>(&r, "code"))
                .transpose()?
                .map(|c| OrgCode::parse(&c))
                .transpose()
                .map_err(DbError::invalid)?;
        }
        let id = create_org_in(&tx, actor, &new, OrgEventKind::SplitFrom, Some(src.id)).await?;
        let posted = members_posted_on(&tx, src.id, new.since).await?;
        let d = decision_id(&tx, new.decision.as_ref()).await?;
        for p in members {
            if !posted.contains(p) {
                return Err(DbError::Invalid(format!(
                    "đảng viên mã {p} không sinh hoạt tại '{}' vào ngày {}",
                    src.code,
                    domain::text::format_date(new.since)
                )));
            }
            apply_event(
                &tx,
                actor,
                *p,
                new.since,
                MemberEvent::Transferred { to: id },
                d,
                today,
            )
            .await?;
        }
        let row = require_org(&tx, new.code.as_str(), Some(new.since)).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Merges `sources` into `target` on `on`: their members are transferred, their
    /// subordinate organizations moved, and the sources end with a "merged into" event.
    pub async fn merge_orgs(
        &self,
        actor: &Actor,
        sources: &[String],
        target: &str,
        on: NaiveDate,
        decision: Option<&Decision>,
        today: NaiveDate,
    ) -> Result<()> {
        let tx = self.write_tx().await?;
        let into = require_org(&tx, target, Some(on)).await?;
        let d = decision_id(&tx, decision).await?;
        for code in sources {
            let src = require_org(&tx, code, None).await?;
            merge_one(&tx, actor, &src, &into, on, d, today).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Dissolves an organization that has no members and no subordinate organizations.
    pub async fn dissolve_org(
        &self,
        actor: &Actor,
        code: &str,
        on: NaiveDate,
        decision: Option<&Decision>,
    ) -> Result<()> {
        let tx = self.write_tx().await?;
        let org = require_org(&tx, code, None).await?;
        check_after(&org, on)?;
        let members = members_posted_on(&tx, org.id, on).await?.len();
        let children = children_on(&tx, org.id, on).await?.len();
        if members > 0 || children > 0 {
            return Err(DbError::Invalid(format!(
                "không thể giải thể '{}': còn {members} đảng viên và {children} tổ chức trực thuộc; hãy chuyển họ đi hoặc sáp nhập",
                org.code
            )));
        }
        exec(
            &tx,
            "UPDATE org_version SET valid_to = $1 WHERE org_id = $2 AND valid_to IS NULL",
            vec![on.into(), org.id.into()],
        )
        .await?;
        exec(
            &tx,
            "UPDATE organization SET dissolved_on = $1 WHERE id = $2",
            vec![on.into(), org.id.into()],
        )
        .await?;
        let d = decision_id(&tx, decision).await?;
        org_event(&tx, org.id, OrgEventKind::Dissolved, on, d, None, None).await?;
        audit::record(
            &tx,
            actor,
            "dissolve",
            "organization",
            &org.code,
            Some(json!({"name": org.name, "kind": org.kind.code()})),
            Some(json!({"on": on})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Merges one organization `src` into `into` on `on`: its subordinate organizations move
/// under `into`, its members are transferred, and it ends with a "merged into" event.
async fn merge_one(
    c: &impl ConnectionTrait,
    actor: &Actor,
    src: &OrgRow,
    into: &OrgRow,
    on: NaiveDate,
    d: Option<i32>,
    today: NaiveDate,
) -> Result<()> {
    if src.id == into.id || into.path.starts_with(&src.path) {
        return Err(DbError::invalid(OrgError::Cycle));
    }
    check_after(src, on)?;
    for child in children_on(c, src.id, on).await? {
        child
            .kind
            .may_sit_under(Some(into.kind))
            .map_err(DbError::invalid)?;
        reversion_subtree(c, &child, on, &child.name, Some(into)).await?;
        org_event(c, child.id, OrgEventKind::Moved, on, d, Some(into.id), None).await?;
    }
    for p in members_posted_on(c, src.id, on).await? {
        apply_event(
            c,
            actor,
            p,
            on,
            MemberEvent::Transferred { to: into.id },
            d,
            today,
        )
        .await?;
    }
    exec(
        c,
        "UPDATE org_version SET valid_to = $1 WHERE org_id = $2 AND valid_to IS NULL",
        vec![on.into(), src.id.into()],
    )
    .await?;
    exec(
        c,
        "UPDATE organization SET dissolved_on = $1 WHERE id = $2",
        vec![on.into(), src.id.into()],
    )
    .await?;
    org_event(
        c,
        src.id,
        OrgEventKind::MergedInto,
        on,
        d,
        Some(into.id),
        None,
    )
    .await?;
    audit::record(
        c,
        actor,
        "merge",
        "organization",
        &src.code,
        Some(json!({"name": src.name, "kind": src.kind.code()})),
        Some(json!({"into": into.code, "on": on})),
    )
    .await?;
    Ok(())
}
