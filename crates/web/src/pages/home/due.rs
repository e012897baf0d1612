//! The secretary's month: what is due in a branch, soonest first, each line linking to the
//! page that settles it; and for a superior's staff, the organizations that need attention
//! first. The rules come from `domain` (the calendar of meetings, the admission pipeline); this
//! module only gathers them.

use chrono::{Datelike, NaiveDate};
use domain::branch::meeting::{self, MeetingKind};
use domain::text::format_date;

use crate::error::WebError;
use crate::state::AppState;

/// One thing due: what, by when (overdue when the day is past), and where to settle it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub what: String,
    pub by: Option<NaiveDate>,
    pub href: String,
    /// Past its day (or a month or quarter already missed).
    pub overdue: bool,
    /// Done: shown as settled (e.g. this month's meeting held).
    pub done: bool,
}

impl Due {
    pub fn by_text(&self) -> String {
        self.by.map(format_date).unwrap_or_default()
    }
}

fn month_end(y: i32, m: u32) -> NaiveDate {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1)
        .and_then(|d| d.pred_opt())
        .unwrap_or(NaiveDate::MAX)
}

/// The branch's meetings: this month's meeting, this quarter's thematic one, the chi ủy's
/// meeting, and what the year's calendar already flags.
async fn meetings_due(
    s: &AppState,
    org: &db::OrgRow,
    today: NaiveDate,
    out: &mut Vec<Due>,
) -> Result<(), WebError> {
    let code = org.code.as_str();
    let from = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    let rows = s.db.meetings(code, from, today).await?;
    let held: Vec<meeting::Held> = rows.iter().map(db::branch::MeetingRow::held).collect();
    let href = format!("/to-chuc/{code}/lich-sinh-hoat");
    let (y, m) = (today.year(), today.month());
    let this_month = |k: fn(MeetingKind) -> bool| {
        held.iter()
            .filter(|h| k(h.kind) && h.on.year() == y && h.on.month() == m)
            .map(|h| h.on)
            .max()
    };
    let month = this_month(MeetingKind::is_branch_meeting);
    out.push(Due {
        what: match month {
            Some(d) => format!(
                "Sinh hoạt chi bộ tháng {m}/{y}: đã họp ngày {}",
                format_date(d)
            ),
            None => format!("Sinh hoạt chi bộ định kỳ tháng {m}/{y}: chưa họp"),
        },
        by: Some(month_end(y, m)),
        href: href.clone(),
        overdue: false,
        done: month.is_some(),
    });
    let q = (m - 1) / 3 + 1;
    let thematic = meeting::quarter_has_thematic(&held, today);
    out.push(Due {
        what: if thematic {
            format!("Sinh hoạt chuyên đề quý {q}/{y}: đã tổ chức")
        } else {
            format!("Sinh hoạt chuyên đề quý {q}/{y}: chưa tổ chức")
        },
        by: Some(month_end(y, q * 3)),
        href: href.clone(),
        overdue: false,
        done: thematic,
    });
    let has_committee = s.db.has_committee(code, today).await?;
    if has_committee {
        let c = this_month(|k| k == MeetingKind::Committee);
        out.push(Due {
            what: match c {
                Some(d) => format!("Họp chi ủy tháng {m}/{y}: đã họp ngày {}", format_date(d)),
                None => format!("Họp chi ủy tháng {m}/{y}: chưa họp"),
            },
            by: Some(month_end(y, m)),
            href: href.clone(),
            overdue: false,
            done: c.is_some(),
        });
    }
    let w = meeting::calendar_warnings(org.kind, has_committee, &held, y, today);
    flags_due(w, y, &href, out);
    Ok(())
}

