//! The decision that gives a title or award: its number and symbol in the style of
//! `123-QĐ/UBND` (party documents write `118-QĐ/ĐU`; the state's `123/QĐ-UBND` is read as the
//! same), and the reward it carries: the coefficient × the base salary in force on its date.

use chrono::NaiveDate;

use super::kind::{AwardKind, Subject};
use crate::dated::Dated;
use crate::text;

/// A decision's symbol, checked: a number from 1, a kind of document (QĐ), an issuer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionSymbol {
    pub number: u32,
    pub kind: String,
    pub issuer: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    #[error(
        "số ký hiệu \"{0}\" không đúng dạng: ghi như 123-QĐ/UBND (số, loại văn bản, cơ quan ban hành)"
    )]
    Shape(String),
    #[error("số quyết định phải từ 1 trở lên")]
    Zero,
}

fn token_ok(s: &str) -> bool {
    !s.is_empty()
        && s.chars().count() <= 20
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
}

impl DecisionSymbol {
    /// Reads `123-QĐ/UBND` or `123/QĐ-UBND` (with a fraction slash as seed 002 prints it).
    pub fn parse(raw: &str) -> Result<Self, DecisionError> {
        let s = text::normalize(raw)
            .replace('\u{2044}', "/")
            .replace(' ', "");
        let bad = || DecisionError::Shape(text::excerpt(raw.trim()));
        let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
        let rest = &s[digits.len()..];
        let number: u32 = digits.parse().map_err(|_| bad())?;
        if number == 0 {
            return Err(DecisionError::Zero);
        }
        let (kind, issuer) = if let Some(r) = rest.strip_prefix('-') {
            r.split_once('/').ok_or_else(bad)?
        } else if let Some(r) = rest.strip_prefix('/') {
            r.split_once('-').ok_or_else(bad)?
        } else {
            return Err(bad());
        };
        if !token_ok(kind) || !token_ok(issuer) || kind.chars().any(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        Ok(Self {
            number,
            kind: kind.to_uppercase(),
            issuer: issuer.to_uppercase(),
        })
    }

    /// As it is written: `123-QĐ/UBND`.
    pub fn text(&self) -> String {
        format!("{}-{}/{}", self.number, self.kind, self.issuer)
    }
}

/// The reward in đồng: the coefficient of `kind` for `subject` × the base salary in force on
/// `decided_on` (NĐ 152/2025/NĐ-CP Điều 50), rounded to the đồng.
pub fn reward_amount(
    kind: AwardKind,
    subject: Subject,
    decided_on: NaiveDate,
    base_salary: &Dated,
) -> u64 {
    kind.coefficient_tenths(subject) * u64::from(base_salary.on(decided_on)) / 10
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    #[error("{award} không dành cho {subject}")]
    WrongSubject {
        award: &'static str,
        subject: &'static str,
    },
    #[error(
        "năm {year} chưa có xếp loại chất lượng: chưa thể ghi danh hiệu {award} (Luật Thi đua, khen thưởng 2022, Điều 23–24)"
    )]
    NoRating { year: i32, award: &'static str },
    #[error(
        "chưa có {before} trước đó: {award} chỉ xét sau {before} (Luật Thi đua, khen thưởng 2022, {article})"
    )]
    MissingPrerequisite {
        award: &'static str,
        before: &'static str,
        article: &'static str,
    },
    #[error("quyết định ngày {decided} trước năm thành tích {year}")]
    DecidedBeforeYear { decided: String, year: i32 },
}

