//! The list behind a figure (issue 18 §2.6): the people (or meetings) a count of the structure
//! statistics, the ratings or the review counts, read with the same conditions the aggregates
//! use (`register::stats` and `branch::metrics` share them), so that a list's length is the
//! figure it opens.

use chrono::NaiveDate;
use domain::figure::Figure;
use domain::register::stats::AgeBrackets;
use sea_orm::Value;

use crate::Db;
use crate::branch::metrics::{
    PLEDGED, SELF_ASSESSED, YearScope, admitted, counted_attendance, decided_ratings,
    non_members_on_date, studied, supervised,
};
use crate::error::{DbError, Result};
use crate::register::orgs::{OrgRow, require_org};
use crate::register::stats::{MEMBERS_ON_DATE, PROBATIONARY, born_by, qualification_is, theory_is};
use crate::sql::{all, get};

/// One line of a figure's list: a person, or a meeting with its attendance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FigureLine {
    Person {
        id: i32,
        full_name: String,
        /// What the figure says of them, where it is not the same for all ("Hoàn thành tốt
        /// nhiệm vụ" in a list of Good or better).
        note: Option<String>,
        /// The path of the organization they belong to now (or last belonged to), whose
        /// rights decide who may open their file (`Db::person_home`).
        home: String,
    },
    Meeting {
        id: i32,
        held_on: NaiveDate,
        title: String,
        counted: u64,
        present: u64,
    },
}

/// A figure's list for an organization's subtree.
#[derive(Debug, Clone)]
pub struct FigureList {
    pub org: OrgRow,
    pub figure: Figure,
    pub title: String,
    /// The date the members are counted on (a yearly figure: 31/12 or today).
    pub on: NaiveDate,
    pub lines: Vec<FigureLine>,
    /// How many lines the whole list holds: `lines` may be one page of it.
    pub total: u64,
    /// The place in the whole list of `lines`' first (0 for the first page, or the whole).
    pub offset: u64,
    /// What a share is taken of, where the figure is printed as one: the members on the
    /// date, the non-members, or the members rated (`None`: a count, or meetings).
    pub of: Option<u64>,
}

/// One page of a list: the lines from `offset`, at most `limit`, and the whole list's count
/// when it is known without counting the lines (a figure on a date: the structure's).
#[derive(Clone, Copy)]
struct Window {
    offset: u64,
    limit: u64,
    total: Option<u64>,
}

impl Db {
    /// The list behind `figure` for `org`'s subtree: on `on` for a figure on a date; a yearly
    /// figure counts its year up to `today`, as the review does.
    pub async fn figure_list(
        &self,
        org: &str,
        figure: Figure,
        on: NaiveDate,
        today: NaiveDate,
    ) -> Result<FigureList> {
        self.figure_window(org, figure, (on, today), None).await
    }

    /// One page of the list behind `figure` (`limit` lines from `offset`, in name order), with
    /// the whole list's count: the database sorts and cuts, so that the 5,6 million members
    /// of a country are never read at once. A figure on a date takes its count and its share
    /// from the structure statistics (kept per organization); a yearly figure counts its
    /// list in SQL. Meetings are listed whole (their figure is the sum of them all). Each page
    /// is remembered while the data is unchanged.
    pub async fn figure_page(
        &self,
        org: &str,
        figure: Figure,
        (on, today): (NaiveDate, NaiveDate),
        (offset, limit): (u64, u64),
    ) -> Result<std::sync::Arc<FigureList>> {
        let key = format!(
            "figure-page|{}|{}|{on}|{today}|{offset}|{limit}",
            org.trim().to_uppercase(),
            figure.key()
        );
        self.cache
            .get_or(key, || async {
                let window = Window {
                    offset,
                    limit,
                    total: None,
                };
                Ok(std::sync::Arc::new(
                    self.figure_window(org, figure, (on, today), Some(window))
                        .await?,
                ))
            })
            .await
    }

