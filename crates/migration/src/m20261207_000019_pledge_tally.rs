//! The yearly pledges and self-assessments counted per organization (issue 15, item 1): the
//! pages of a country's pledges and self-assessments take their counts from the year's rows
//! kept per organization (`db::branch::year_rows`), which are used only while the
//! organization's generation (`organization.tally_gen`, migration 18) is unchanged. A pledge or
//! a self-assessment is a person's, not an organization's: it raises the generation of every
//! organization the person was ever posted in (where it may be counted on some date), as a
//! change to the person does.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The person's tables whose rows the yearly figures count.
const TABLES: [&str; 2] = ["member_pledge", "self_assessment"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let postgres = matches!(
            m.get_database_backend(),
            sea_orm_migration::sea_orm::DbBackend::Postgres
        );
        for table in TABLES {
            let statements = if postgres {
                postgres_watch(table)
            } else {
                sqlite_watch(table)
            };
            for sql in statements {
                m.get_connection().execute_unprepared(&sql).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let postgres = matches!(
            m.get_database_backend(),
            sea_orm_migration::sea_orm::DbBackend::Postgres
        );
        for table in TABLES {
            for change in ["insert", "update", "delete"] {
                let sql = if postgres {
                    format!("DROP TRIGGER IF EXISTS tally_{table}_{change} ON {table}")
                } else {
                    format!("DROP TRIGGER IF EXISTS tally_{table}_{change}")
                };
                m.get_connection().execute_unprepared(&sql).await?;
            }
            if postgres {
                for f in ["new", "old", "both"] {
                    let sql = format!("DROP FUNCTION IF EXISTS tally_{table}_{f}()");
                    m.get_connection().execute_unprepared(&sql).await?;
                }
            }
        }
        Ok(())
    }
}

/// SQLite: the organizations of the person of one row (`NEW` or `OLD`).
fn sqlite_orgs(row: &str) -> String {
    format!("SELECT org_id FROM posting WHERE person_id = {row}.person_id")
}

/// SQLite: a trigger per change, per row.
fn sqlite_watch(t: &str) -> Vec<String> {
    let raise = "UPDATE organization SET tally_gen = tally_gen + 1 WHERE";
    vec![
        format!(
            "CREATE TRIGGER IF NOT EXISTS tally_{t}_insert AFTER INSERT ON {t} BEGIN \
             {raise} id IN ({}); END",
            sqlite_orgs("NEW")
        ),
        format!(
            "CREATE TRIGGER IF NOT EXISTS tally_{t}_update AFTER UPDATE ON {t} BEGIN \
             {raise} id IN ({}) OR id IN ({}); END",
            sqlite_orgs("OLD"),
            sqlite_orgs("NEW")
        ),
        format!(
            "CREATE TRIGGER IF NOT EXISTS tally_{t}_delete AFTER DELETE ON {t} BEGIN \
             {raise} id IN ({}); END",
            sqlite_orgs("OLD")
        ),
    ]
}

/// PostgreSQL: the organizations of the persons of a transition table's rows.
fn postgres_orgs(rows: &str) -> String {
    format!("SELECT m.org_id FROM {rows} r JOIN posting m ON m.person_id = r.person_id")
}

/// PostgreSQL: a trigger per change, once per statement over its transition tables, through
/// migration 18's `tally_raise` (which locks the organizations in id order).
fn postgres_watch(t: &str) -> Vec<String> {
    let function = |name: &str, query: String| {
        format!(
            "CREATE OR REPLACE FUNCTION tally_{t}_{name}() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN PERFORM tally_raise(ARRAY({query})); RETURN NULL; END $$"
        )
    };
    vec![
        function("new", postgres_orgs("new_rows")),
        function("old", postgres_orgs("old_rows")),
        function(
            "both",
            format!(
                "{} UNION {}",
                postgres_orgs("new_rows"),
                postgres_orgs("old_rows")
            ),
        ),
        format!(
            "CREATE TRIGGER tally_{t}_insert AFTER INSERT ON {t} REFERENCING NEW TABLE AS new_rows \
             FOR EACH STATEMENT EXECUTE FUNCTION tally_{t}_new()"
        ),
        format!(
            "CREATE TRIGGER tally_{t}_update AFTER UPDATE ON {t} \
             REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows \
             FOR EACH STATEMENT EXECUTE FUNCTION tally_{t}_both()"
        ),
        format!(
            "CREATE TRIGGER tally_{t}_delete AFTER DELETE ON {t} REFERENCING OLD TABLE AS old_rows \
             FOR EACH STATEMENT EXECUTE FUNCTION tally_{t}_old()"
        ),
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_pledge_raises_every_organization_its_person_was_posted_in() {
        let t = super::sqlite_watch("member_pledge");
        assert_eq!(t.len(), 3);
        assert!(t[0].contains("AFTER INSERT ON member_pledge"));
        assert!(t[0].contains("SELECT org_id FROM posting WHERE person_id = NEW.person_id"));
        assert!(t[1].contains("OLD.person_id") && t[1].contains("NEW.person_id"));
        let p = super::postgres_watch("self_assessment");
        assert!(p[0].contains("JOIN posting m ON m.person_id = r.person_id"));
        assert!(p[3].contains("FOR EACH STATEMENT EXECUTE FUNCTION tally_self_assessment_new()"));
    }
}
