//! The list behind a figure (issue 18 §2.6): `/to-chuc/{code}/so-lieu?chi-so=…&ngay=…` shows
//! the people (or meetings) a count of the structure statistics, the ratings or the review
//! counts, with the count itself, read by `db::Db::figure_list` with the aggregate's own
//! conditions. Every figure on those pages links here through `link`.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use chrono::NaiveDate;
use domain::accounts::access::Action;
use domain::figure::Figure;
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::pages::form::{PAGE_SIZE, page_number};
use crate::pages::guard::readable_org;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct Params {
    #[serde(rename = "chi-so")]
    chi_so: Option<String>,
    ngay: Option<String>,
    trang: Option<String>,
}

/// The address of a figure's list.
pub fn link(code: &str, figure: Figure, on: NaiveDate) -> String {
    format!("/to-chuc/{code}/so-lieu?chi-so={}&ngay={on}", figure.key())
}

/// One line of the list as the page prints it.
pub struct Line {
    /// Empty for someone whose file the user may not open (now in another organization).
    pub href: String,
    pub name: String,
    pub note: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "register/figure.html")]
pub struct FigurePage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    code: String,
    name: String,
    title: String,
    /// "Ngày 15/05/2020" or "Năm 2021 (tính đến 06/12/2026)".
    when: String,
    as_of_iso: String,
    /// The figure: "06 đồng chí", or for meetings "82 lượt có mặt / 86 lượt phải dự (95,3%)".
    figure: String,
    meetings: bool,
    /// Some line says something of its own (a level, a meeting's attendance).
    notes: bool,
    lines: Vec<Line>,
    /// The number of the page's first line in the whole list.
    first: u64,
    page: u64,
    pages: u64,
    /// The figure's key, for the pages' links.
    key: String,
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(code): Path<String>,
    Query(p): Query<Params>,
) -> Result<FigurePage, WebError> {
    readable_org(&s, &me, &code).await?;
    let key = p.chi_so.unwrap_or_default();
    let figure = Figure::parse(&key).ok_or_else(|| {
        WebError::BadInput(format!(
            "Không có số liệu '{}' để mở danh sách.",
            domain::text::excerpt(&key)
        ))
    })?;
    let today = s.today();
    let on = crate::pages::as_of(p.ngay.as_deref(), today)?;
    // One page of the list (a country's members are 5,6 million); a page past the end is
    // asked again as the last page.
    let asked = page_number(p.trang.as_deref(), 1_000_000);
    let size = PAGE_SIZE;
    let mut list =
        s.db.figure_page(&code, figure, (on, today), ((asked - 1) * size, size))
            .await?;
    // Meetings come whole: their figure is the sum over all of them.
    let whole = list.offset == 0 && list.lines.len() as u64 == list.total;
    let pages = if whole {
        1
    } else {
        list.total.div_ceil(size).max(1)
    };
    let page = asked.min(pages);
    if page != asked {
        list =
            s.db.figure_page(&code, figure, (on, today), ((page - 1) * size, size))
                .await?;
    }
    me.require(
        &s.db,
        &list.org.path,
        Action::Read,
        "organization",
        &list.org.code,
    )
    .await?;
    let date = domain::text::format_date(list.on);
    let when = match figure.year() {
        Some(y) if list.on.format("%m-%d").to_string() == "12-31" => format!("Năm {y}"),
        Some(y) => format!("Năm {y} (tính đến ngày {date})"),
        None => format!("Ngày {date}"),
    };
    let (meetings, figure_text, lines) = lines_of(&list, &me);
    Ok(FigurePage {
        user: Some(crate::pages::menu::Viewer::of(&me)),
        csrf: me.csrf.clone(),
        code: list.org.code.clone(),
        name: list.org.name.clone(),
        title: list.title.clone(),
        when,
        as_of_iso: list.on.to_string(),
        figure: figure_text,
        meetings,
        notes: lines.iter().any(|l| !l.note.is_empty()),
        lines,
        first: list.offset + 1,
        page,
        pages,
        key: figure.key(),
    })
}

fn lines_of(list: &db::FigureList, me: &CurrentUser) -> (bool, String, Vec<Line>) {
    let (mut counted, mut present, mut meetings) = (0u64, 0u64, false);
    let lines = list
        .lines
        .iter()
        .map(|l| match l {
            db::FigureLine::Person {
                id,
                full_name,
                note,
                home,
            } => Line {
                href: if me.can_read(home) {
                    format!("/dang-vien/{id}")
                } else {
                    String::new()
                },
                name: full_name.clone(),
                note: note.clone().unwrap_or_default(),
            },
            db::FigureLine::Meeting {
                id,
                held_on,
                title,
                counted: c,
                present: p,
            } => {
                meetings = true;
                counted += c;
                present += p;
                Line {
                    href: format!("/hop/{id}"),
                    name: format!("{} — {title}", domain::text::format_date(*held_on)),
                    note: format!("{p}/{c} có mặt"),
                }
            }
        })
        .collect::<Vec<_>>();
    let figure = if meetings {
        format!(
            "{} lượt có mặt / {} lượt phải dự ({})",
            domain::text::format_int(present as i64),
            domain::text::format_int(counted as i64),
            domain::text::format_percent(domain::text::percent(present, counted))
        )
    } else {
        let n = list.total;
        let count = format!("{} đồng chí", domain::text::format_count2(n as i64));
        match list.of {
            Some(of) => format!(
                "{count} trong số {} ({})",
                domain::text::format_int(of as i64),
                domain::text::format_percent(domain::text::percent(n, of))
            ),
            None => count,
        }
    };
    (meetings, figure, lines)
}

/// One figure as a table row: its label, its count opening its list, its share.
pub struct FigureRow {
    pub label: String,
    pub count: String,
    pub percent: String,
    pub href: String,
}

/// A dimension of the structure statistics and its rows.
pub struct FigureGroup {
    pub title: &'static str,
    pub rows: Vec<FigureRow>,
}

/// The structure statistics as tables whose every count opens its list.
pub fn structure_groups(
    code: &str,
    st: &domain::register::stats::Structure,
    on: NaiveDate,
) -> Vec<FigureGroup> {
    use domain::register::member::{Qualification, TheoryLevel};
    let row = |label: &str, count: u64, figure: Figure| FigureRow {
        label: label.to_string(),
        count: domain::text::format_count2(count as i64),
        percent: domain::text::format_percent(domain::text::percent(count, st.members)),
        href: link(code, figure, on),
    };
    let entries = |entries: &[domain::register::stats::Entry], figure: &dyn Fn(usize) -> Figure| {
        entries
            .iter()
            .enumerate()
            .map(|(i, e)| row(&e.label, e.count, figure(i)))
            .collect()
    };
    vec![
        FigureGroup {
            title: "Đảng viên",
            rows: vec![
                row("Tổng số", st.members, Figure::Members),
                row("Chính thức", st.official, Figure::Official),
                row("Dự bị", st.probationary, Figure::Probationary),
            ],
        },
        FigureGroup {
            title: "Độ tuổi",
            rows: entries(&st.age, &Figure::Age),
        },
        FigureGroup {
            title: "Lý luận chính trị",
            rows: entries(&st.theory, &|i| Figure::Theory(TheoryLevel::ALL[i])),
        },
        FigureGroup {
            title: "Trình độ chuyên môn",
            rows: entries(&st.qualification, &|i| {
                Figure::Qualification(Qualification::ALL[i])
            }),
        },
    ]
}