    async fn figure_window(
        &self,
        org: &str,
        figure: Figure,
        (on, today): (NaiveDate, NaiveDate),
        window: Option<Window>,
    ) -> Result<FigureList> {
        let brackets = self.age_brackets().await?;
        let title = figure.title(&brackets).ok_or_else(|| DbError::NotFound {
            what: "số liệu",
            key: figure.key(),
        })?;
        let code = org.trim().to_uppercase();
        let (org, on, (lines, total), of) = match figure.year() {
            None => {
                let org = require_org(&self.conn, &code, Some(on)).await?;
                let (cond, values) = structure_condition(figure, &brackets, on)?;
                let sql =
                    format!("SELECT p.id, p.full_name, p.name_sort {MEMBERS_ON_DATE} AND {cond}");
                let mut v: Vec<Value> = vec![on.into(), format!("{}%", org.path).into()];
                v.extend(values);
                let (window, of) = match window {
                    Some(w) => {
                        let st = self
                            .structure_with(&org.code, on, &brackets)
                            .await?
                            .structure;
                        let total = figure.count_in(&st);
                        (Some(Window { total, ..w }), st.members)
                    }
                    None => {
                        let all = format!("SELECT COUNT(*) AS n {MEMBERS_ON_DATE}");
                        (None, self.count(&all, v[..2].to_vec()).await?)
                    }
                };
                (org, on, self.people(&sql, v, None, window).await?, Some(of))
            }
            Some(year) => {
                let org = require_org(&self.conn, &code, None).await?;
                let s = YearScope::of(&org.path, year, today)?;
                // A page takes the count and the share from the year's figures kept per
                // organization (`Db::year_metrics`), not from counting the subtree again.
                let (total, kept_of) = match window {
                    Some(_) => self.yearly_kept(&org, figure, (&s, today), &brackets).await,
                    None => (None, None),
                };
                let window = window.map(|w| Window { total, ..w });
                let lines = self.yearly(figure, &s, window).await?;
                let of = match kept_of {
                    Some(n) => {
                        #[cfg(debug_assertions)]
                        assert_eq!(
                            Some(n),
                            self.share_of(figure, &s).await?,
                            "{}",
                            figure.key()
                        );
                        Some(n)
                    }
                    None => self.share_of(figure, &s).await?,
                };
                (org, s.on, lines, of)
            }
        };
        Ok(FigureList {
            org,
            figure,
            title,
            on,
            lines,
            total,
            // Meetings come whole whatever the page asked (their figure is the sum of all).
            offset: match figure.counts() {
                domain::figure::Counts::Meetings => 0,
                domain::figure::Counts::People => window.map_or(0, |w| w.offset),
            },
            of,
        })
    }

    async fn yearly(
        &self,
        figure: Figure,
        s: &YearScope,
        w: Option<Window>,
    ) -> Result<(Vec<FigureLine>, u64)> {
        let sub = &s.sub;
        let select = "SELECT p.id, p.full_name, p.name_sort";
        match figure {
            Figure::Rated { level, .. } => {
                let sql = format!("{select} {} AND r.level = $4", decided_ratings(sub));
                let mut v = s.of_year();
                v.push(level.code().into());
                self.people(&sql, v, None, w).await
            }
            Figure::GoodOrBetter { .. } => {
                let sql = format!(
                    "{select}, r.level AS note {} AND r.level IN ('excellent', 'good')",
                    decided_ratings(sub)
                );
                self.people(&sql, s.of_year(), Some(level_label), w).await
            }
            Figure::Admitted { .. } => {
                let sql = format!("{select} {}", admitted(sub));
                self.people(&sql, s.dated(), None, w).await
            }
            Figure::StudiedMembers { .. } => {
                let sql = format!("{select} {MEMBERS_ON_DATE} AND {}", studied("p", sub));
                self.people(&sql, s.dated(), None, w).await
            }
            Figure::StudiedNonMembers { .. } => {
                let sql = format!(
                    "{select} {} AND {}",
                    non_members_on_date(sub),
                    studied("p", sub)
                );
                self.people(&sql, s.dated(), None, w).await
            }
            Figure::Supervised { .. } => {
                let sql = format!("{select} {MEMBERS_ON_DATE} AND {}", supervised(sub));
                self.people(&sql, s.dated(), None, w).await
            }
            Figure::Meetings { .. } => {
                let lines = self.meetings_of(s).await?;
                let n = lines.len() as u64;
                Ok((lines, n))
            }
            Figure::Pledged { .. } => {
                let sql = format!("{select} {MEMBERS_ON_DATE} AND {PLEDGED}");
                self.people(&sql, s.of_year(), None, w).await
            }
            Figure::SelfAssessed { .. } => {
                let sql = format!("{select} {MEMBERS_ON_DATE} AND {SELF_ASSESSED}");
                self.people(&sql, s.of_year(), None, w).await
            }
            _ => Err(DbError::NotFound {
                what: "số liệu",
                key: figure.key(),
            }),
        }
    }

