//! Settings stored in the database (e.g. the age brackets of structure statistics), with
//! their defaults coming from `domain`.

use domain::dated::{Dated, DatedError, Rule};
use domain::register::stats::AgeBrackets;

use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::{DbError, Result};
use crate::sql::{exec, get, one};

pub(crate) const AGE_BRACKETS: &str = "stats.age_brackets";

impl Db {
    pub async fn setting(&self, key: &str) -> Result<Option<String>> {
        let row = one(
            &self.conn,
            "SELECT value FROM setting WHERE key = $1",
            vec![key.into()],
        )
        .await?;
        row.map(|r| get(&r, "value")).transpose()
    }

    pub async fn set_setting(&self, actor: &Actor, key: &str, value: &str) -> Result<()> {
        let tx = self.write_tx().await?;
        let before = one(
            &tx,
            "SELECT value FROM setting WHERE key = $1",
            vec![key.into()],
        )
        .await?;
        let before: Option<String> = before.map(|r| get(&r, "value")).transpose()?;
        exec(&tx, "DELETE FROM setting WHERE key = $1", vec![key.into()]).await?;
        exec(
            &tx,
            "INSERT INTO setting (key, value) VALUES ($1, $2)",
            vec![key.into(), value.into()],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "update",
            "setting",
            key,
            before.map(Into::into),
            Some(value.into()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The configured age brackets, or the default ones of seed 000.
    pub async fn age_brackets(&self) -> Result<AgeBrackets> {
        match self.setting(AGE_BRACKETS).await? {
            Some(s) => AgeBrackets::parse(&s).map_err(DbError::invalid),
            None => Ok(AgeBrackets::default()),
        }
    }

    /// A rule's dated values (`rules.*`), or its default.
    pub async fn dated_rule(&self, rule: &Rule) -> Result<Dated> {
        dated_rule_in(&self.conn, rule).await
    }

    /// Records a rule's dated values ("20; từ 01/07/2025: 15"), audited like every setting.
    pub async fn set_dated_rule(&self, actor: &Actor, key: &str, raw: &str) -> Result<Dated> {
        let rule = Rule::find(key)
            .ok_or_else(|| DbError::invalid(DatedError::UnknownRule(key.trim().into())))?;
        let value = Dated::parse(raw).map_err(DbError::invalid)?;
        self.set_setting(actor, rule.key, &value.to_text()).await?;
        Ok(value)
    }
}

/// A rule's dated values read on a connection (inside a write, the value the write checks).
pub(crate) async fn dated_rule_in(c: &impl sea_orm::ConnectionTrait, rule: &Rule) -> Result<Dated> {
    let row = one(
        c,
        "SELECT value FROM setting WHERE key = $1",
        vec![rule.key.into()],
    )
    .await?;
    match row.map(|r| get::<String>(&r, "value")).transpose()? {
        Some(v) => Dated::parse(&v).map_err(DbError::invalid),
        None => Ok(rule.defaults()),
    }
}
