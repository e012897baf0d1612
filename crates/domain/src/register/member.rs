//! The member register (sổ đảng viên, form 7-HSĐV): people, their levels and the parsed
//! identifiers of a membership. Values are parsed here once and trusted everywhere else.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::text;

/// Why a value of the register was refused. `Display` is the Vietnamese message a user sees.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    #[error("không được để trống")]
    Empty,
    #[error("'{q0}' không phải là họ tên hợp lệ (chỉ gồm chữ cái và khoảng trắng, tối đa 100 ký tự)", q0 = crate::text::excerpt(.0))]
    BadName(String),
    #[error("'{q0}' không phải số thẻ đảng viên hợp lệ (phải gồm đúng 8 chữ số)", q0 = crate::text::excerpt(.0))]
    BadCardNumber(String),
    #[error("'{q0}' không phải số lý lịch hợp lệ (6 chữ số và 1 đến 3 chữ cái, ví dụ 012345KG)", q0 = crate::text::excerpt(.0))]
    BadRecordNumber(String),
    #[error("'{q0}' không phải giới tính hợp lệ (Nam hoặc Nữ)", q0 = crate::text::excerpt(.0))]
    BadSex(String),
    #[error("'{q0}' không phải trình độ lý luận chính trị hợp lệ (Cao cấp, Trung cấp, Sơ cấp hoặc để trống)", q0 = crate::text::excerpt(.0))]
    BadTheory(String),
    #[error("'{q0}' không phải trình độ chuyên môn hợp lệ (Tiến sĩ, Thạc sĩ, Đại học, Cao đẳng, Trung cấp, Sơ cấp hoặc để trống)", q0 = crate::text::excerpt(.0))]
    BadQualification(String),
    #[error("'{q0}' không phải ngày hợp lệ (dạng ngày/tháng/năm, ví dụ 15/05/2020)", q0 = crate::text::excerpt(.0))]
    BadDate(String),
}

/// A person's full name, NFC-normalized with single spaces, e.g. "Nguyễn Văn An".
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let name = text::normalize(raw);
        if name.is_empty() {
            return Err(FieldError::Empty);
        }
        let ok = name.chars().count() <= 100
            && name
                .chars()
                .all(|c| c.is_alphabetic() || c == ' ' || c == '-' || c == '\'');
        if !ok {
            return Err(FieldError::BadName(name));
        }
        Ok(Self(name))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The given name (tên): the last word, by which Vietnamese lists are sorted.
    pub fn given_name(&self) -> &str {
        self.0.rsplit(' ').next().unwrap_or(&self.0)
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Party card number (số thẻ đảng viên): exactly 8 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CardNumber(String);

impl CardNumber {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s: String = raw
            .trim()
            .chars()
            .filter(|c| *c != ' ' && *c != '.')
            .collect();
        if s.is_empty() {
            return Err(FieldError::Empty);
        }
        if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(s))
        } else {
            Err(FieldError::BadCardNumber(raw.trim().to_string()))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Party record number (số lý lịch đảng viên): 6 digits then 1–3 letters, e.g. `012345KG`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RecordNumber(String);

impl RecordNumber {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s: String = text::normalize(raw)
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '.' && *c != '-')
            .flat_map(char::to_uppercase)
            .collect();
        if s.is_empty() {
            return Err(FieldError::Empty);
        }
        let digits = s.chars().take_while(|c| c.is_ascii_digit()).count();
        let letters: Vec<char> = s.chars().skip(digits).collect();
        let ok = digits == 6
            && (1..=3).contains(&letters.len())
            && letters.iter().all(|c| c.is_ascii_uppercase() || *c == 'Đ');
        if ok {
            Ok(Self(s))
        } else {
            Err(FieldError::BadRecordNumber(raw.trim().to_string()))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Giới tính.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        match text::search_key(raw).as_str() {
            "nam" => Ok(Sex::Male),
            "nu" => Ok(Sex::Female),
            "" => Err(FieldError::Empty),
            _ => Err(FieldError::BadSex(raw.trim().to_string())),
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }
    pub fn from_code(code: &str) -> Option<Self> {
        [Sex::Male, Sex::Female]
            .into_iter()
            .find(|s| s.code() == code)
    }
    pub fn label(self) -> &'static str {
        match self {
            Sex::Male => "Nam",
            Sex::Female => "Nữ",
        }
    }
}

