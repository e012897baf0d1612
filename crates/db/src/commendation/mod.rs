//! Emulation and commendation in storage: awards and titles given (`awards`), a member's
//! history as the rules read it (`history`), dossiers and their appraisal (`dossiers`),
//! campaigns and pledges (`campaigns`), a branch's yearly proposal (`proposal`), the award
//! statistics (`stats`) and the benchmark's synthetic awards (`synthetic`); and party badges: a
//! member's discipline, periods outside the party, serious illness and badges (`badges`), and the
//! badges due in a subtree (`badges_due`).

pub mod awards;
mod badges;
mod badges_due;
pub mod campaigns;
pub mod dossiers;
pub mod history;
pub mod proposal;
pub mod stats;
pub mod synthetic;

use std::collections::HashMap;

pub use badges::{BadgeRecord, DisciplineRecord, GapRecord, MemberBadges, NewBadge, NewDiscipline};
pub use badges_due::BadgeDueRow;

use domain::commendation::Thresholds;
use domain::dated::{Dated, RULES, Rule};

use crate::Db;
use crate::error::Result;
use crate::register::settings::dated_rule_in;

/// Every dated rule's values as stored (or their defaults), read once for many judgements.
#[derive(Debug, Clone)]
pub struct RuleBook {
    values: HashMap<&'static str, Dated>,
}

impl RuleBook {
    pub fn get(&self, rule: &Rule) -> Dated {
        self.values
            .get(rule.key)
            .cloned()
            .unwrap_or_else(|| rule.defaults())
    }

    /// The thresholds in force for `year`.
    pub fn thresholds(&self, year: i32) -> Thresholds {
        Thresholds::for_year(year, |r| self.get(r))
    }
}

impl Db {
    /// The dated rules as stored now.
    pub async fn rule_book(&self) -> Result<RuleBook> {
        rule_book_in(&self.conn).await
    }
}

/// Refuses a person who was never posted in the subtree at `path` (a form names a member of
/// another branch): "not found", as for anything else the user may not see.
pub(crate) async fn require_person_in(
    c: &impl sea_orm::ConnectionTrait,
    person: i32,
    path: &str,
) -> Result<()> {
    let found = crate::sql::one(
        c,
        "SELECT 1 AS x FROM posting m WHERE m.person_id = $1 AND m.org_id IN \
         (SELECT v.org_id FROM org_version v WHERE v.valid_to IS NULL AND v.path LIKE $2)",
        vec![person.into(), format!("{path}%").into()],
    )
    .await?;
    match found {
        Some(_) => Ok(()),
        None => Err(crate::error::DbError::NotFound {
            what: "đảng viên",
            key: person.to_string(),
        }),
    }
}

pub(crate) async fn rule_book_in(c: &impl sea_orm::ConnectionTrait) -> Result<RuleBook> {
    let mut values = HashMap::new();
    for r in RULES {
        values.insert(r.key, dated_rule_in(c, &r).await?);
    }
    Ok(RuleBook { values })
}
