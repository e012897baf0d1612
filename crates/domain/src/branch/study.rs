//! Study sessions (học tập nghị quyết, chuyên đề Hồ Chí Minh, mô hình "Dân vận khéo") and the
//! coverage the resolutions ask for: "100% đảng viên và 95% quần chúng được học tập".

use std::collections::HashSet;
use std::hash::Hash;

use serde::Serialize;

use super::percent;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StudyKind {
    /// Học tập, quán triệt nghị quyết, chủ trương, chính sách, pháp luật.
    Resolution,
    /// Chuyên đề "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh".
    HoChiMinh,
    /// Mô hình "Dân vận khéo".
    DanVanKheo,
}

impl StudyKind {
    pub const ALL: [Self; 3] = [Self::Resolution, Self::HoChiMinh, Self::DanVanKheo];

    pub fn code(self) -> &'static str {
        match self {
            Self::Resolution => "resolution",
            Self::HoChiMinh => "ho_chi_minh",
            Self::DanVanKheo => "dan_van_kheo",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Resolution => "Học tập, quán triệt nghị quyết",
            Self::HoChiMinh => {
                "Chuyên đề học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
            }
            Self::DanVanKheo => "Mô hình \"Dân vận khéo\"",
        }
    }

    /// From a form or the command line: the code, the label or the short word ("nghị
    /// quyết", "ho-chi-minh", "dân vận khéo"), ignoring case and diacritics.
    pub fn parse(raw: &str) -> Result<Self, StudyError> {
        super::choose(raw, &Self::ALL, |k| {
            vec![
                k.code(),
                k.label(),
                match k {
                    Self::Resolution => "nghị quyết",
                    Self::HoChiMinh => "hồ chí minh",
                    Self::DanVanKheo => "dân vận khéo",
                },
            ]
        })
        .ok_or_else(|| StudyError::UnknownKind(raw.trim().to_string()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StudyError {
    #[error("loại học tập '{q0}' không hợp lệ (nghị quyết, hồ chí minh, dân vận khéo)", q0 = crate::text::excerpt(.0))]
    UnknownKind(String),
}

/// Who studied among those who should have: members and non-member staff apart.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Coverage {
    pub members: u64,
    pub members_studied: u64,
    pub non_members: u64,
    pub non_members_studied: u64,
}

impl Coverage {
    /// Counts the people of both groups who attended at least one session.
    pub fn count<P: Eq + Hash>(members: &[P], non_members: &[P], attended: &HashSet<P>) -> Self {
        let members_set: HashSet<&P> = members.iter().collect();
        let non_set: HashSet<&P> = non_members
            .iter()
            .filter(|p| !members_set.contains(p))
            .collect();
        Self {
            members: members_set.len() as u64,
            members_studied: members_set.iter().filter(|p| attended.contains(p)).count() as u64,
            non_members: non_set.len() as u64,
            non_members_studied: non_set.iter().filter(|p| attended.contains(p)).count() as u64,
        }
    }

    pub fn members_percent(&self) -> f64 {
        percent(self.members_studied, self.members)
    }

    pub fn non_members_percent(&self) -> f64 {
        percent(self.non_members_studied, self.non_members)
    }

    /// "22/22 đảng viên (100,0%), 7/8 quần chúng (87,5%)".
    pub fn sentence(&self) -> String {
        format!(
            "{}/{} đảng viên ({}), {}/{} quần chúng ({})",
            self.members_studied,
            self.members,
            crate::text::format_percent(self.members_percent()),
            self.non_members_studied,
            self.non_members,
            crate::text::format_percent(self.non_members_percent())
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn coverage_of_members_and_non_members() {
        let attended: HashSet<u32> = [1, 2, 3, 10, 11].into_iter().collect();
        let c = Coverage::count(&[1, 2, 3, 4], &[10, 11, 12], &attended);
        assert_eq!((c.members_studied, c.members), (3, 4));
        assert_eq!(c.members_percent(), 75.0);
        assert_eq!(c.non_members_percent(), 66.7);
        assert_eq!(
            c.sentence(),
            "3/4 đảng viên (75,0%), 2/3 quần chúng (66,7%)"
        );
    }

    #[test]
    fn kinds_round_trip() {
        for k in StudyKind::ALL {
            assert_eq!(StudyKind::from_code(k.code()), Some(k));
            assert_eq!(StudyKind::parse(k.label()), Ok(k));
        }
        assert_eq!(StudyKind::parse("ho-chi-minh"), Ok(StudyKind::HoChiMinh));
        assert_eq!(StudyKind::parse("Nghị quyết"), Ok(StudyKind::Resolution));
        assert!(StudyKind::parse("khác").is_err());
    }

    proptest! {
        #[test]
        fn coverage_is_a_share(members in proptest::collection::vec(0u32..50, 0..40),
                               non in proptest::collection::vec(50u32..100, 0..40),
                               att in proptest::collection::hash_set(0u32..120, 0..80)) {
            let c = Coverage::count(&members, &non, &att);
            prop_assert!(c.members_studied <= c.members);
            prop_assert!(c.non_members_studied <= c.non_members);
            prop_assert!((0.0..=100.0).contains(&c.members_percent()));
            prop_assert!((0.0..=100.0).contains(&c.non_members_percent()));
        }
    }
}
