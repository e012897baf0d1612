//! The rules for a collective (Luật Thi đua, khen thưởng 2022, Điều 27–28 and 74): its own
//! rating and the counts of its members in the year judged.

use super::case::MemberCounts;
use super::judge::{Judge, Outcome, phrase, since, span};
use super::kind::AwardKind;
use crate::branch::rating::RatingLevel;
use crate::text;

pub(super) fn judge(j: &Judge, award: AwardKind) -> (&'static str, Outcome) {
    match award {
        AwardKind::TapTheLaoDongTienTien => ("Điều 28", tien_tien(j)),
        AwardKind::TapTheLaoDongXuatSac => ("Điều 27", xuat_sac(j)),
        AwardKind::BangKhenTinh => (
            if j.t.law_2022 {
                "Điều 74"
            } else {
                "Điều 72"
            },
            bang_khen_tinh(j),
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

/// The year judged: its rating and its members' counts.
fn year(j: &Judge) -> Result<(i32, RatingLevel, MemberCounts), String> {
    let y = j.case.year;
    let level = j.rating(y)?;
    let m = j.case.current().members.unwrap_or_default();
    if m.total == 0 {
        return Err(format!("Năm {y} tập thể không có thành viên nào"));
    }
    Ok((y, level, m))
}

fn share(count: u32, total: u32) -> String {
    format!(
        "{count}/{total} cá nhân ({})",
        text::format_percent(text::percent(count.into(), total.into()))
    )
}

fn none_disciplined(y: i32, m: &MemberCounts) -> Result<String, String> {
    if m.disciplined_canh_cao_or_above > 0 {
        return Err(format!(
            "Năm {y} có {} cá nhân bị kỷ luật từ cảnh cáo trở lên",
            m.disciplined_canh_cao_or_above
        ));
    }
    Ok("Không có cá nhân bị kỷ luật từ cảnh cáo trở lên".into())
}

/// Whether `count` of `total` reaches `percent`: "trên" (more than) under the 2013 law's Điều
/// 28, "ít nhất" (at least) otherwise.
fn reaches(count: u32, total: u32, percent: u32, strictly: bool) -> bool {
    let (c, need) = (
        u64::from(count) * 100,
        u64::from(percent) * u64::from(total),
    );
    if strictly { c > need } else { c >= need }
}

/// Tập thể lao động tiên tiến: Good or better, enough members Lao động tiên tiến, nobody
/// disciplined at cảnh cáo or above.
fn tien_tien(j: &Judge) -> Outcome {
    let (y, level, m) = year(j)?;
    if level < RatingLevel::Good {
        return Err(format!(
            "Năm {y} tập thể xếp loại {}, chưa đạt hoàn thành tốt nhiệm vụ",
            phrase(level)
        ));
    }
    let mut held = vec![format!("Năm {y} tập thể xếp loại {}", phrase(level))];
    let pct = j.t.collective_advanced_percent;
    let strictly = !j.t.law_2022;
    let word = if strictly { "trên" } else { "ít nhất" };
    if !reaches(m.lao_dong_tien_tien, m.total, pct, strictly) {
        return Err(format!(
            "Chỉ {} đạt Lao động tiên tiến, cần {word} {pct}%",
            share(m.lao_dong_tien_tien, m.total)
        ));
    }
    held.push(format!(
        "{} đạt Lao động tiên tiến ({word} {pct}%)",
        share(m.lao_dong_tien_tien, m.total)
    ));
    held.push(none_disciplined(y, &m)?);
    Ok(held)
}

/// Tập thể lao động xuất sắc: Excellent, every member completes their tasks, enough Lao động
/// tiên tiến, at least one Chiến sĩ thi đua cơ sở, nobody disciplined at cảnh cáo or above.
fn xuat_sac(j: &Judge) -> Outcome {
    let (y, level, m) = year(j)?;
    if level != RatingLevel::Excellent {
        return Err(format!(
            "Năm {y} tập thể xếp loại {}, chưa đạt hoàn thành xuất sắc nhiệm vụ",
            phrase(level)
        ));
    }
    let mut held = vec![format!("Năm {y} tập thể xếp loại {}", phrase(level))];
    if m.completed < m.total {
        return Err(format!(
            "Chỉ {} hoàn thành nhiệm vụ, cần 100%",
            share(m.completed, m.total)
        ));
    }
    held.push("100% cá nhân hoàn thành nhiệm vụ".into());
    let pct = j.t.collective_excellent_percent;
    if !reaches(m.lao_dong_tien_tien, m.total, pct, false) {
        return Err(format!(
            "Chỉ {} đạt Lao động tiên tiến, cần ít nhất {pct}%",
            share(m.lao_dong_tien_tien, m.total)
        ));
    }
    held.push(format!(
        "{} đạt Lao động tiên tiến (ít nhất {pct}%)",
        share(m.lao_dong_tien_tien, m.total)
    ));
    if m.chien_si_thi_dua_co_so == 0 {
        return Err("Không có cá nhân đạt Chiến sĩ thi đua cơ sở".into());
    }
    held.push(format!(
        "{} cá nhân đạt Chiến sĩ thi đua cơ sở",
        m.chien_si_thi_dua_co_so
    ));
    held.push(none_disciplined(y, &m)?);
    Ok(held)
}

/// Bằng khen of a province for a collective: n consecutive Excellent years, or Tập thể lao
/// động xuất sắc in the year judged.
fn bang_khen_tinh(j: &Judge) -> Outcome {
    let (y, _, m) = year(j)?;
    none_disciplined(y, &m)?;
    let k = j.t.province_merit_years;
    let after = j.counted_after(AwardKind::BangKhenTinh, None)?;
    if j.run_back(after, |x| j.excellent_year(x)) >= k {
        let from = y - k as i32 + 1;
        return Ok(vec![format!(
            "{k} năm liên tục hoàn thành xuất sắc nhiệm vụ ({})",
            span(from, y)
        )]);
    }
    if j.has_title(y, AwardKind::TapTheLaoDongXuatSac) {
        return Ok(vec![format!("Năm {y} đạt Tập thể lao động xuất sắc")]);
    }
    Err(format!(
        "Chưa có {k} năm liên tục hoàn thành xuất sắc nhiệm vụ, năm {y} cũng chưa đạt Tập thể lao động xuất sắc{}",
        since("Bằng khen cấp tỉnh", after)
    ))
}
