//! The review of an organization's congress resolution: each target evaluated year by year
//! from the recorded data (or the values entered with evidence) by the same `Db::review` as
//! `dangvu review`, the targets × years grid, each target's achievement rate and whether it is
//! met, the review sentence, a bar chart of achievement, and the grid as .xlsx.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use domain::branch::target::{Evaluation, OVER_PERCENT, REVIEW_RULES, Term, format_value};
use plotters::prelude::*;
use reports::branch::review::{ReviewBook, review_xlsx_bytes};
use serde::Deserialize;

use super::xlsx_download;
use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::pages::guard::readable_org;
use crate::pages::register::figure;
use crate::state::AppState;
use chrono::Datelike;
use domain::branch::rollup::Scope;
use domain::figure::Figure;

#[derive(Deserialize)]
pub struct Params {
    nhiem_ky: Option<String>,
    dinh_dang: Option<String>,
    /// Only the targets of one verdict: `dat`, `tren60` or `chua` (the headline's links).
    loc: Option<String>,
    /// The roll-up's scope the page is narrowed to (`nam`, `giua-nhiem-ky`, `cuoi-nhiem-ky`),
    /// with `nam` its year: the roll-up's cells open the page this way.
    ky: Option<String>,
    nam: Option<String>,
    /// The day of a mid-term review (sơ kết giữa nhiệm kỳ): only the years up to it, as
    /// `dangvu review --as-of` gives them.
    ngay: Option<String>,
}

/// The day `ngay` names, if any.
fn day_param(p: &Params) -> Result<Option<chrono::NaiveDate>, WebError> {
    p.ngay
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(crate::pages::form::parse_date)
        .transpose()
        .map_err(WebError::BadInput)
}

pub struct Cell {
    pub text: String,
    /// The list behind the year's value (the people or meetings it counts).
    pub href: Option<String>,
    /// "dat" (meets the target that year), "chua" (does not), "" (no data).
    pub class: &'static str,
}

pub struct TargetLine {
    /// The target's number in the resolution.
    pub number: usize,
    pub text: String,
    pub source: &'static str,
    pub period: &'static str,
    pub goal: String,
    pub cells: Vec<Cell>,
    pub actual: String,
    pub achievement: String,
    pub verdict: String,
    /// The years that fell short, in words.
    pub note: Option<String>,
    pub class: &'static str,
    pub evidence: Vec<(i32, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "branch/review.html")]
pub struct ReviewPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    code: String,
    name: String,
    /// `None`: no resolution recorded.
    title: Option<String>,
    term: String,
    /// The term as a link writes it ("2020-2025").
    term_code: String,
    years: Vec<i32>,
    lines: Vec<TargetLine>,
    sentence: String,
    rules: &'static str,
    chart: String,
    /// The headline's counts, each opening the targets it counts: (text, class, count).
    verdicts: Vec<(String, &'static str, usize)>,
    /// The verdict the table is narrowed to, in words ("" = every target).
    only: String,
    /// The day of a mid-term review as typed back into the form, "24/6/2023" ("" = today).
    day: String,
    /// The same day as the links carry it, `YYYY-MM-DD`.
    day_iso: String,
    /// The roll-up's scope the verdicts are judged on ("" = the term so far).
    scope: String,
    /// `&ky=…&nam=…` to keep the scope in the page's links.
    scope_query: String,
}

fn term_param(raw: Option<&str>) -> Result<Option<Term>, WebError> {
    raw.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(Term::parse)
        .transpose()
        .map_err(|e| WebError::BadInput(format!("{e}.")))
}

