//! The facts of the draft political report of an organization, read from the database: its
//! last congress and term, the review of its resolution, each year's figures and the awards
//! of the term. One reader for the register's template, the download and `dangvu doc report`.

use chrono::{Datelike, NaiveDate};
use db::{Db, DbError};
use reports::documents::political::{PoliticalFacts, TargetFacts, YearFacts};

/// The facts of the report `org` puts before its next congress, as of `today`.
pub async fn facts(db: &Db, org: &str, today: NaiveDate) -> Result<PoliticalFacts, DbError> {
    let o = db.org_latest(org).await?;
    let last = db.congresses_of(&o.code).await?.first().copied();
    let review = match db.review(&o.code, None, today).await {
        Ok(r) => Some(r),
        Err(e) if e.is_bad_input() => None,
        Err(e) => return Err(e),
    };
    let (ordinal, term) = match (last, &review) {
        // Without a congress record, the resolution's title names its congress ("… lần thứ IV").
        (None, Some(r)) => (
            ordinal_in(&r.title).map_or(1, |n| n + 1),
            (r.term.from, r.term.to),
        ),
        (Some((_, n, _)), Some(r)) => (n + 1, (r.term.from, r.term.to)),
        (Some((id, n, _)), None) => {
            let t = db.congress(id).await?.term;
            (n + 1, (t.from, t.to))
        }
        (None, None) => (1, (today.year() - 5, today.year())),
    };
    let length = (term.1 - term.0).max(1);
    let years = years_of(db, &o.code, term, today).await?;
    let targets = review
        .as_ref()
        .map(|r| {
            r.targets
                .iter()
                .map(|t| TargetFacts {
                    text: t.target.text.clone(),
                    achievement: t
                        .evaluation
                        .achievement_percent
                        .map(|_| t.evaluation.achievement_text()),
                    verdict: t.evaluation.verdict().to_string(),
                })
                .collect()
        })
        .unwrap_or_default();
    let from = NaiveDate::from_ymd_opt(term.0, 1, 1).unwrap_or(today);
    let awards = db
        .award_stats(&o.code, from, today)
        .await?
        .stats
        .by_kind
        .into_iter()
        .filter(|(_, n)| n.total() > 0)
        .map(|(k, n)| (k.label().to_string(), n.total()))
        .collect();
    Ok(PoliticalFacts {
        structure: db
            .structure(&o.code, today)
            .await?
            .structure
            .paragraph(&o.name),
        organization: o.name,
        ordinal,
        term,
        next_term: (term.1, term.1 + length),
        years,
        targets_summary: review.as_ref().map(|r| r.summary.sentence()),
        targets,
        awards,
    })
}

/// Each year of the term up to this one, as the data records it.
async fn years_of(
    db: &Db,
    code: &str,
    term: (i32, i32),
    today: NaiveDate,
) -> Result<Vec<YearFacts>, DbError> {
    let code = code.to_string();
    let mut years = Vec::new();
    for y in term.0..=term.1.min(today.year()) {
        // The set-wise reading of the roll-up: the same figures as `year_metrics`, in one
        // pass over the subtree (a province's six years in seconds, not minutes).
        let Ok(mut batch) = db
            .year_metrics_batch(&code, std::slice::from_ref(&code), y, today)
            .await
        else {
            continue;
        };
        let Some(m) = batch.remove(&code) else {
            continue;
        };
        years.push(YearFacts {
            year: m.year,
            attendance: m.attendance,
            study: m.study,
            supervision: m.supervision,
            ratings: m.ratings,
            org_rating: m.org_rating.map(|r| r.label().to_string()),
            admissions: m.admissions,
        });
    }
    Ok(years)
}

/// The congress a title names: "Nghị quyết Đại hội … lần thứ IV, nhiệm kỳ …" → 4.
fn ordinal_in(title: &str) -> Option<u32> {
    let (_, rest) = title.split_once("lần thứ ")?;
    let word = rest.split([',', ' ']).next()?;
    domain::text::from_roman(word).or_else(|| (word == "nhất").then_some(1))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_ordinal_is_read_from_the_resolutions_title() {
        use super::ordinal_in;
        assert_eq!(
            ordinal_in("Nghị quyết Đại hội Chi bộ Sở Ngoại vụ lần thứ IV, nhiệm kỳ 2020–2025"),
            Some(4)
        );
        assert_eq!(
            ordinal_in("Nghị quyết Đại hội Chi bộ Văn phòng Sở 2 lần thứ nhất, nhiệm kỳ 2020–2022"),
            Some(1)
        );
        assert_eq!(ordinal_in("Nghị quyết nhiệm kỳ 2020–2025"), None);
    }
}
