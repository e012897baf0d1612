//! The rules for a person (Luật Thi đua, khen thưởng 2022, Điều 21–24, 43–44, 73–74; the 2013
//! law's wording where the settings say it still judges the year): each returns the article
//! and the conditions that held, or the first that failed.

use super::judge::{Judge, Outcome, phrase, since, span};
use super::kind::{AwardKind, InitiativeLevel};
use crate::branch::rating::RatingLevel;

/// The article and the outcome of `award`'s rule for the year judged.
pub(super) fn judge(j: &Judge, award: AwardKind) -> (&'static str, Outcome) {
    let law2022 = j.t.law_2022;
    match award {
        AwardKind::LaoDongTienTien => ("Điều 24", lao_dong_tien_tien(j)),
        AwardKind::ChienSiThiDuaCoSo => ("Điều 23", chien_si_co_so(j)),
        AwardKind::ChienSiThiDuaTinh => ("Điều 22", chien_si_tinh(j)),
        AwardKind::ChienSiThiDuaToanQuoc => ("Điều 21", chien_si_toan_quoc(j)),
        AwardKind::BangKhenTinh => (
            if law2022 { "Điều 74" } else { "Điều 72" },
            bang_khen_tinh(j),
        ),
        AwardKind::BangKhenThuTuong => (
            if law2022 { "Điều 73" } else { "Điều 71" },
            bang_khen_thu_tuong(j),
        ),
        AwardKind::HuanChuongLaoDongHangBa => {
            (if law2022 { "Điều 44" } else { "Điều 45" }, hcld_hang_ba(j))
        }
        AwardKind::HuanChuongLaoDongHangNhi => (
            if law2022 { "Điều 43" } else { "Điều 45" },
            hcld_hang_nhi(j),
        ),
        other => (
            "",
            Err(format!(
                "{} không được xét tự động theo quá trình",
                other.label()
            )),
        ),
    }
}

/// The year judged is rated and free of discipline; says its rating.
fn rated_year(j: &Judge) -> Result<(i32, RatingLevel), String> {
    let y = j.case.year;
    let level = j.rating(y)?;
    j.not_disciplined(y)?;
    Ok((y, level))
}

/// Lao động tiên tiến: Good or better, and active in emulation.
fn lao_dong_tien_tien(j: &Judge) -> Outcome {
    let (y, level) = rated_year(j)?;
    if level < RatingLevel::Good {
        return Err(format!(
            "Năm {y} xếp loại {}, chưa đạt hoàn thành tốt nhiệm vụ",
            phrase(level)
        ));
    }
    let mut held = vec![format!("Năm {y} xếp loại {}", phrase(level))];
    if !j.case.emulation_active {
        return Err("Không tham gia phong trào thi đua".into());
    }
    held.push("Tham gia phong trào thi đua".into());
    held.push(format!("Không bị kỷ luật trong năm {y}"));
    Ok(held)
}

/// Chiến sĩ thi đua cơ sở: under the 2022 law Excellent with an initiative recognized in the
/// year; under the 2013 law Lao động tiên tiến with an initiative.
fn chien_si_co_so(j: &Judge) -> Outcome {
    let (y, level) = rated_year(j)?;
    let mut held = if j.t.law_2022 {
        if level != RatingLevel::Excellent {
            return Err(format!(
                "Năm {y} xếp loại {}, chưa đạt hoàn thành xuất sắc nhiệm vụ",
                phrase(level)
            ));
        }
        if !j.case.emulation_active {
            return Err("Không tham gia phong trào thi đua".into());
        }
        vec![format!("Năm {y} xếp loại {}", phrase(level))]
    } else {
        let mut held = lao_dong_tien_tien(j)?;
        held.retain(|r| !r.starts_with("Không bị"));
        held
    };
    if j.initiatives(y, y, InitiativeLevel::CoSo) == 0 {
        return Err(format!("Năm {y} không có sáng kiến được công nhận"));
    }
    held.push(format!("Có sáng kiến được công nhận năm {y}"));
    Ok(held)
}