/// The review, or `None` when the organization has no resolution (for that term).
async fn review_of(
    s: &AppState,
    code: &str,
    term: Option<Term>,
    day: Option<chrono::NaiveDate>,
) -> Result<Option<db::branch::ReviewResult>, WebError> {
    let r = match day {
        Some(day) => s.db.review_as_of(code, term, day).await,
        None => s.db.review(code, term, s.today()).await,
    };
    match r {
        Ok(r) => Ok(Some(r)),
        Err(db::DbError::NotFound { .. }) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The table's lines: the targets (of one verdict when `only`), each year's value opening
/// the list behind it.
fn target_lines(
    r: &db::branch::ReviewResult,
    evaluations: &[Evaluation],
    only: Option<&str>,
    code: &str,
    today: chrono::NaiveDate,
) -> Vec<TargetLine> {
    r.targets
        .iter()
        .enumerate()
        .filter(|(i, _)| only.is_none_or(|c| class_of(&evaluations[*i]) == c))
        .map(|(i, t)| {
            let e = &evaluations[i];
            let tg = &t.target;
            TargetLine {
                number: i + 1,
                text: tg.text.clone(),
                source: tg.source.label(),
                period: tg.period.label(),
                goal: tg.goal_text(),
                cells: r
                    .years
                    .iter()
                    .map(|y| match e.by_year.get(y) {
                        Some(v) => Cell {
                            text: format_value(tg.source, *v, &tg.unit),
                            href: Figure::of_source(tg.source, *y).map(|f| {
                                figure::link(code, f, db::branch::reference_date(*y, today))
                            }),
                            class: if tg.comparator.meets(*v, tg.value) {
                                "dat"
                            } else {
                                "chua"
                            },
                        },
                        None => Cell {
                            text: "—".into(),
                            href: None,
                            class: "",
                        },
                    })
                    .collect(),
                actual: e.actual_text(tg),
                achievement: e.achievement_text(),
                verdict: e.verdict_detail(),
                note: e.shortfall_text(tg),
                class: class_of(e),
                evidence: t.evidence.iter().map(|(y, v)| (*y, v.clone())).collect(),
            }
        })
        .collect()
}

/// The roll-up's scope from `ky` and `nam` (`None`: the term so far, as the review is).
fn scope_param(p: &Params, today: chrono::NaiveDate) -> Result<Option<Scope>, WebError> {
    let Some(kind) = p.ky.as_deref().map(str::trim).filter(|k| !k.is_empty()) else {
        return Ok(None);
    };
    let year = p
        .nam
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|raw| crate::pages::form::parse_year(raw, today.year()))
        .transpose()
        .map_err(WebError::BadInput)?;
    Scope::from_param(Some(kind), year)
        .map(Some)
        .map_err(WebError::BadInput)
}

/// The scope and the day of the review as the page's links carry them on.
fn scope_query(p: &Params, day: Option<chrono::NaiveDate>) -> String {
    let mut q = match p.ky.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        None => String::new(),
        Some(k) => format!(
            "&ky={}&nam={}",
            urlencoding(k),
            urlencoding(p.nam.as_deref().unwrap_or("").trim())
        ),
    };
    if let Some(d) = day {
        q.push_str(&format!("&ngay={d}"));
    }
    q
}

/// Keeps only the characters a scope parameter has (letters, digits and '-').
fn urlencoding(raw: &str) -> String {
    raw.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

/// The verdict classes, as the table colours them and the headline counts them.
const VERDICTS: [&str; 3] = ["dat", "tren60", "chua"];

fn verdict_words(class: &str) -> &'static str {
    match class {
        "dat" => "đạt 100% trở lên",
        "tren60" => "đạt trên 60%",
        _ => "chưa đạt 60%",
    }
}

fn verdict_param(raw: Option<&str>) -> Result<Option<&'static str>, WebError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(v) => VERDICTS
            .into_iter()
            .find(|c| *c == v)
            .map(Some)
            .ok_or_else(|| {
                WebError::BadInput(format!(
                    "Không có nhóm chỉ tiêu '{}' (dat, tren60 hoặc chua).",
                    domain::text::excerpt(v)
                ))
            }),
    }
}

/// "5 chỉ tiêu đạt 100% trở lên", … with the count each opens.
fn verdict_links(s: &domain::branch::target::Summary) -> Vec<(String, &'static str, usize)> {
    [s.met, s.over_60_percent, s.below()]
        .into_iter()
        .zip(VERDICTS)
        .map(|(n, c)| (format!("{n} chỉ tiêu {}", verdict_words(c)), c, n))
        .collect()
}

