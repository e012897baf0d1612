//! Party discipline (kỷ luật đảng viên) as the commendation rules and the badge waiting periods
//! read it: the four forms from the lightest to the heaviest (Điều lệ Đảng, Điều 35).

use serde::{Deserialize, Serialize};

/// A form of party discipline, declared from the lightest so that `Ord` compares severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Discipline {
    /// Khiển trách.
    KhienTrach,
    /// Cảnh cáo.
    CanhCao,
    /// Cách chức.
    CachChuc,
    /// Khai trừ.
    KhaiTru,
}

impl Discipline {
    pub const ALL: [Self; 4] = [
        Self::KhienTrach,
        Self::CanhCao,
        Self::CachChuc,
        Self::KhaiTru,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::KhienTrach => "khien_trach",
            Self::CanhCao => "canh_cao",
            Self::CachChuc => "cach_chuc",
            Self::KhaiTru => "khai_tru",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::KhienTrach => "Khiển trách",
            Self::CanhCao => "Cảnh cáo",
            Self::CachChuc => "Cách chức",
            Self::KhaiTru => "Khai trừ",
        }
    }

    /// Whether this form is "cảnh cáo or above", the bar of the collective titles (Luật Thi đua,
    /// khen thưởng 2022, Điều 27–28).
    pub fn is_canh_cao_or_above(self) -> bool {
        self >= Self::CanhCao
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_order_is_severity() {
        for d in Discipline::ALL {
            assert_eq!(Discipline::from_code(d.code()), Some(d));
        }
        assert!(Discipline::KhienTrach < Discipline::CanhCao);
        assert!(!Discipline::KhienTrach.is_canh_cao_or_above());
        assert!(Discipline::CachChuc.is_canh_cao_or_above());
        assert_eq!(Discipline::from_code("warning"), None);
    }
}
