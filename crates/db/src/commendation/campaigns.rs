//! Emulation campaigns (phong trào thi đua): launched by an organization for a period, with a
//! method and a cluster (cụm, khối thi đua), and the pledges (đăng ký thi đua) of members and of
//! collectives to the title they aim for.

use chrono::NaiveDate;
use domain::commendation::{AwardKind, Method, Subject};
use serde::Serialize;
use serde_json::json;

use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::{DbError, Result};
use crate::register::orgs::require_org;
use crate::sql::{all, get, get_count, now, one};

/// A campaign with its pledge counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CampaignRow {
    pub id: i32,
    pub org_code: String,
    pub name: String,
    pub method: Method,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub cluster: Option<String>,
    pub individual_pledges: u64,
    pub collective_pledges: u64,
}

/// A pledge to a campaign.
#[derive(Debug, Clone)]
pub struct NewPledge {
    pub campaign: i32,
    pub subject: Subject,
    pub org_code: String,
    pub person: Option<i32>,
    pub name: Option<String>,
    pub target: AwardKind,
    pub pledged_on: NaiveDate,
}

impl Db {
    /// Launches a campaign.
    pub async fn add_campaign(
        &self,
        actor: &Actor,
        org: &str,
        name: &str,
        method: Method,
        period: (NaiveDate, NaiveDate),
        cluster: Option<&str>,
    ) -> Result<i32> {
        let name = domain::text::normalize(name);
        if name.is_empty() {
            return Err(DbError::Invalid("cần ghi tên phong trào thi đua".into()));
        }
        if period.1 < period.0 {
            return Err(DbError::Invalid(
                "ngày kết thúc phong trào trước ngày bắt đầu".into(),
            ));
        }
        let cluster = cluster
            .map(domain::text::normalize)
            .filter(|c| !c.is_empty());
        let tx = self.write_tx().await?;
        let o = require_org(&tx, org, None).await?;
        let r = one(
            &tx,
            "INSERT INTO commendation_campaign (org_id, name, method, starts_on, ends_on, cluster, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            vec![o.id.into(), name.clone().into(), method.code().into(), period.0.into(), period.1.into(), cluster.clone().into(), now().into()],
        )
        .await?
        .ok_or_else(|| DbError::Invalid("không ghi được phong trào".into()))?;
        let id: i32 = get(&r, "id")?;
        audit::record(&tx, actor, "create", "commendation_campaign", id, None,
            Some(json!({"org": o.code, "name": name, "method": method.code(), "from": period.0, "to": period.1, "cluster": cluster}))).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Records a pledge; a member's name comes from the register.
    pub async fn add_pledge(&self, actor: &Actor, p: &NewPledge) -> Result<i32> {
        if !p.target.admits(p.subject) || !p.target.is_title() {
            return Err(DbError::Invalid(format!(
                "{} không phải danh hiệu thi đua dành cho {}",
                p.target.label(),
                p.subject.label()
            )));
        }
        let tx = self.write_tx().await?;
        let o = require_org(&tx, &p.org_code, None).await?;
        one(
            &tx,
            "SELECT id FROM commendation_campaign WHERE id = $1",
            vec![p.campaign.into()],
        )
        .await?
        .ok_or_else(|| DbError::NotFound {
            what: "phong trào thi đua",
            key: p.campaign.to_string(),
        })?;
        let name = match p.person {
            Some(id) => {
                super::require_person_in(&tx, id, &o.path).await?;
                let r = one(
                    &tx,
                    "SELECT full_name FROM person WHERE id = $1",
                    vec![id.into()],
                )
                .await?
                .ok_or_else(|| DbError::NotFound {
                    what: "đảng viên",
                    key: id.to_string(),
                })?;
                get::<String>(&r, "full_name")?
            }
            None => domain::text::normalize(p.name.as_deref().unwrap_or(&o.name)),
        };
        let r = one(
            &tx,
            "INSERT INTO commendation_pledge (campaign_id, subject, org_id, person_id, name, target, pledged_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            vec![p.campaign.into(), p.subject.code().into(), o.id.into(), p.person.into(), name.clone().into(), p.target.code().into(), p.pledged_on.into(), now().into()],
        )
        .await?
        .ok_or_else(|| DbError::Invalid("không ghi được đăng ký thi đua".into()))?;
        let id: i32 = get(&r, "id")?;
        audit::record(&tx, actor, "create", "commendation_pledge", id, None,
            Some(json!({"campaign": p.campaign, "org": o.code, "name": name, "target": p.target.code()}))).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The campaigns launched in `org`'s subtree, newest first, with their pledges.
    pub async fn campaigns(&self, org: &str) -> Result<Vec<CampaignRow>> {
        let o = require_org(&self.conn, org, None).await?;
        let rows = all(
            &self.conn,
                            "SELECT k.id, o.code, k.name, k.method, k.starts_on, k.ends_on, k.cluster, \
                 (SELECT COUNT(*) FROM commendation_pledge g WHERE g.campaign_id = k.id AND g.subject = 'individual') AS ind, \
                 (SELECT COUNT(*) FROM commendation_pledge g WHERE g.campaign_id = k.id AND g.subject = 'collective') AS col \
                 FROM commendation_campaign k JOIN organization o ON o.id = k.org_id WHERE o.id IN (SELECT v.org_id FROM org_version v WHERE v.valid_to IS NULL AND v.path LIKE $1) ORDER BY k.starts_on DESC, k.id",
            vec![format!("{}%", o.path).into()],
        )
        .await?;
        rows.iter()
            .map(|r| {
                let m: String = get(r, "method")?;
                Ok(CampaignRow {
                    id: get(r, "id")?,
                    org_code: get(r, "code")?,
                    name: get(r, "name")?,
                    method: Method::from_code(&m).unwrap_or(Method::ThuongXuyen),
                    starts_on: get(r, "starts_on")?,
                    ends_on: get(r, "ends_on")?,
                    cluster: get(r, "cluster")?,
                    individual_pledges: get_count(r, "ind")?,
                    collective_pledges: get_count(r, "col")?,
                })
            })
            .collect()
    }
}