fn class_of(e: &Evaluation) -> &'static str {
    if e.met {
        "dat"
    } else if e.over_60() {
        "tren60"
    } else {
        "chua"
    }
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
    Query(p): Query<Params>,
) -> Result<ReviewPage, WebError> {
    let org = readable_org(&s, &me, &code).await?;
    let term = term_param(p.nhiem_ky.as_deref())?;
    let base = ReviewPage {
        user: Some(crate::pages::menu::Viewer::of(&me)),
        csrf: me.csrf.clone(),
        code: org.code.clone(),
        name: org.name.clone(),
        title: None,
        term: term.map(|t| t.to_string()).unwrap_or_default(),
        term_code: term.map(|t| t.code()).unwrap_or_default(),
        years: Vec::new(),
        lines: Vec::new(),
        sentence: String::new(),
        rules: REVIEW_RULES,
        chart: String::new(),
        verdicts: Vec::new(),
        only: String::new(),
        scope: String::new(),
        scope_query: String::new(),
        day: String::new(),
        day_iso: String::new(),
    };
    let only = verdict_param(p.loc.as_deref())?;
    let day = day_param(&p)?;
    let Some(r) = review_of(&s, &org.code, term, day).await? else {
        return Ok(base);
    };
    let today = day.unwrap_or_else(|| s.today());
    let scope = scope_param(&p, today)?;
    let evaluations: Vec<Evaluation> = r
        .targets
        .iter()
        .map(|t| match scope {
            Some(sc) => sc.evaluate_term(&t.target, r.term, today.year(), &t.evaluation.by_year),
            None => t.evaluation.clone(),
        })
        .collect();
    let summary = domain::branch::target::Summary::of(&evaluations);
    let lines = target_lines(&r, &evaluations, only, &org.code, today);
    let chart = achievement_chart(
        &r.targets
            .iter()
            .enumerate()
            .map(|(i, t)| (format!("{}. {}", i + 1, t.target.text), &evaluations[i]))
            .collect::<Vec<_>>(),
    );
    Ok(ReviewPage {
        title: Some(match day {
            Some(d) => format!(
                "{} — sơ kết giữa nhiệm kỳ tại ngày {}",
                r.title,
                domain::text::format_date(d)
            ),
            None => r.title.clone(),
        }),
        term: r.term.to_string(),
        term_code: r.term.code(),
        years: r.years.clone(),
        sentence: summary.sentence_noting(domain::branch::target::without_data(&evaluations)),
        verdicts: verdict_links(&summary),
        scope: scope.map(|sc| sc.label()).unwrap_or_default(),
        scope_query: scope_query(&p, day),
        day: day.map(domain::text::format_date).unwrap_or_default(),
        day_iso: day.map(|d| d.to_string()).unwrap_or_default(),
        only: only.map(verdict_words).unwrap_or_default().to_string(),
        lines,
        chart,
        ..base
    })
}

