//! The superior's season plan (Kế hoạch 205-KH/ĐU): its subordinate organizations with their
//! scheduled dates and the pilot congress, and the progress dashboard (`domain::congress::season`).

use chrono::NaiveDate;
use domain::congress::{PlanItem, Progress, SeasonRules};
use domain::register::org::DocSymbol;
use sea_orm::ConnectionTrait;
use serde::Serialize;
use serde_json::json;

use super::refused;
use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::{DbError, Result};
use crate::register::orgs::{OrgRow, require_org};
use crate::sql::{all, get, insert_id, now, one};

/// One subordinate in a new plan.
#[derive(Debug, Clone)]
pub struct NewPlanItem {
    pub org: String,
    pub scheduled: NaiveDate,
    pub pilot: bool,
    /// When its previous congress was held, for the interval warning.
    pub previous: Option<NaiveDate>,
}

/// A new season plan.
#[derive(Debug, Clone)]
pub struct NewPlan {
    /// The superior's code.
    pub superior: String,
    /// `205-KH/ĐU`.
    pub symbol: String,
    pub title: String,
    pub issued_on: NaiveDate,
    pub items: Vec<NewPlanItem>,
}

/// A plan with where each subordinate stands.
#[derive(Debug, Clone, Serialize)]
pub struct PlanView {
    pub id: i32,
    pub symbol: String,
    pub title: String,
    pub issued_on: NaiveDate,
    pub superior_code: String,
    pub superior_name: String,
    pub progress: Progress,
}