    /// A yearly figure's count and what its share is taken of, from the year's figures kept
    /// per organization; `None` where they do not say it (meetings; an organization that did
    /// not stand on the reference date), which the caller then counts in SQL.
    async fn yearly_kept(
        &self,
        org: &OrgRow,
        figure: Figure,
        (s, today): (&YearScope, NaiveDate),
        brackets: &AgeBrackets,
    ) -> (Option<u64>, Option<u64>) {
        let Ok(m) = self.year_metrics(&org.code, s.year, today).await else {
            return (None, None);
        };
        let members = || async {
            self.structure_with(&org.code, s.on, brackets)
                .await
                .ok()
                .map(|r| r.structure.members)
        };
        let ratings = m.ratings.unwrap_or_default();
        let studied =
            |f: fn(&domain::branch::study::Coverage) -> u64| m.study.as_ref().map_or(0, f);
        match figure {
            Figure::Rated { level, .. } => (Some(ratings.of(level)), Some(ratings.total())),
            Figure::GoodOrBetter { .. } => (
                Some(ratings.excellent + ratings.good),
                Some(ratings.total()),
            ),
            Figure::Admitted { .. } => (Some(m.admissions), None),
            Figure::StudiedMembers { .. } => {
                (Some(studied(|c| c.members_studied)), members().await)
            }
            Figure::StudiedNonMembers { .. } => (
                Some(studied(|c| c.non_members_studied)),
                m.study.map(|c| c.non_members),
            ),
            Figure::Supervised { .. } => (
                Some(m.supervision.map_or(0, |c| c.supervised)),
                members().await,
            ),
            Figure::Pledged { .. } => (Some(m.pledged), members().await),
            Figure::SelfAssessed { .. } => (Some(m.self_assessed), members().await),
            _ => (None, None),
        }
    }

    /// What a yearly figure's share is taken of, counted over the aggregate's own rows.
    async fn share_of(&self, figure: Figure, s: &YearScope) -> Result<Option<u64>> {
        let sub = &s.sub;
        Ok(Some(match figure {
            Figure::Rated { .. } | Figure::GoodOrBetter { .. } => {
                let sql = format!("SELECT COUNT(*) AS n {}", decided_ratings(sub));
                self.count(&sql, s.of_year()).await?
            }
            Figure::StudiedMembers { .. }
            | Figure::Supervised { .. }
            | Figure::Pledged { .. }
            | Figure::SelfAssessed { .. } => {
                let sql = format!("SELECT COUNT(*) AS n {MEMBERS_ON_DATE}");
                self.count(&sql, s.on_path()).await?
            }
            Figure::StudiedNonMembers { .. } => {
                let sql = format!("SELECT COUNT(*) AS n {}", non_members_on_date(sub));
                self.count(&sql, s.on_path()).await?
            }
            _ => return Ok(None),
        }))
    }

    async fn count(&self, sql: &str, values: Vec<Value>) -> Result<u64> {
        match crate::sql::one(&self.conn, sql, values).await? {
            Some(r) => crate::sql::get_count(&r, "n"),
            None => Ok(0),
        }
    }

    /// People in Vietnamese name order, with how many the whole list holds: all of them, or
    /// the page of `window` (sorted and cut by the database on the stored sort key, in byte
    /// order: `COLLATE "C"` on PostgreSQL). `note` reads the `note` column when given.
    async fn people(
        &self,
        sql: &str,
        values: Vec<Value>,
        note: Option<fn(&str) -> String>,
        window: Option<Window>,
    ) -> Result<(Vec<FigureLine>, u64)> {
        let Some(w) = window else {
            let lines = self.people_rows(sql, values, note).await?;
            let n = lines.len() as u64;
            return Ok((lines, n));
        };
        let count_sql = format!("SELECT COUNT(*) AS n FROM ({sql}) t");
        let counted = || self.count(&count_sql, values.clone());
        let total = match w.total {
            Some(n) => {
                #[cfg(debug_assertions)]
                assert_eq!(n, counted().await?, "the structure's count is the list's");
                n
            }
            None => counted().await?,
        };
        if w.limit == 0 {
            // The count alone (a card on a page).
            return Ok((Vec::new(), total));
        }
        let collate = match self.backend() {
            crate::Backend::Sqlite => "",
            _ => " COLLATE \"C\"",
        };
        let page = format!(
            "{sql} ORDER BY p.name_sort{collate}, p.id LIMIT {} OFFSET {}",
            w.limit, w.offset
        );
        Ok((self.people_rows(&page, values, note).await?, total))
    }

