//! Counts kept per organization (issue 15, items 1 and 7): the structure of each
//! organization's own members on a date, so that a subtree's statistics add up remembered
//! counts instead of reading every member. Each organization carries a generation that every
//! write to its members or to the branch life counted for it (meetings and attendance, study,
//! supervision, ratings) raises; a remembered count, or a roll-up's kept rows, are used only
//! while the generation is the organization's current one. A second generation (`plan_gen`)
//! follows the resolutions, their targets and the values entered by hand: the roll-up keeps
//! them while no organization of the subtree has a new one.
//!
//! The generation is raised by triggers, so that no writer (nor a program other than dangvu)
//! can forget it. Both databases have triggers, in their own words: SQLite's fire per row;
//! PostgreSQL's fire once per statement over its transition tables (a `COPY` of millions of
//! postings raises each organization once) and take the rows' locks in id order.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("organization")
                .add_column(
                    ColumnDef::new("tally_gen")
                        .big_integer()
                        .not_null()
                        .default(0),
                )
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("organization")
                .add_column(
                    ColumnDef::new("plan_gen")
                        .big_integer()
                        .not_null()
                        .default(0),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("org_tally")
                .if_not_exists()
                .col(integer("org_id"))
                .col(date("as_of"))
                .col(text("bounds"))
                .col(big_integer("gen"))
                .col(text("counts"))
                .col(date("computed_on"))
                .primary_key(Index::create().col("org_id").col("as_of").col("bounds"))
                .foreign_key(
                    ForeignKey::create()
                        .from("org_tally", "org_id")
                        .to("organization", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_org_tally_computed_on")
                .table("org_tally")
                .col("computed_on")
                .if_not_exists()
                .to_owned(),
        )
        .await?;
        let statements: Vec<String> = match m.get_database_backend() {
            sea_orm_migration::sea_orm::DbBackend::Postgres => POSTGRES_TRIGGERS
                .iter()
                .map(|s| String::from(*s))
                .chain(WATCHED.iter().flat_map(postgres_watch))
                .collect(),
            _ => SQLITE_TRIGGERS
                .iter()
                .map(|s| String::from(*s))
                .chain(WATCHED.iter().flat_map(sqlite_watch))
                .collect(),
        };
        for sql in statements {
            m.get_connection().execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let watched = WATCHED.iter().map(|w| w.table);
        for table in ["posting", "person"].into_iter().chain(watched) {
            for change in ["insert", "update", "delete"] {
                let sql = match m.get_database_backend() {
                    sea_orm_migration::sea_orm::DbBackend::Postgres => {
                        format!("DROP TRIGGER IF EXISTS tally_{table}_{change} ON {table}")
                    }
                    _ => format!("DROP TRIGGER IF EXISTS tally_{table}_{change}"),
                };
                m.get_connection().execute_unprepared(&sql).await?;
            }
        }
        m.drop_table(Table::drop().table("org_tally").to_owned())
            .await?;
        // One column per statement: SQLite alters one thing at a time.
        for column in ["tally_gen", "plan_gen"] {
            m.alter_table(
                Table::alter()
                    .table("organization")
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

/// A table whose rows count for an organization: the roll-up's yearly figures (branch life,
/// raising `tally_gen`) or its plan (resolutions, targets and the values entered by hand,
/// raising `plan_gen`). The organization is the row's own `org_id`, or the one reached through
/// `via`: each hop a (table, the foreign key that leads to it), in order.
struct Watched {
    table: &'static str,
    via: &'static [(&'static str, &'static str)],
    /// `tally` (`tally_gen`) or `plan` (`plan_gen`).
    generation: &'static str,
}

const fn life(table: &'static str, via: &'static [(&'static str, &'static str)]) -> Watched {
    Watched {
        table,
        via,
        generation: "tally",
    }
}

const fn plan(table: &'static str, via: &'static [(&'static str, &'static str)]) -> Watched {
    Watched {
        table,
        via,
        generation: "plan",
    }
}

const WATCHED: [Watched; 11] = [
    life("meeting", &[]),
    life("meeting_attendance", &[("meeting", "meeting_id")]),
    life("study_session", &[]),
    life("study_attendance", &[("study_session", "session_id")]),
    life("supervision_plan", &[]),
    life("supervision_record", &[]),
    life("member_rating", &[]),
    life("org_rating", &[]),
    plan("resolution", &[]),
    plan("target", &[("resolution", "resolution_id")]),
    plan(
        "target_value",
        &[("target", "target_id"), ("resolution", "resolution_id")],
    ),
];

/// SQLite: the organizations of one row (`NEW` or `OLD`), as a list for `IN (…)`.
fn sqlite_orgs(w: &Watched, row: &str) -> String {
    let Some(((first, fk), rest)) = w.via.split_first() else {
        return format!("{row}.org_id");
    };
    let mut key = format!("{row}.{fk}");
    let mut table = *first;
    for (next, next_fk) in rest {
        key = format!("(SELECT {next_fk} FROM {table} WHERE id = {key})");
        table = next;
    }
    format!("SELECT org_id FROM {table} WHERE id = {key}")
}

/// PostgreSQL: the organizations of a transition table's rows.
fn postgres_orgs(w: &Watched, rows: &str) -> String {
    let mut sql = format!("FROM {rows} r");
    let mut last = "r".to_string();
    for (i, (table, fk)) in w.via.iter().enumerate() {
        sql.push_str(&format!(" JOIN {table} h{i} ON h{i}.id = {last}.{fk}"));
        last = format!("h{i}");
    }
    format!("SELECT {last}.org_id {sql}")
}

/// SQLite: a trigger per change, raising the organization of the old and the new row.
fn sqlite_watch(w: &Watched) -> Vec<String> {
    let g = w.generation;
    let raise = format!("UPDATE organization SET {g}_gen = {g}_gen + 1 WHERE");
    let t = w.table;
    vec![
        format!(
            "CREATE TRIGGER IF NOT EXISTS tally_{t}_insert AFTER INSERT ON {t} BEGIN \
             {raise} id IN ({}); END",
            sqlite_orgs(w, "NEW")
        ),
        format!(
            "CREATE TRIGGER IF NOT EXISTS tally_{t}_update AFTER UPDATE ON {t} BEGIN \
             {raise} id IN ({}) OR id IN ({}); END",
            sqlite_orgs(w, "OLD"),
            sqlite_orgs(w, "NEW")
        ),
        format!(
            "CREATE TRIGGER IF NOT EXISTS tally_{t}_delete AFTER DELETE ON {t} BEGIN \
             {raise} id IN ({}); END",
            sqlite_orgs(w, "OLD")
        ),
    ]
}

/// PostgreSQL: a trigger per change, once per statement over its transition tables.
fn postgres_watch(w: &Watched) -> Vec<String> {
    let t = w.table;
    let g = w.generation;
    let function = |name: &str, query: String| {
        format!(
            "CREATE OR REPLACE FUNCTION tally_{t}_{name}() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN PERFORM {g}_raise(ARRAY({query})); RETURN NULL; END $$"
        )
    };
    vec![
        function("new", postgres_orgs(w, "new_rows")),
        function("old", postgres_orgs(w, "old_rows")),
        function(
            "both",
            format!(
                "{} UNION {}",
                postgres_orgs(w, "new_rows"),
                postgres_orgs(w, "old_rows")
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

/// The columns of a person that the structure counts read.
#[cfg(test)]
const COUNTED: &str = "birth_date, theory, qualification, admitted_on, official_on, ended_on";

const SQLITE_TRIGGERS: &[&str] = &[
    "CREATE TRIGGER IF NOT EXISTS tally_posting_insert AFTER INSERT ON posting BEGIN \
     UPDATE organization SET tally_gen = tally_gen + 1 WHERE id = NEW.org_id; END",
    "CREATE TRIGGER IF NOT EXISTS tally_posting_update AFTER UPDATE ON posting BEGIN \
     UPDATE organization SET tally_gen = tally_gen + 1 WHERE id IN (OLD.org_id, NEW.org_id); END",
    "CREATE TRIGGER IF NOT EXISTS tally_posting_delete AFTER DELETE ON posting BEGIN \
     UPDATE organization SET tally_gen = tally_gen + 1 WHERE id = OLD.org_id; END",
    // The column list is written out: `COUNTED` cannot be spliced into a constant.
    "CREATE TRIGGER IF NOT EXISTS tally_person_update AFTER UPDATE OF \
     birth_date, theory, qualification, admitted_on, official_on, ended_on ON person BEGIN \
     UPDATE organization SET tally_gen = tally_gen + 1 \
     WHERE id IN (SELECT org_id FROM posting WHERE person_id = NEW.id); END",
    "CREATE TRIGGER IF NOT EXISTS tally_person_delete BEFORE DELETE ON person BEGIN \
     UPDATE organization SET tally_gen = tally_gen + 1 \
     WHERE id IN (SELECT org_id FROM posting WHERE person_id = OLD.id); END",
];

const POSTGRES_TRIGGERS: &[&str] = &[
    // One function raises the organizations whose ids a query gives, locking them in id order
    // (two writers never wait for each other in a circle).
    "CREATE OR REPLACE FUNCTION tally_raise(ids int[]) RETURNS void LANGUAGE sql AS $$ \
     UPDATE organization SET tally_gen = tally_gen + 1 WHERE id IN \
     (SELECT id FROM organization WHERE id = ANY(ids) ORDER BY id FOR UPDATE) $$",
    "CREATE OR REPLACE FUNCTION plan_raise(ids int[]) RETURNS void LANGUAGE sql AS $$ \
     UPDATE organization SET plan_gen = plan_gen + 1 WHERE id IN \
     (SELECT id FROM organization WHERE id = ANY(ids) ORDER BY id FOR UPDATE) $$",
    "CREATE OR REPLACE FUNCTION tally_posting_new() RETURNS trigger LANGUAGE plpgsql AS $$ \
     BEGIN PERFORM tally_raise(ARRAY(SELECT DISTINCT org_id FROM new_rows)); RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION tally_posting_old() RETURNS trigger LANGUAGE plpgsql AS $$ \
     BEGIN PERFORM tally_raise(ARRAY(SELECT DISTINCT org_id FROM old_rows)); RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION tally_posting_both() RETURNS trigger LANGUAGE plpgsql AS $$ \
     BEGIN PERFORM tally_raise(ARRAY(SELECT org_id FROM new_rows UNION SELECT org_id FROM old_rows)); \
     RETURN NULL; END $$",
    // Only a change to a counted column raises (a name corrected changes no count).
    "CREATE OR REPLACE FUNCTION tally_person_changed() RETURNS trigger LANGUAGE plpgsql AS $$ \
     BEGIN PERFORM tally_raise(ARRAY(SELECT DISTINCT m.org_id FROM posting m \
       JOIN new_rows n ON n.id = m.person_id JOIN old_rows o ON o.id = n.id \
       WHERE (n.birth_date, n.theory, n.qualification, n.admitted_on, n.official_on, n.ended_on) \
       IS DISTINCT FROM (o.birth_date, o.theory, o.qualification, o.admitted_on, o.official_on, o.ended_on))); \
     RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION tally_person_gone() RETURNS trigger LANGUAGE plpgsql AS $$ \
     BEGIN PERFORM tally_raise(ARRAY(SELECT DISTINCT org_id FROM posting WHERE person_id = OLD.id)); \
     RETURN OLD; END $$",
    "CREATE TRIGGER tally_posting_insert AFTER INSERT ON posting REFERENCING NEW TABLE AS new_rows \
     FOR EACH STATEMENT EXECUTE FUNCTION tally_posting_new()",
    "CREATE TRIGGER tally_posting_update AFTER UPDATE ON posting \
     REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows \
     FOR EACH STATEMENT EXECUTE FUNCTION tally_posting_both()",
    "CREATE TRIGGER tally_posting_delete AFTER DELETE ON posting REFERENCING OLD TABLE AS old_rows \
     FOR EACH STATEMENT EXECUTE FUNCTION tally_posting_old()",
    "CREATE TRIGGER tally_person_update AFTER UPDATE ON person \
     REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows \
     FOR EACH STATEMENT EXECUTE FUNCTION tally_person_changed()",
    "CREATE TRIGGER tally_person_delete BEFORE DELETE ON person \
     FOR EACH ROW EXECUTE FUNCTION tally_person_gone()",
];

#[cfg(test)]
mod tests {
    #[test]
    fn a_value_entered_by_hand_reaches_its_resolution_s_organization() {
        let w = &super::WATCHED[10];
        assert_eq!(
            super::sqlite_orgs(w, "NEW"),
            "SELECT org_id FROM resolution WHERE id = \
             (SELECT resolution_id FROM target WHERE id = NEW.target_id)"
        );
        assert_eq!(
            super::postgres_orgs(w, "new_rows"),
            "SELECT h1.org_id FROM new_rows r JOIN target h0 ON h0.id = r.target_id \
             JOIN resolution h1 ON h1.id = h0.resolution_id"
        );
        assert_eq!(super::sqlite_orgs(&super::WATCHED[0], "OLD"), "OLD.org_id");
    }

    #[test]
    fn the_sqlite_person_trigger_watches_exactly_the_counted_columns() {
        let t = super::SQLITE_TRIGGERS
            .iter()
            .find(|t| t.contains("tally_person_update"))
            .unwrap();
        assert!(
            t.contains(&format!("UPDATE OF {} ON person", super::COUNTED)),
            "{t}"
        );
        let pg = super::POSTGRES_TRIGGERS
            .iter()
            .find(|t| t.contains("FUNCTION tally_person_changed()"))
            .unwrap();
        for col in super::COUNTED.split(", ") {
            assert!(
                pg.contains(&format!("n.{col}")) && pg.contains(&format!("o.{col}")),
                "{col}"
            );
        }
    }
}