/// Trình độ lý luận chính trị. "Cử nhân chính trị" counts as cao cấp (DOMAIN.md §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TheoryLevel {
    Advanced,
    Intermediate,
    Elementary,
    None,
}

impl TheoryLevel {
    /// Every level, in the order reports list them (highest first, "none" last).
    pub const ALL: [TheoryLevel; 4] = [
        TheoryLevel::Advanced,
        TheoryLevel::Intermediate,
        TheoryLevel::Elementary,
        TheoryLevel::None,
    ];
    /// Parses a cell; empty means no training.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        match text::search_key(raw).as_str() {
            "cao cap" | "cu nhan chinh tri" | "cu nhan" => Ok(Self::Advanced),
            "trung cap" => Ok(Self::Intermediate),
            "so cap" => Ok(Self::Elementary),
            "" | "khong" | "chua qua dao tao" => Ok(Self::None),
            _ => Err(FieldError::BadTheory(raw.trim().to_string())),
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Self::Advanced => "advanced",
            Self::Intermediate => "intermediate",
            Self::Elementary => "elementary",
            Self::None => "none",
        }
    }
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Advanced => "Cao cấp",
            Self::Intermediate => "Trung cấp",
            Self::Elementary => "Sơ cấp",
            Self::None => "Chưa qua đào tạo",
        }
    }
}

/// Trình độ chuyên môn (highest professional qualification).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Qualification {
    Doctorate,
    Master,
    Bachelor,
    College,
    Vocational,
    Elementary,
    None,
}

impl Qualification {
    /// Every level, in the order reports list them (highest first, "none" last).
    pub const ALL: [Qualification; 7] = [
        Self::Doctorate,
        Self::Master,
        Self::Bachelor,
        Self::College,
        Self::Vocational,
        Self::Elementary,
        Self::None,
    ];
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        match text::search_key(raw).as_str() {
            "tien si" | "ts" => Ok(Self::Doctorate),
            "thac si" | "ths" => Ok(Self::Master),
            "dai hoc" | "cu nhan" | "ky su" => Ok(Self::Bachelor),
            "cao dang" => Ok(Self::College),
            "trung cap" => Ok(Self::Vocational),
            "so cap" => Ok(Self::Elementary),
            "" | "khong" | "chua qua dao tao" => Ok(Self::None),
            _ => Err(FieldError::BadQualification(raw.trim().to_string())),
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Self::Doctorate => "doctorate",
            Self::Master => "master",
            Self::Bachelor => "bachelor",
            Self::College => "college",
            Self::Vocational => "vocational",
            Self::Elementary => "elementary",
            Self::None => "none",
        }
    }
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Doctorate => "Tiến sĩ",
            Self::Master => "Thạc sĩ",
            Self::Bachelor => "Đại học",
            Self::College => "Cao đẳng",
            Self::Vocational => "Trung cấp",
            Self::Elementary => "Sơ cấp",
            Self::None => "Chưa qua đào tạo",
        }
    }
}

/// Đảng viên chính thức / dự bị.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MemberStatus {
    Probationary,
    Official,
}

impl MemberStatus {
    /// The status on a date: official from the official date on, probationary before it.
    pub fn on(
        admitted_on: NaiveDate,
        official_on: Option<NaiveDate>,
        date: NaiveDate,
    ) -> Option<Self> {
        if date < admitted_on {
            return None;
        }
        match official_on {
            Some(o) if date >= o => Some(Self::Official),
            _ => Some(Self::Probationary),
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Probationary => "Dự bị",
            Self::Official => "Chính thức",
        }
    }
}