    async fn people_rows(
        &self,
        sql: &str,
        values: Vec<Value>,
        note: Option<fn(&str) -> String>,
    ) -> Result<Vec<FigureLine>> {
        let rows = all(&self.conn, sql, values).await?;
        let mut out = rows
            .iter()
            .map(|r| {
                let note = match note {
                    Some(f) => Some(f(&get::<String>(r, "note")?)),
                    None => None,
                };
                Ok((
                    (get::<String>(r, "name_sort")?, get::<i32>(r, "id")?),
                    FigureLine::Person {
                        id: get(r, "id")?,
                        full_name: get(r, "full_name")?,
                        note,
                        home: String::new(),
                    },
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        out.sort_by(|a, b| a.0.cmp(&b.0));
        let mut lines: Vec<FigureLine> = out.into_iter().map(|(_, l)| l).collect();
        let ids: Vec<i32> = lines
            .iter()
            .filter_map(|l| match l {
                FigureLine::Person { id, .. } => Some(*id),
                FigureLine::Meeting { .. } => None,
            })
            .collect();
        let homes = self.home_paths(&ids).await?;
        for l in &mut lines {
            if let FigureLine::Person { id, home, .. } = l {
                *home = homes.get(id).cloned().unwrap_or_default();
            }
        }
        Ok(lines)
    }

    /// The path of each person's home organization now (their latest regular posting, as
    /// `Db::person_home`), read in chunks of 500 ids: whether a reader may open their file.
    pub async fn home_paths(&self, ids: &[i32]) -> Result<std::collections::HashMap<i32, String>> {
        let mut out = std::collections::HashMap::new();
        for chunk in ids.chunks(500) {
            let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT m.person_id, m.from_date, m.id, v.path FROM posting m \
                 JOIN org_version v ON v.org_id = m.org_id AND v.valid_to IS NULL \
                 WHERE m.kind = 'regular' AND m.person_id IN ({})",
                marks.join(", ")
            );
            let values = chunk.iter().map(|i| Value::from(*i)).collect();
            let mut latest: std::collections::HashMap<i32, (NaiveDate, i32, String)> =
                std::collections::HashMap::new();
            for r in all(&self.conn, &sql, values).await? {
                let key = (get::<NaiveDate>(&r, "from_date")?, get::<i32>(&r, "id")?);
                let person: i32 = get(&r, "person_id")?;
                let newer = latest.get(&person).is_none_or(|(d, i, _)| key > (*d, *i));
                if newer {
                    latest.insert(person, (key.0, key.1, get(&r, "path")?));
                }
            }
            out.extend(latest.into_iter().map(|(p, (_, _, path))| (p, path)));
        }
        Ok(out)
    }

    /// The meetings whose counted attendance makes the year's rate, oldest first.
    async fn meetings_of(&self, s: &YearScope) -> Result<Vec<FigureLine>> {
        let sql = format!(
            "SELECT g.id, g.held_on, g.kind, g.topic, COUNT(*) AS counted, \
             COALESCE(SUM(CASE WHEN a.status = 'present' THEN 1 ELSE 0 END), 0) AS present {} \
             GROUP BY g.id, g.held_on, g.kind, g.topic ORDER BY g.held_on, g.id",
            counted_attendance(&s.sub)
        );
        let rows = all(&self.conn, &sql, s.dated()).await?;
        rows.iter()
            .map(|r| {
                let kind: String = get(r, "kind")?;
                let title: Option<String> = get(r, "topic")?;
                let kind = domain::branch::meeting::MeetingKind::from_code(&kind)
                    .map(|k| k.label().to_string())
                    .unwrap_or(kind);
                Ok(FigureLine::Meeting {
                    id: get(r, "id")?,
                    held_on: get(r, "held_on")?,
                    title: title.filter(|t| !t.trim().is_empty()).unwrap_or(kind),
                    counted: crate::sql::get_count(r, "counted")?,
                    present: crate::sql::get_count(r, "present")?,
                })
            })
            .collect()
    }
}

fn level_label(code: &str) -> String {
    domain::branch::rating::RatingLevel::from_code(code)
        .map(|l| l.label().to_string())
        .unwrap_or_else(|| code.to_string())
}

/// The condition on `p` of a figure on a date, with its values from `$3`: the conditions the
/// structure aggregate sums (`register::stats::structure_sql`).
fn structure_condition(
    figure: Figure,
    brackets: &AgeBrackets,
    on: NaiveDate,
) -> Result<(String, Vec<Value>)> {
    let cutoffs = brackets.birth_cutoffs(on);
    Ok(match figure {
        Figure::Members => ("1 = 1".into(), vec![]),
        Figure::Official => (format!("NOT {PROBATIONARY}"), vec![]),
        Figure::Probationary => (PROBATIONARY.into(), vec![]),
        Figure::Age(i) if i < brackets.len() => {
            // Bracket i: at least bound[i-1] old (born by cutoff i-1), not yet bound[i].
            let mut cond = Vec::new();
            let mut values: Vec<Value> = Vec::new();
            if i > 0 {
                cond.push(born_by(3));
                values.push(cutoffs[i - 1].into());
            }
            if i < cutoffs.len() {
                cond.push(format!("NOT {}", born_by(3 + values.len())));
                values.push(cutoffs[i].into());
            }
            (cond.join(" AND "), values)
        }
        Figure::Theory(t) => (theory_is(3), vec![t.code().into()]),
        Figure::Qualification(q) => (qualification_is(3), vec![q.code().into()]),
        _ => {
            return Err(DbError::NotFound {
                what: "số liệu",
                key: figure.key(),
            });
        }
    })
}
