//! A branch's yearly proposal (đề nghị danh hiệu thi đua): who among its members qualifies for
//! Lao động tiên tiến and Chiến sĩ thi đua cơ sở, computed from the ratings it already records
//! by the rules of `domain::commendation`, with the reasons; the secretary may add or remove
//! someone with a reason, which is kept (and audited) beside the computed answer.

use domain::commendation::{AwardKind, Verdict, decide_one};
use serde::Serialize;
use serde_json::json;

use super::history::cases_in;
use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::{DbError, Result};
use crate::register::orgs::require_org;
use crate::sql::{all, get, now, one};

/// The titles a branch proposes each year.
pub const PROPOSED_TITLES: [AwardKind; 2] =
    [AwardKind::LaoDongTienTien, AwardKind::ChienSiThiDuaCoSo];

/// One member's line of the proposal.
#[derive(Debug, Clone, Serialize)]
pub struct ProposalLine {
    pub person: i32,
    pub full_name: String,
    pub card: Option<String>,
    /// One verdict per title of [`PROPOSED_TITLES`].
    pub verdicts: Vec<Verdict>,
    /// The secretary's adjustments: (title, included, reason).
    pub adjustments: Vec<(AwardKind, bool, String)>,
}

impl ProposalLine {
    /// Whether the member is proposed for `title`: the rule's answer unless adjusted.
    pub fn proposed(&self, title: AwardKind) -> bool {
        match self.adjustments.iter().rev().find(|(k, _, _)| *k == title) {
            Some((_, include, _)) => *include,
            None => self.verdicts.iter().any(|v| v.award == title && v.eligible),
        }
    }
}

impl Db {
    /// The proposal of `org` (its whole subtree's members) for `year`, in Vietnamese name order.
    pub async fn yearly_proposal(&self, org: &str, year: i32) -> Result<Vec<ProposalLine>> {
        let o = require_org(&self.conn, org, None).await?;
        let book = self.rule_book().await?;
        let t = book.thresholds(year);
        let cases = cases_in(&self.conn, &format!("{}%", o.path), year).await?;
        let adj = all(
            &self.conn,
            "SELECT person_id, kind, include, reason FROM commendation_adjustment WHERE org_id = $1 AND year = $2 ORDER BY id",
            vec![o.id.into(), year.into()],
        )
        .await?;
        let mut lines: Vec<ProposalLine> = cases
            .into_iter()
            .map(|m| ProposalLine {
                person: m.person,
                verdicts: PROPOSED_TITLES
                    .iter()
                    .map(|k| decide_one(&m.case, &t, *k))
                    .collect(),
                full_name: m.full_name,
                card: m.card,
                adjustments: Vec::new(),
            })
            .collect();
        for r in &adj {
            let p: i32 = get(r, "person_id")?;
            let Some(kind) = AwardKind::from_code(&get::<String>(r, "kind")?) else {
                continue;
            };
            if let Some(l) = lines.iter_mut().find(|l| l.person == p) {
                l.adjustments
                    .push((kind, get(r, "include")?, get(r, "reason")?));
            }
        }
        lines.sort_by(|a, b| domain::text::compare_names(&a.full_name, &b.full_name));
        Ok(lines)
    }

    /// The secretary adds (`include`) or removes a member from the proposal of a title, with a
    /// reason. (The arguments are the form's fields, each of a different meaning.)
    #[allow(clippy::too_many_arguments)]
    pub async fn adjust_proposal(
        &self,
        actor: &Actor,
        org: &str,
        year: i32,
        person: i32,
        title: AwardKind,
        include: bool,
        reason: &str,
    ) -> Result<()> {
        let reason = domain::text::normalize(reason);
        if reason.is_empty() {
            return Err(DbError::Invalid(
                "cần ghi lý do điều chỉnh danh sách đề nghị".into(),
            ));
        }
        if !PROPOSED_TITLES.contains(&title) {
            return Err(DbError::Invalid(format!(
                "{} không thuộc danh sách đề nghị của chi bộ",
                title.label()
            )));
        }
        let tx = self.write_tx().await?;
        let o = require_org(&tx, org, None).await?;
        super::require_person_in(&tx, person, &o.path).await?;
        let r = one(
            &tx,
            "INSERT INTO commendation_adjustment (org_id, year, person_id, kind, include, reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            vec![o.id.into(), year.into(), person.into(), title.code().into(), include.into(), reason.clone().into(), now().into()],
        )
        .await?
        .ok_or_else(|| DbError::Invalid("không ghi được điều chỉnh".into()))?;
        let id: i32 = get(&r, "id")?;
        audit::record(&tx, actor, "proposal_adjusted", "commendation_adjustment", id, None,
            Some(json!({"org": o.code, "year": year, "person": person, "title": title.code(), "include": include, "reason": reason}))).await?;
        tx.commit().await?;
        Ok(())
    }
}