/// What the year's calendar already flags: months and quarters over without their meeting.
fn flags_due(w: meeting::CalendarWarnings, y: i32, href: &str, out: &mut Vec<Due>) {
    let months = |list: &[(i32, u32)]| {
        list.iter()
            .map(|(_, m)| m.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    // One line per kind of gap, due since the first month missed.
    if let Some(&(fy, fm)) = w.months.first() {
        let what = format!("Năm {y} không sinh hoạt chi bộ tháng {}", months(&w.months));
        out.push(missed(what, month_end(fy, fm), href));
    }
    if let Some(&q) = w.quarters.first() {
        let list: Vec<String> = w.quarters.iter().map(u32::to_string).collect();
        let what = format!("Năm {y} chưa sinh hoạt chuyên đề quý {}", list.join(", "));
        out.push(missed(what, month_end(y, q * 3), href));
    }
    if let Some(&(fy, fm)) = w.committee_months.first() {
        let what = format!(
            "Năm {y} chi ủy chưa họp tháng {}",
            months(&w.committee_months)
        );
        out.push(missed(what, month_end(fy, fm), href));
    }
}

fn missed(what: String, by: NaiveDate, href: &str) -> Due {
    Due {
        what,
        by: Some(by),
        href: href.to_string(),
        overdue: true,
        done: false,
    }
}

/// The open admission cases with their next step and its due date.
async fn admissions_due(
    s: &AppState,
    code: &str,
    today: NaiveDate,
    out: &mut Vec<Due>,
) -> Result<(), WebError> {
    for c in s.db.admission_cases(code, true, today).await? {
        let Some(next) = &c.next else { continue };
        out.push(Due {
            what: format!(
                "Kết nạp {}: {}",
                c.person_name,
                next.kind.label().to_lowercase()
            ),
            by: next.due,
            href: format!("/to-chuc/{}/ket-nap#ho-so-{}", c.org_code, c.id),
            overdue: c.overdue,
            done: false,
        });
    }
    Ok(())
}

/// The year's ratings: the committee's decision for every member before the year ends.
async fn ratings_due(
    s: &AppState,
    code: &str,
    today: NaiveDate,
    out: &mut Vec<Due>,
) -> Result<(), WebError> {
    let year = today.year();
    let sheet = s.db.rating_sheet(code, year, today).await?;
    if sheet.is_empty() {
        return Ok(());
    }
    let decided = sheet.iter().filter(|r| r.decision.is_some()).count();
    out.push(Due {
        what: format!(
            "Xếp loại đảng viên năm {year}: cấp ủy đã quyết định {decided}/{} đảng viên",
            sheet.len()
        ),
        by: NaiveDate::from_ymd_opt(year, 12, 31),
        href: format!("/to-chuc/{code}/xep-loai?nam={year}"),
        overdue: false,
        done: decided == sheet.len(),
    });
    Ok(())
}

/// What the members hand in themselves: pledges waiting for approval, self-assessments before
/// the deadline, requests to correct a file not yet answered.
async fn members_due(
    s: &AppState,
    org: &db::OrgRow,
    today: NaiveDate,
    out: &mut Vec<Due>,
) -> Result<(), WebError> {
    let code = org.code.as_str();
    let list = s.db.personal_list(code, today.year(), today).await?;
    if list.lines.is_empty() {
        return Ok(());
    }
    let href = format!("/to-chuc/{code}/lam-theo");
    let waiting = list
        .lines
        .iter()
        .filter(|l| l.pledge == Some(domain::branch::personal::PledgeState::Submitted))
        .count();
    if waiting > 0 {
        out.push(Due {
            what: format!("Duyệt {waiting} bản đăng ký làm theo của đảng viên"),
            by: None,
            href: href.clone(),
            overdue: false,
            done: false,
        });
    }
    out.push(Due {
        what: format!(
            "Bản tự kiểm điểm năm {}: {}/{} đảng viên đã nộp",
            list.year,
            list.assessed,
            list.lines.len()
        ),
        by: Some(list.self_until),
        href: href.clone(),
        overdue: today > list.self_until && list.assessed < list.lines.len(),
        done: list.assessed == list.lines.len(),
    });
    let open =
        s.db.member_requests(Some(org.id), None)
            .await?
            .iter()
            .filter(|q| q.resolved_at.is_none())
            .count();
    if open > 0 {
        out.push(Due {
            what: format!("Trả lời {open} đề nghị sửa hồ sơ của đảng viên"),
            by: None,
            href: format!("{href}#de-nghi"),
            overdue: false,
            done: false,
        });
    }
    Ok(())
}

/// How far back a plan's unheld congress is still shown as due (a plan older than that is
/// the last season's).
const SEASON_DAYS: i64 = 366;

/// The congress season: the branch's own congress in a plan of an organization above it, not
/// yet held, with the season's progress ("đã tổ chức 3/4").
async fn congress_due(
    s: &AppState,
    org: &db::OrgRow,
    today: NaiveDate,
    out: &mut Vec<Due>,
) -> Result<(), WebError> {
    let mut parent = org.parent_id;
    while let Some(pid) = parent {
        let p = s.db.org_by_id(pid).await?;
        parent = p.parent_id;
        for (id, symbol, _) in s.db.plans_of(&p.code).await? {
            let v = s.db.plan_progress(id, today).await?;
            let Some(row) = v.progress.rows.iter().find(|r| r.item.org_code == org.code) else {
                continue;
            };
            let at = row.item.scheduled;
            if row.item.held_on.is_some() || (today - at).num_days() > SEASON_DAYS {
                continue;
            }
            out.push(Due {
                what: format!(
                    "Đại hội {} theo Kế hoạch số {symbol} của {}: dự kiến ngày {} (cả đợt đã tổ chức {}/{})",
                    org.name,
                    p.name,
                    format_date(at),
                    v.progress.held,
                    v.progress.total
                ),
                by: Some(at),
                href: format!("/to-chuc/{}/dai-hoi", p.code),
                overdue: at < today,
                done: false,
            });
        }
    }
    Ok(())
}

/// For a superior's staff: each congress plan the organization issued whose season is not
/// over, with its progress and what is overdue.
pub async fn season(
    s: &AppState,
    root: &db::OrgRow,
    today: NaiveDate,
) -> Result<Vec<Due>, WebError> {
    let mut out = Vec::new();
    for (id, symbol, _) in s.db.plans_of(&root.code).await? {
        let v = s.db.plan_progress(id, today).await?;
        let p = &v.progress;
        let last = p.rows.iter().map(|r| r.item.scheduled).max();
        if p.held == p.total || last.is_none_or(|l| (today - l).num_days() > SEASON_DAYS) {
            continue;
        }
        let overdue = p
            .rows
            .iter()
            .filter(|r| r.state == domain::congress::season::PlanState::Overdue)
            .count();
        let mut what = format!(
            "Kế hoạch đại hội số {symbol}: đã tổ chức {}/{} đại hội",
            p.held, p.total
        );
        if overdue > 0 {
            what.push_str(&format!(", {overdue} tổ chức đã quá ngày dự kiến"));
        }
        out.push(Due {
            what,
            by: last,
            href: format!("/to-chuc/{}/dai-hoi", root.code),
            overdue: overdue > 0,
            done: false,
        });
    }
    Ok(out)
}

/// Everything due in a branch, settled lines last, the rest soonest (overdue) first.
pub async fn branch_due(
    s: &AppState,
    org: &db::OrgRow,
    today: NaiveDate,
) -> Result<Vec<Due>, WebError> {
    let code = org.code.as_str();
    let mut out = Vec::new();
    meetings_due(s, org, today, &mut out).await?;
    admissions_due(s, code, today, &mut out).await?;
    ratings_due(s, code, today, &mut out).await?;
    members_due(s, org, today, &mut out).await?;
    congress_due(s, org, today, &mut out).await?;
    out.sort_by_key(|d| (d.done, !d.overdue, d.by.unwrap_or(NaiveDate::MAX)));
    Ok(out)
}

/// The most branches whose year of meetings the home page reads to find those needing
/// attention (a province holds a few thousand).
const ATTENTION_MOST_BRANCHES: usize = 10_000;

/// For a superior's staff: the branches of `tree` (the scope under `root`, as the home page
/// already read it) whose attendance this year is below the 95% most resolutions ask (seed
/// 000), lowest first, and those without any meeting recorded.
pub async fn attention(
    s: &AppState,
    root: &db::OrgRow,
    tree: &[&db::OrgRow],
    today: NaiveDate,
) -> Result<Vec<Due>, WebError> {
    let branches: Vec<&db::OrgRow> = tree
        .iter()
        .copied()
        .filter(|o| meeting::holds_monthly_meetings(o.kind))
        .collect();
    if branches.len() > ATTENTION_MOST_BRANCHES {
        // A country's 150,000 branches: each subordinate's page lists its own.
        return Ok(vec![Due {
            what: format!(
                "{} có {} chi bộ, quá nhiều để xét tỷ lệ dự sinh hoạt của từng chi bộ trên trang này; cán bộ của từng tổ chức trực thuộc thấy danh sách đó trên trang chủ của mình",
                root.name,
                domain::text::format_int(branches.len() as i64)
            ),
            by: None,
            href: format!("/to-chuc/{}", root.code),
            overdue: false,
            done: false,
        }]);
    }
    let codes: Vec<String> = branches.iter().map(|o| o.code.clone()).collect();
    let metrics =
        s.db.year_metrics_batch(&root.code, &codes, today.year(), today)
            .await?;
    let mut out: Vec<(f64, Due)> = Vec::new();
    for b in branches {
        let rate = metrics.get(&b.code).and_then(|m| m.attendance);
        let what = match rate {
            Some(r) if r >= 95.0 => continue,
            Some(r) => format!(
                "{}: tỷ lệ dự sinh hoạt năm {} là {}",
                b.name,
                today.year(),
                domain::text::format_percent(r)
            ),
            None => format!(
                "{}: chưa ghi cuộc sinh hoạt nào năm {}",
                b.name,
                today.year()
            ),
        };
        out.push((
            rate.unwrap_or(-1.0),
            Due {
                what,
                by: None,
                href: format!("/to-chuc/{}/lich-sinh-hoat", b.code),
                overdue: true,
                done: false,
            },
        ));
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    Ok(out.into_iter().map(|(_, d)| d).take(20).collect())
}

/// For a committee, the party badges its subtree presents (DOMAIN.md §11): the award dates of
/// this year already past whose lists still hold members without a recorded badge, and the
/// next award date's list ("5 đảng viên đến hạn nhận Huy hiệu Đảng dịp 2/9/2026"). Members
/// deferred after discipline are not counted.
pub async fn badges(
    s: &AppState,
    root: &db::OrgRow,
    today: NaiveDate,
) -> Result<Vec<Due>, WebError> {
    use domain::commendation::badge;
    let next = badge::next_award_date(today);
    let dates: Vec<NaiveDate> = badge::award_dates(today.year())
        .into_iter()
        .filter(|d| *d < today)
        .chain([next])
        .collect();
    // The dates' lists at once, each on its own connection (after a change, each is read
    // afresh).
    let lists =
        futures_util::future::try_join_all(dates.iter().map(|on| s.db.badges_due(&root.code, *on)))
            .await?;
    let mut out = Vec::new();
    for (on, rows) in dates.into_iter().zip(lists) {
        let n = rows
            .iter()
            .filter(|r| r.status != badge::BadgeStatus::Deferred)
            .count();
        if n == 0 && on < today {
            continue;
        }
        let mut what = format!(
            "{n} đảng viên đến hạn nhận Huy hiệu Đảng dịp {}",
            format_date(on)
        );
        if on < today {
            what.push_str(" chưa ghi trao");
        }
        out.push(Due {
            what,
            by: Some(on),
            href: format!("/to-chuc/{}/huy-hieu?dip={on}", root.code),
            overdue: on < today,
            done: n == 0,
        });
    }
    Ok(out)
}
