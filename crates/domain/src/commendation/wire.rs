//! The JSON of `dangvu commend eligible` (CONTRACTS.md): read into a checked [`Case`], with a
//! Vietnamese message naming the unknown code or the broken field.

use serde::Deserialize;

use super::case::{Case, CaseError, MemberCounts, PriorAward, YearRecord};
use super::discipline::Discipline;
use super::kind::{AwardKind, InitiativeLevel, Subject};
use crate::branch::rating::RatingLevel;

#[derive(Deserialize)]
struct Input {
    subject: String,
    year: i32,
    history: Vec<Year>,
    #[serde(default)]
    awards: Vec<Award>,
    #[serde(default)]
    emulation_active: bool,
}

#[derive(Deserialize)]
struct Year {
    year: i32,
    rating: Option<String>,
    #[serde(default)]
    titles: Vec<String>,
    #[serde(default)]
    initiatives: Vec<String>,
    discipline: Option<String>,
    members: Option<Members>,
}

#[derive(Deserialize)]
struct Members {
    total: u32,
    #[serde(default)]
    lao_dong_tien_tien: u32,
    #[serde(default)]
    chien_si_thi_dua_co_so: u32,
    completed: Option<u32>,
    #[serde(default)]
    disciplined_canh_cao_or_above: u32,
}

#[derive(Deserialize)]
struct Award {
    kind: String,
    year: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    #[error("tệp JSON không đọc được: {0}")]
    Json(String),
    #[error("mã {field} \"{code}\" không có trong danh mục")]
    UnknownCode { field: &'static str, code: String },
    #[error(transparent)]
    Case(#[from] CaseError),
}

fn code<T>(
    field: &'static str,
    raw: &str,
    find: impl Fn(&str) -> Option<T>,
) -> Result<T, WireError> {
    find(raw).ok_or_else(|| WireError::UnknownCode {
        field,
        code: raw.chars().take(40).collect(),
    })
}

fn year(y: Year) -> Result<YearRecord, WireError> {
    let rating = match y.rating.as_deref() {
        None => None,
        Some(r) => Some(code("rating", r, RatingLevel::from_code)?),
    };
    let discipline = match y.discipline.as_deref() {
        None => None,
        Some(d) => Some(code("discipline", d, Discipline::from_code)?),
    };
    Ok(YearRecord {
        year: y.year,
        rating,
        titles: y
            .titles
            .iter()
            .map(|t| code("titles", t, AwardKind::from_code))
            .collect::<Result<_, _>>()?,
        initiatives: y
            .initiatives
            .iter()
            .map(|t| code("initiatives", t, InitiativeLevel::from_code))
            .collect::<Result<_, _>>()?,
        discipline,
        members: y.members.map(|m| MemberCounts {
            total: m.total,
            lao_dong_tien_tien: m.lao_dong_tien_tien,
            chien_si_thi_dua_co_so: m.chien_si_thi_dua_co_so,
            completed: m.completed.unwrap_or(m.total),
            disciplined_canh_cao_or_above: m.disciplined_canh_cao_or_above,
        }),
    })
}

/// Reads the contract's input.
pub fn parse(json: &str) -> Result<Case, WireError> {
    let input: Input = serde_json::from_str(json).map_err(|e| WireError::Json(e.to_string()))?;
    let subject = code("subject", &input.subject, Subject::from_code)?;
    let history = input
        .history
        .into_iter()
        .map(year)
        .collect::<Result<_, _>>()?;
    let awards = input
        .awards
        .iter()
        .map(|a| {
            Ok(PriorAward {
                kind: code("awards.kind", &a.kind, AwardKind::from_code)?,
                year: a.year,
            })
        })
        .collect::<Result<_, WireError>>()?;
    Ok(Case::new(
        subject,
        input.year,
        history,
        awards,
        input.emulation_active,
    )?)
}

/// The contract's input for a case: what a dossier keeps as the history it was appraised on.
pub fn to_json(case: &Case) -> serde_json::Value {
    use serde_json::json;
    let history: Vec<_> = case
        .years()
        .map(|r| {
            let mut y = json!({
                "year": r.year,
                "rating": r.rating.map(RatingLevel::code),
                "titles": r.titles.iter().map(|t| t.code()).collect::<Vec<_>>(),
                "initiatives": r.initiatives.iter().map(|i| i.code()).collect::<Vec<_>>(),
                "discipline": r.discipline.map(Discipline::code),
            });
            if let Some(m) = r.members {
                y["members"] = json!({
                    "total": m.total, "lao_dong_tien_tien": m.lao_dong_tien_tien,
                    "chien_si_thi_dua_co_so": m.chien_si_thi_dua_co_so, "completed": m.completed,
                    "disciplined_canh_cao_or_above": m.disciplined_canh_cao_or_above,
                });
            }
            y
        })
        .collect();
    json!({
        "subject": case.subject.code(),
        "year": case.year,
        "history": history,
        "awards": case.awards().iter().map(|a| json!({"kind": a.kind.code(), "year": a.year})).collect::<Vec<_>>(),
        "emulation_active": case.emulation_active,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_contract_example_and_refuses_unknown_codes() {
        let ok = r#"{"subject": "individual", "year": 2025,
          "history": [{"year": 2024, "rating": "excellent", "titles": ["chien_si_thi_dua_co_so"],
                       "initiatives": ["co_so"], "discipline": null},
                      {"year": 2025, "rating": "good", "titles": [], "initiatives": [], "discipline": null}],
          "awards": [{"kind": "bang_khen_tinh", "year": 2023}], "emulation_active": true}"#;
        let case = parse(ok).unwrap();
        assert_eq!(case.year, 2025);
        assert_eq!(parse(&to_json(&case).to_string()).unwrap(), case);
        assert!(case.emulation_active);
        let bad = ok.replace("\"good\"", "\"great\"");
        assert_eq!(
            parse(&bad).unwrap_err().to_string(),
            "mã rating \"great\" không có trong danh mục"
        );
        assert!(matches!(parse("{"), Err(WireError::Json(_))));
        let twice = ok.replace("\"year\": 2024", "\"year\": 2025");
        assert_eq!(
            parse(&twice).unwrap_err(),
            WireError::Case(CaseError::YearTwice(2025))
        );
    }
}