/// Chiến sĩ thi đua cấp tỉnh: Chiến sĩ thi đua cơ sở in each of the last n years (counted after
/// the previous provincial title), with an initiative of provincial level in those years.
fn chien_si_tinh(j: &Judge) -> Outcome {
    let (y, _) = rated_year(j)?;
    let k = j.t.province_fighter_years;
    let last = previous_title(j, AwardKind::ChienSiThiDuaTinh);
    let run = j.run_back(last, |x| j.has_title(x, AwardKind::ChienSiThiDuaCoSo));
    if run < k {
        return Err(format!(
            "Mới có {run} năm liên tục đạt Chiến sĩ thi đua cơ sở, cần {k}{}",
            since("lần đạt Chiến sĩ thi đua cấp tỉnh", last)
        ));
    }
    let from = y - k as i32 + 1;
    let mut held = vec![format!(
        "{k} năm liên tục đạt Chiến sĩ thi đua cơ sở ({})",
        span(from, y)
    )];
    if j.initiatives(from, y, InitiativeLevel::Tinh) == 0 {
        return Err(format!(
            "Không có sáng kiến được công nhận cấp tỉnh trong các năm {}",
            span(from, y)
        ));
    }
    held.push(format!(
        "Có sáng kiến cấp tỉnh trong các năm {}",
        span(from, y)
    ));
    Ok(held)
}

/// Chiến sĩ thi đua toàn quốc: the provincial title n times in a row (each k years apart),
/// with an initiative of national impact in that time.
fn chien_si_toan_quoc(j: &Judge) -> Outcome {
    let (y, _) = rated_year(j)?;
    let k = j.t.province_fighter_years as i32;
    let times = j.t.national_fighter_times as i32;
    let from = y - k * times + 1;
    if let Some(prev) = previous_title(j, AwardKind::ChienSiThiDuaToanQuoc).filter(|p| *p >= from) {
        return Err(format!(
            "Đã đạt Chiến sĩ thi đua toàn quốc năm {prev}: một thành tích chỉ khen thưởng một lần"
        ));
    }
    for i in 0..times {
        let at = y - i * k;
        if !j.has_title(at, AwardKind::ChienSiThiDuaTinh) {
            return Err(format!(
                "Chưa đạt {times} lần liên tục Chiến sĩ thi đua cấp tỉnh (năm {at} chưa đạt)"
            ));
        }
    }
    let mut held = vec![format!(
        "{times} lần liên tục đạt Chiến sĩ thi đua cấp tỉnh ({})",
        span(from, y)
    )];
    if j.initiatives(from, y, InitiativeLevel::ToanQuoc) == 0 {
        return Err(format!(
            "Không có sáng kiến có phạm vi ảnh hưởng toàn quốc trong các năm {}",
            span(from, y)
        ));
    }
    held.push("Có sáng kiến có phạm vi ảnh hưởng toàn quốc".into());
    Ok(held)
}

/// The latest year before the year judged in which the title is recorded.
fn previous_title(j: &Judge, title: AwardKind) -> Option<i32> {
    j.case
        .years()
        .filter(|r| r.year < j.case.year && r.titles.contains(&title))
        .map(|r| r.year)
        .max()
}

/// Bằng khen of a province: n consecutive Chiến sĩ thi đua cơ sở titles, or n consecutive
/// Excellent years with n initiatives.
fn bang_khen_tinh(j: &Judge) -> Outcome {
    let (y, _) = rated_year(j)?;
    let k = j.t.province_merit_years;
    let after = j.counted_after(AwardKind::BangKhenTinh, None)?;
    let from = y - k as i32 + 1;
    if j.run_back(after, |x| j.has_title(x, AwardKind::ChienSiThiDuaCoSo)) >= k {
        return Ok(vec![format!(
            "{k} năm liên tục đạt Chiến sĩ thi đua cơ sở ({})",
            span(from, y)
        )]);
    }
    let excellent = j.run_back(after, |x| j.excellent_year(x));
    let initiatives = j.initiatives(from, y, InitiativeLevel::CoSo);
    if excellent >= k && initiatives >= k as usize {
        return Ok(vec![
            format!(
                "{k} năm liên tục hoàn thành xuất sắc nhiệm vụ ({})",
                span(from, y)
            ),
            format!("{initiatives} sáng kiến được công nhận trong các năm đó"),
        ]);
    }
    Err(format!(
        "Chưa có {k} năm liên tục đạt Chiến sĩ thi đua cơ sở, cũng chưa có {k} năm liên tục hoàn thành xuất sắc nhiệm vụ với {k} sáng kiến{}",
        since("Bằng khen cấp tỉnh", after)
    ))
}