/// The review as .xlsx (`dinh_dang=xlsx`, the default: the grid, numbers as numbers) or as
/// .docx (`dinh_dang=docx`: the same figures in the party's document layout).
pub async fn export(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
    Query(p): Query<Params>,
) -> Result<Response, WebError> {
    let org = readable_org(&s, &me, &code).await?;
    let term = term_param(p.nhiem_ky.as_deref())?;
    let word = match p.dinh_dang.as_deref().map(str::trim).unwrap_or("xlsx") {
        "xlsx" | "" => false,
        "docx" => true,
        other => {
            return Err(WebError::BadInput(format!(
                "Định dạng '{other}' không được hỗ trợ (chỉ .xlsx hoặc .docx).",
                other = domain::text::excerpt(other)
            )));
        }
    };
    let Some(r) = review_of(&s, &org.code, term, day_param(&p)?).await? else {
        return Err(WebError::BadInput(format!(
            "{} chưa có nghị quyết đại hội để xuất đánh giá.",
            org.name
        )));
    };
    let term_text = r.term.code();
    let bytes = tokio::task::spawn_blocking(move || {
        let pairs: Vec<_> = r
            .targets
            .iter()
            .map(|t| (&t.target, &t.evaluation))
            .collect();
        let book = ReviewBook {
            org_name: &r.org.name,
            title: &r.title,
            term: r.term,
            years: &r.years,
            targets: &pairs,
            summary: r.summary,
        };
        if word {
            reports::branch::review::review_document(&book)
                .to_docx()
                .map_err(|e| e.to_string())
        } else {
            review_xlsx_bytes(&book).map_err(|e| e.to_string())
        }
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))?
    .map_err(WebError::Internal)?;
    if word {
        let name = format!("danh-gia-nghi-quyet-{}-{term_text}.docx", org.code);
        return Ok((
            [
                (
                    axum::http::header::CONTENT_TYPE,
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                        .to_string(),
                ),
                (
                    axum::http::header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
            ],
            bytes,
        )
            .into_response());
    }
    let name = format!("danh-gia-nghi-quyet-{}-{term_text}.xlsx", org.code);
    Ok(xlsx_download(&name, bytes).into_response())
}

/// A horizontal bar per target: its achievement rate, with the 100% line; green when met,
/// amber when over 60%, red otherwise. Targets without data are named with "chưa có số liệu".
pub fn achievement_chart(targets: &[(String, &Evaluation)]) -> String {
    const LEFT: i32 = 300;
    const SCALE: f64 = 200.0 / 100.0; // pixels per percent; bars stop at 150%
    let height = 48 + 28 * targets.len().max(1) as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (680, height)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let font = ("Liberation Sans, Arial, sans-serif", 13).into_font();
        let _ = root.draw(&Text::new(
            "Tỷ lệ đạt của từng chỉ tiêu".to_string(),
            (8, 6),
            ("Liberation Sans, Arial, sans-serif", 15)
                .into_font()
                .style(FontStyle::Bold),
        ));
        for (i, (label, e)) in targets.iter().enumerate() {
            let y = 34 + 28 * i as i32;
            let short: String = if label.chars().count() > 42 {
                label.chars().take(41).chain(std::iter::once('…')).collect()
            } else {
                label.clone()
            };
            let _ = root.draw(&Text::new(short, (8, y + 5), font.clone()));
            match e.achievement_percent {
                None if e.actual.is_some() => {
                    let _ = root.draw(&Text::new(
                        format!("{} (chỉ tiêu xếp loại)", e.verdict()),
                        (LEFT + 4, y + 5),
                        font.clone(),
                    ));
                }
                Some(p) => {
                    let width = (p.min(150.0) * SCALE).round() as i32;
                    let color = if e.met {
                        RGBColor(46, 125, 50)
                    } else if p > OVER_PERCENT {
                        RGBColor(230, 145, 0)
                    } else {
                        RGBColor(176, 32, 32)
                    };
                    let _ = root.draw(&Rectangle::new(
                        [(LEFT, y), (LEFT + width.max(2), y + 20)],
                        color.filled(),
                    ));
                    let _ = root.draw(&Text::new(
                        domain::text::format_percent(p),
                        (LEFT + width.max(2) + 6, y + 5),
                        font.clone(),
                    ));
                }
                None => {
                    let _ = root.draw(&Text::new(
                        "chưa có số liệu".to_string(),
                        (LEFT + 4, y + 5),
                        font.clone(),
                    ));
                }
            }
        }
        let x100 = LEFT + (100.0 * SCALE) as i32;
        let bottom = 34 + 28 * targets.len().max(1) as i32;
        let _ = root.draw(&PathElement::new(
            vec![(x100, 28), (x100, bottom)],
            BLACK.stroke_width(1),
        ));
        let _ = root.draw(&Text::new(
            "100%".to_string(),
            (x100 - 14, bottom + 2),
            font,
        ));
        let _ = root.present();
    }
    svg
}