/// Whether a title or award may be recorded: it suits the subject and the decision does not
/// come before the year it rewards; for a member of the register (`register` gives whether
/// `year` has a rating and what the member received before) a title's year is rated and the
/// prerequisite was given earlier. Someone outside the register brings no history to check.
pub fn check_record(
    kind: AwardKind,
    subject: Subject,
    year: i32,
    decided_on: NaiveDate,
    register: Option<(bool, &[AwardKind])>,
) -> Result<(), RecordError> {
    use chrono::Datelike;
    if !kind.admits(subject) {
        return Err(RecordError::WrongSubject {
            award: kind.label(),
            subject: subject.label(),
        });
    }
    if decided_on.year() < year {
        return Err(RecordError::DecidedBeforeYear {
            decided: text::format_date(decided_on),
            year,
        });
    }
    let Some((rated, earlier)) = register else {
        return Ok(());
    };
    if subject == Subject::Individual && kind.is_title() && !rated {
        return Err(RecordError::NoRating {
            year,
            award: kind.label(),
        });
    }
    if let Some((before, article)) = kind.prerequisite()
        && !earlier.contains(&before)
    {
        return Err(RecordError::MissingPrerequisite {
            award: kind.label(),
            before: before.label(),
            article,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dated::BASE_SALARY;

    #[test]
    fn symbols_in_both_styles_and_bad_shapes() {
        let s = DecisionSymbol::parse("123-QĐ/UBND").unwrap();
        assert_eq!(
            (s.number, s.kind.as_str(), s.issuer.as_str()),
            (123, "QĐ", "UBND")
        );
        assert_eq!(
            DecisionSymbol::parse("123/QĐ-UBND").unwrap().text(),
            "123-QĐ/UBND"
        );
        assert_eq!(
            DecisionSymbol::parse("205-KH\u{2044}ĐU").unwrap().text(),
            "205-KH/ĐU"
        );
        for bad in [
            "QĐ/UBND",
            "123",
            "123-QĐ",
            "12a-QĐ/UBND",
            "123-/UBND",
            "abc",
        ] {
            assert!(DecisionSymbol::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(DecisionSymbol::parse("0-QĐ/UBND"), Err(DecisionError::Zero));
    }

    #[test]
    fn a_record_needs_its_rating_and_its_prerequisite() {
        let d = NaiveDate::from_ymd_opt(2025, 12, 20).unwrap();
        let i = Subject::Individual;
        assert!(check_record(AwardKind::LaoDongTienTien, i, 2025, d, Some((true, &[]))).is_ok());
        let e =
            check_record(AwardKind::LaoDongTienTien, i, 2025, d, Some((false, &[]))).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("năm 2025 chưa có xếp loại chất lượng")
        );
        let e =
            check_record(AwardKind::BangKhenThuTuong, i, 2025, d, Some((true, &[]))).unwrap_err();
        assert_eq!(
            e.to_string(),
            "chưa có Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh trước đó: Bằng khen của Thủ tướng Chính phủ chỉ xét sau Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (Luật Thi đua, khen thưởng 2022, Điều 73)"
        );
        assert!(
            check_record(
                AwardKind::BangKhenThuTuong,
                i,
                2025,
                d,
                Some((true, &[AwardKind::BangKhenTinh]))
            )
            .is_ok()
        );
        assert!(
            check_record(
                AwardKind::TapTheLaoDongXuatSac,
                i,
                2025,
                d,
                Some((true, &[]))
            )
            .is_err()
        );
        assert!(check_record(AwardKind::GiayKhen, i, 2026, d, None).is_err());
    }

    #[test]
    fn the_amount_is_the_coefficient_times_the_base_salary_of_the_decision_date() {
        let base = BASE_SALARY.defaults();
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let ldtt = AwardKind::LaoDongTienTien;
        assert_eq!(
            reward_amount(ldtt, Subject::Individual, d(2024, 6, 30), &base),
            540_000
        );
        assert_eq!(
            reward_amount(ldtt, Subject::Individual, d(2024, 7, 1), &base),
            702_000
        );
        let hc = AwardKind::HuanChuongLaoDongHangBa;
        assert_eq!(
            reward_amount(hc, Subject::Collective, d(2025, 1, 1), &base),
            21_060_000
        );
    }
}