/// The award that must come first, and the years counted after it.
/// Returns (the prerequisite's year, the year the run counts after).
fn after_prerequisite(j: &Judge, award: AwardKind, first: AwardKind) -> Result<(i32, i32), String> {
    let y = j.case.year;
    let p = j
        .case
        .latest_award(first, y - 1)
        .ok_or_else(|| format!("Chưa được tặng {} (điều kiện trước)", first.label()))?;
    let after = j.counted_after(award, Some(p))?;
    Ok((p, after.unwrap_or(p)))
}

/// A run of Good-or-better years after `after`, at least `years` long, with at least `need`
/// years where `count` holds.
fn run_with(
    j: &Judge,
    after: i32,
    years: u32,
    need: u32,
    what: &str,
    count: impl Fn(i32) -> bool,
) -> Outcome {
    let y = j.case.year;
    let run = j.run_back(Some(after), |x| j.good_year(x));
    if run < years {
        return Err(format!(
            "Sau năm {after} mới có {run} năm liên tục hoàn thành tốt nhiệm vụ trở lên, cần {years}"
        ));
    }
    let from = y - run as i32 + 1;
    let n = (from..=y).filter(|x| count(*x)).count() as u32;
    if n < need {
        return Err(format!(
            "Trong các năm {} chỉ có {n} lần {what}, cần {need}",
            span(from, y)
        ));
    }
    Ok(vec![
        format!(
            "{run} năm liên tục hoàn thành tốt nhiệm vụ trở lên ({}) sau năm {after}",
            span(from, y)
        ),
        format!("{n} lần {what} trong các năm đó"),
    ])
}

fn prerequisite_held(first: AwardKind, year: i32, mut held: Vec<String>) -> Vec<String> {
    held.insert(0, format!("Đã được tặng {} năm {year}", first.label()));
    held
}

/// Bằng khen of the Prime Minister: a provincial Bằng khen, then n consecutive years of Good
/// or better with m Chiến sĩ thi đua cơ sở titles.
fn bang_khen_thu_tuong(j: &Judge) -> Outcome {
    rated_year(j)?;
    let first = AwardKind::BangKhenTinh;
    let (p, after) = after_prerequisite(j, AwardKind::BangKhenThuTuong, first)?;
    let held = run_with(
        j,
        after,
        j.t.pm_merit_years,
        j.t.pm_merit_fighters,
        "đạt Chiến sĩ thi đua cơ sở",
        |x| j.has_title(x, AwardKind::ChienSiThiDuaCoSo),
    )?;
    Ok(prerequisite_held(first, p, held))
}

/// Huân chương Lao động hạng Ba: the Prime Minister's Bằng khen, then n consecutive years of
/// Good or better with m Chiến sĩ thi đua cơ sở titles.
fn hcld_hang_ba(j: &Judge) -> Outcome {
    rated_year(j)?;
    let first = AwardKind::BangKhenThuTuong;
    let (p, after) = after_prerequisite(j, AwardKind::HuanChuongLaoDongHangBa, first)?;
    let held = run_with(
        j,
        after,
        j.t.labour_third_years,
        j.t.labour_third_fighters,
        "đạt Chiến sĩ thi đua cơ sở",
        |x| j.has_title(x, AwardKind::ChienSiThiDuaCoSo),
    )?;
    Ok(prerequisite_held(first, p, held))
}

/// Huân chương Lao động hạng Nhì: hạng Ba, then n consecutive years of Good or better with m
/// Excellent years and a provincial emulation-fighter title.
fn hcld_hang_nhi(j: &Judge) -> Outcome {
    rated_year(j)?;
    let first = AwardKind::HuanChuongLaoDongHangBa;
    let (p, after) = after_prerequisite(j, AwardKind::HuanChuongLaoDongHangNhi, first)?;
    let mut held = run_with(
        j,
        after,
        j.t.labour_second_years,
        j.t.labour_second_excellent,
        "hoàn thành xuất sắc nhiệm vụ",
        |x| j.excellent_year(x),
    )?;
    let y = j.case.year;
    let from = after + 1;
    if !(from..=y).any(|x| j.has_title(x, AwardKind::ChienSiThiDuaTinh)) {
        return Err(format!(
            "Trong các năm {} chưa đạt Chiến sĩ thi đua cấp tỉnh",
            span(from, y)
        ));
    }
    held.push("Có danh hiệu Chiến sĩ thi đua cấp tỉnh trong các năm đó".into());
    Ok(prerequisite_held(first, p, held))
}