/// One person of the register with the fields of form 7-HSĐV; `membership` is `None` for
/// non-member staff (quần chúng), who count in targets later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRecord {
    pub full_name: PersonName,
    /// Tên khai sinh, where it differs from the name in use.
    pub birth_name: Option<String>,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub ethnicity: Option<String>,
    pub religion: Option<String>,
    pub home_town: Option<String>,
    /// Giáo dục phổ thông, e.g. "12/12".
    pub education: Option<String>,
    pub theory: TheoryLevel,
    pub qualification: Qualification,
    pub foreign_language: Option<String>,
    pub occupation: Option<String>,
    pub membership: Option<MembershipRecord>,
}

impl PersonRecord {
    /// A new applicant for admission (quần chúng): the name, birth date and sex the admission
    /// file starts from; every other field is left for the secretary to fill in later.
    pub fn applicant(full_name: PersonName, birth_date: NaiveDate, sex: Sex) -> Self {
        Self {
            full_name,
            birth_name: None,
            birth_date,
            sex,
            ethnicity: None,
            religion: None,
            home_town: None,
            education: None,
            theory: TheoryLevel::None,
            qualification: Qualification::None,
            foreign_language: None,
            occupation: None,
            membership: None,
        }
    }
}

/// The party membership of a person: admission, official recognition and identifiers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembershipRecord {
    pub admitted_on: NaiveDate,
    pub official_on: Option<NaiveDate>,
    pub card_number: Option<CardNumber>,
    pub record_number: Option<RecordNumber>,
}

/// Completed years of age on a date (tuổi tròn): the birthday must have been reached.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    use chrono::Datelike;
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_number_is_eight_digits() {
        assert!(CardNumber::parse("80000001").is_ok());
        assert_eq!(CardNumber::parse("8000 0001").unwrap().as_str(), "80000001");
        assert!(CardNumber::parse("8000001").is_err());
        assert!(CardNumber::parse("8000000a").is_err());
        assert_eq!(CardNumber::parse(" "), Err(FieldError::Empty));
    }

    #[test]
    fn record_number_is_six_digits_and_letters() {
        assert_eq!(
            RecordNumber::parse("012345kg").unwrap().as_str(),
            "012345KG"
        );
        assert!(RecordNumber::parse("012345ĐU").is_ok());
        assert!(RecordNumber::parse("01234KG").is_err());
        assert!(RecordNumber::parse("012345ABCD").is_err());
        assert!(RecordNumber::parse("012345").is_err());
    }

    #[test]
    fn levels_parse_without_diacritics_and_case() {
        assert_eq!(TheoryLevel::parse("CAO CẤP"), Ok(TheoryLevel::Advanced));
        assert_eq!(
            TheoryLevel::parse("Cử nhân chính trị"),
            Ok(TheoryLevel::Advanced)
        );
        assert_eq!(TheoryLevel::parse(""), Ok(TheoryLevel::None));
        assert!(TheoryLevel::parse("Tiến sĩ").is_err());
        assert_eq!(Qualification::parse("thạc sĩ"), Ok(Qualification::Master));
        assert_eq!(Sex::parse("Nữ"), Ok(Sex::Female));
    }

    #[test]
    fn name_is_normalized_and_given_name_is_last_word() {
        let n = PersonName::parse("  Nguyễn   Văn  An ").unwrap();
        assert_eq!(n.as_str(), "Nguyễn Văn An");
        assert_eq!(n.given_name(), "An");
        assert!(PersonName::parse("Nguyen 2").is_err());
    }

    #[test]
    fn age_counts_completed_years() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(age_on(d(1985, 5, 16), d(2020, 5, 15)), 34);
        assert_eq!(age_on(d(1985, 5, 15), d(2020, 5, 15)), 35);
        assert_eq!(age_on(d(2000, 2, 29), d(2001, 2, 28)), 0);
        assert_eq!(age_on(d(2000, 2, 29), d(2001, 3, 1)), 1);
    }

    #[test]
    fn status_follows_official_date() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let (a, o) = (d(2019, 1, 1), Some(d(2020, 1, 1)));
        assert_eq!(MemberStatus::on(a, o, d(2018, 12, 31)), None);
        assert_eq!(
            MemberStatus::on(a, o, d(2019, 6, 1)),
            Some(MemberStatus::Probationary)
        );
        assert_eq!(
            MemberStatus::on(a, o, d(2020, 1, 1)),
            Some(MemberStatus::Official)
        );
    }
}