impl Db {
    /// Stores a plan: the symbol must parse, each subordinate lie under the superior, once.
    pub async fn create_plan(&self, actor: &Actor, new: &NewPlan) -> Result<i32> {
        let symbol = DocSymbol::parse(&new.symbol).map_err(refused)?;
        if new.items.is_empty() {
            return Err(DbError::Invalid(
                "kế hoạch phải có ít nhất một tổ chức trực thuộc".into(),
            ));
        }
        let tx = self.write_tx().await?;
        let sup = require_org(
            &tx,
            &new.superior.trim().to_uppercase(),
            Some(new.issued_on),
        )
        .await?;
        let title = domain::text::normalize(&new.title);
        check_symbol_free(&tx, &sup, &symbol).await?;
        let id = insert_id(
            &tx,
            "INSERT INTO congress_plan (org_id, symbol, title, issued_on, created_at) VALUES ($1, $2, $3, $4, $5)",
            vec![
                sup.id.into(),
                symbol.to_string().into(),
                title.clone().into(),
                new.issued_on.into(),
                now().into(),
            ],
        )
        .await?;
        insert_plan_items(&tx, id, &sup, new).await?;
        let after = json!({
            "superior": sup.code, "symbol": symbol.to_string(), "title": title,
            "issued_on": new.issued_on,
            "items": new.items.iter().map(|i| json!({
                "org": i.org.trim().to_uppercase(), "scheduled": i.scheduled, "pilot": i.pilot,
                "previous": i.previous,
            })).collect::<Vec<_>>(),
        });
        audit::record(&tx, actor, "create", "congress_plan", id, None, Some(after)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The plan's id from the superior's code and its symbol.
    pub async fn find_plan(&self, superior: &str, symbol: &str) -> Result<i32> {
        let symbol = DocSymbol::parse(symbol).map_err(refused)?.to_string();
        let row = one(
            &self.conn,
            "SELECT p.id FROM congress_plan p JOIN organization o ON o.id = p.org_id WHERE o.code = $1 AND p.symbol = $2",
            vec![superior.trim().to_uppercase().into(), symbol.clone().into()],
        )
        .await?
        .ok_or(DbError::NotFound {
            what: "kế hoạch đại hội",
            key: format!("{} {symbol}", superior.trim().to_uppercase()),
        })?;
        get(&row, "id")
    }

    /// The plans a superior issued, newest first: (id, symbol, title).
    pub async fn plans_of(&self, superior: &str) -> Result<Vec<(i32, String, String)>> {
        let rows = all(
            &self.conn,
            "SELECT p.id, p.symbol, p.title FROM congress_plan p JOIN organization o ON o.id = p.org_id WHERE o.code = $1 ORDER BY p.issued_on DESC, p.id DESC",
            vec![superior.trim().to_uppercase().into()],
        )
        .await?;
        rows.iter()
            .map(|r| Ok((get(r, "id")?, get(r, "symbol")?, get(r, "title")?)))
            .collect()
    }

    /// "x/y đã tổ chức" on `today`: an item is held once its organization has a congress
    /// starting on or after the plan's date; overdue first, with the interval warnings.
    pub async fn plan_progress(&self, plan: i32, today: NaiveDate) -> Result<PlanView> {
        let head = one(
            &self.conn,
            "SELECT p.id, p.symbol, p.title, p.issued_on, o.id AS org_id, o.code FROM congress_plan p JOIN organization o ON o.id = p.org_id WHERE p.id = $1",
            vec![plan.into()],
        )
        .await?
        .ok_or(DbError::NotFound {
            what: "kế hoạch đại hội",
            key: plan.to_string(),
        })?;
        let issued_on: NaiveDate = get(&head, "issued_on")?;
        let superior_code: String = get(&head, "code")?;
        let superior = require_org(&self.conn, &superior_code, None).await?;
        let rows = all(
            &self.conn,
            "SELECT o.code, i.scheduled_on, i.pilot, i.previous_on, \
             (SELECT v.name FROM org_version v WHERE v.org_id = o.id ORDER BY v.valid_from DESC LIMIT 1) AS name, \
             (SELECT MIN(c.starts_on) FROM congress c WHERE c.org_id = o.id AND c.starts_on >= $2 AND c.starts_on <= $3) AS held_on \
             FROM congress_plan_item i JOIN organization o ON o.id = i.org_id WHERE i.plan_id = $1 ORDER BY i.id",
            // A congress held after the day asked about is not held yet on that day.
            vec![plan.into(), issued_on.into(), today.into()],
        )
        .await?;
        let items = rows
            .iter()
            .map(|r| {
                Ok(PlanItem {
                    org_code: get(r, "code")?,
                    org_name: get::<Option<String>>(r, "name")?.unwrap_or_default(),
                    scheduled: get(r, "scheduled_on")?,
                    pilot: get(r, "pilot")?,
                    held_on: get(r, "held_on")?,
                    previous: get(r, "previous_on")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(PlanView {
            id: plan,
            symbol: get(&head, "symbol")?,
            title: get(&head, "title")?,
            issued_on,
            superior_code,
            superior_name: superior.name,
            progress: Progress::of(&items, today, &SeasonRules::default()),
        })
    }
}

/// Refuses a symbol the superior has already given one of its plans.
async fn check_symbol_free(
    c: &impl ConnectionTrait,
    sup: &OrgRow,
    symbol: &DocSymbol,
) -> Result<()> {
    if one(
        c,
        "SELECT id FROM congress_plan WHERE org_id = $1 AND symbol = $2",
        vec![sup.id.into(), symbol.to_string().into()],
    )
    .await?
    .is_some()
    {
        return Err(DbError::Invalid(format!(
            "{} đã có kế hoạch số {symbol}",
            sup.name
        )));
    }
    Ok(())
}

/// Writes the plan's subordinates one by one, each checked first: under the superior (not
/// the superior itself), and only once.
async fn insert_plan_items(
    c: &impl ConnectionTrait,
    plan: i32,
    sup: &OrgRow,
    new: &NewPlan,
) -> Result<()> {
    let mut seen = Vec::new();
    for item in &new.items {
        let code = item.org.trim().to_uppercase();
        let org = require_org(c, &code, Some(new.issued_on)).await?;
        if org.id == sup.id || !org.path.starts_with(&sup.path) {
            return Err(DbError::Invalid(format!(
                "{code} không trực thuộc {}: không đưa vào kế hoạch được",
                sup.name
            )));
        }
        if seen.contains(&org.id) {
            return Err(DbError::Invalid(format!(
                "{code} có hai lần trong kế hoạch"
            )));
        }
        seen.push(org.id);
        insert_id(
            c,
            "INSERT INTO congress_plan_item (plan_id, org_id, scheduled_on, pilot, previous_on) VALUES ($1, $2, $3, $4, $5)",
            vec![
                plan.into(),
                org.id.into(),
                item.scheduled.into(),
                item.pilot.into(),
                item.previous.into(),
            ],
        )
        .await?;
    }
    Ok(())
}
