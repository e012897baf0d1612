//! The emulation titles (danh hiệu thi đua) and the awards (hình thức khen thưởng) that dangvu
//! decides and records, with their codes (CONTRACTS.md, `dangvu commend eligible`), Vietnamese
//! names, who may receive them, and the reward coefficient × the base salary (NĐ 152/2025/NĐ-CP,
//! Điều 50 for the titles; the awards' coefficients as NĐ 98/2023 set them — verify on change).

use serde::Serialize;

/// Who is commended: a person or a collective (cá nhân / tập thể).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    Individual,
    Collective,
}

impl Subject {
    pub fn code(self) -> &'static str {
        match self {
            Self::Individual => "individual",
            Self::Collective => "collective",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        [Self::Individual, Self::Collective]
            .into_iter()
            .find(|k| k.code() == s.trim())
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Individual => "cá nhân",
            Self::Collective => "tập thể",
        }
    }
}

/// A title or an award.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AwardKind {
    LaoDongTienTien,
    ChienSiThiDuaCoSo,
    ChienSiThiDuaTinh,
    ChienSiThiDuaToanQuoc,
    TapTheLaoDongTienTien,
    TapTheLaoDongXuatSac,
    CoThiDuaTinh,
    CoThiDuaChinhPhu,
    GiayKhen,
    BangKhenTinh,
    BangKhenThuTuong,
    HuanChuongLaoDongHangBa,
    HuanChuongLaoDongHangNhi,
    HuanChuongLaoDongHangNhat,
}

impl AwardKind {
    pub const ALL: [Self; 14] = [
        Self::LaoDongTienTien,
        Self::ChienSiThiDuaCoSo,
        Self::ChienSiThiDuaTinh,
        Self::ChienSiThiDuaToanQuoc,
        Self::TapTheLaoDongTienTien,
        Self::TapTheLaoDongXuatSac,
        Self::CoThiDuaTinh,
        Self::CoThiDuaChinhPhu,
        Self::GiayKhen,
        Self::BangKhenTinh,
        Self::BangKhenThuTuong,
        Self::HuanChuongLaoDongHangBa,
        Self::HuanChuongLaoDongHangNhi,
        Self::HuanChuongLaoDongHangNhat,
    ];

    /// What `dangvu commend eligible` decides for an individual, in its order.
    pub const FOR_INDIVIDUAL: [Self; 8] = [
        Self::LaoDongTienTien,
        Self::ChienSiThiDuaCoSo,
        Self::ChienSiThiDuaTinh,
        Self::ChienSiThiDuaToanQuoc,
        Self::BangKhenTinh,
        Self::BangKhenThuTuong,
        Self::HuanChuongLaoDongHangBa,
        Self::HuanChuongLaoDongHangNhi,
    ];

    /// What `dangvu commend eligible` decides for a collective, in its order.
    pub const FOR_COLLECTIVE: [Self; 3] = [
        Self::TapTheLaoDongTienTien,
        Self::TapTheLaoDongXuatSac,
        Self::BangKhenTinh,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::LaoDongTienTien => "lao_dong_tien_tien",
            Self::ChienSiThiDuaCoSo => "chien_si_thi_dua_co_so",
            Self::ChienSiThiDuaTinh => "chien_si_thi_dua_tinh",
            Self::ChienSiThiDuaToanQuoc => "chien_si_thi_dua_toan_quoc",
            Self::TapTheLaoDongTienTien => "tap_the_lao_dong_tien_tien",
            Self::TapTheLaoDongXuatSac => "tap_the_lao_dong_xuat_sac",
            Self::CoThiDuaTinh => "co_thi_dua_tinh",
            Self::CoThiDuaChinhPhu => "co_thi_dua_chinh_phu",
            Self::GiayKhen => "giay_khen",
            Self::BangKhenTinh => "bang_khen_tinh",
            Self::BangKhenThuTuong => "bang_khen_thu_tuong",
            Self::HuanChuongLaoDongHangBa => "huan_chuong_lao_dong_hang_ba",
            Self::HuanChuongLaoDongHangNhi => "huan_chuong_lao_dong_hang_nhi",
            Self::HuanChuongLaoDongHangNhat => "huan_chuong_lao_dong_hang_nhat",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::LaoDongTienTien => "Lao động tiên tiến",
            Self::ChienSiThiDuaCoSo => "Chiến sĩ thi đua cơ sở",
            Self::ChienSiThiDuaTinh => "Chiến sĩ thi đua cấp tỉnh",
            Self::ChienSiThiDuaToanQuoc => "Chiến sĩ thi đua toàn quốc",
            Self::TapTheLaoDongTienTien => "Tập thể lao động tiên tiến",
            Self::TapTheLaoDongXuatSac => "Tập thể lao động xuất sắc",
            Self::CoThiDuaTinh => "Cờ thi đua của Ủy ban nhân dân tỉnh",
            Self::CoThiDuaChinhPhu => "Cờ thi đua của Chính phủ",
            Self::GiayKhen => "Giấy khen",
            Self::BangKhenTinh => "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
            Self::BangKhenThuTuong => "Bằng khen của Thủ tướng Chính phủ",
            Self::HuanChuongLaoDongHangBa => "Huân chương Lao động hạng Ba",
            Self::HuanChuongLaoDongHangNhi => "Huân chương Lao động hạng Nhì",
            Self::HuanChuongLaoDongHangNhat => "Huân chương Lao động hạng Nhất",
        }
    }

    /// The group a report counts it in (seed 001: "67 Huân chương lao động các hạng",
    /// "10.937 Bằng khen"): the form 0602.N/BNV-TĐKT's rows.
    pub fn group(self) -> AwardGroup {
        match self {
            Self::HuanChuongLaoDongHangBa
            | Self::HuanChuongLaoDongHangNhi
            | Self::HuanChuongLaoDongHangNhat => AwardGroup::HuanChuong,
            Self::BangKhenThuTuong => AwardGroup::BangKhenThuTuong,
            Self::BangKhenTinh => AwardGroup::BangKhen,
            Self::GiayKhen => AwardGroup::GiayKhen,
            Self::CoThiDuaTinh | Self::CoThiDuaChinhPhu => AwardGroup::CoThiDua,
            Self::ChienSiThiDuaCoSo | Self::ChienSiThiDuaTinh | Self::ChienSiThiDuaToanQuoc => {
                AwardGroup::ChienSiThiDua
            }
            Self::LaoDongTienTien | Self::TapTheLaoDongTienTien | Self::TapTheLaoDongXuatSac => {
                AwardGroup::LaoDong
            }
        }
    }

    /// What must have been given before (the award is the next step of the same ladder), with
    /// the article: Bằng khen Thủ tướng after a province's, each class of the Huân chương Lao
    /// động after the one below, the higher emulation-fighter titles after the lower.
    pub fn prerequisite(self) -> Option<(Self, &'static str)> {
        match self {
            Self::BangKhenThuTuong => Some((Self::BangKhenTinh, "Điều 73")),
            Self::HuanChuongLaoDongHangBa => Some((Self::BangKhenThuTuong, "Điều 44")),
            Self::HuanChuongLaoDongHangNhi => Some((Self::HuanChuongLaoDongHangBa, "Điều 43")),
            Self::HuanChuongLaoDongHangNhat => Some((Self::HuanChuongLaoDongHangNhi, "Điều 42")),
            Self::ChienSiThiDuaTinh => Some((Self::ChienSiThiDuaCoSo, "Điều 22")),
            Self::ChienSiThiDuaToanQuoc => Some((Self::ChienSiThiDuaTinh, "Điều 21")),
            _ => None,
        }
    }

    /// A title (danh hiệu thi đua) rather than an award (hình thức khen thưởng).
    pub fn is_title(self) -> bool {
        matches!(
            self.group(),
            AwardGroup::ChienSiThiDua | AwardGroup::LaoDong | AwardGroup::CoThiDua
        )
    }

    /// Whether `subject` may receive it.
    pub fn admits(self, subject: Subject) -> bool {
        match self {
            Self::LaoDongTienTien
            | Self::ChienSiThiDuaCoSo
            | Self::ChienSiThiDuaTinh
            | Self::ChienSiThiDuaToanQuoc => subject == Subject::Individual,
            Self::TapTheLaoDongTienTien
            | Self::TapTheLaoDongXuatSac
            | Self::CoThiDuaTinh
            | Self::CoThiDuaChinhPhu => subject == Subject::Collective,
            _ => true,
        }
    }

    /// The reward as tenths of the base salary (NĐ 152/2025/NĐ-CP Điều 50; a collective's award
    /// is twice an individual's).
    pub fn coefficient_tenths(self, subject: Subject) -> u64 {
        let individual = match self {
            Self::ChienSiThiDuaToanQuoc => 45,
            Self::ChienSiThiDuaTinh => 30,
            Self::ChienSiThiDuaCoSo => 10,
            Self::LaoDongTienTien => 3,
            Self::TapTheLaoDongXuatSac => 15,
            Self::TapTheLaoDongTienTien => 8,
            Self::CoThiDuaChinhPhu => 120,
            Self::CoThiDuaTinh => 80,
            Self::GiayKhen => 3,
            Self::BangKhenTinh => 10,
            Self::BangKhenThuTuong => 15,
            Self::HuanChuongLaoDongHangBa => 45,
            Self::HuanChuongLaoDongHangNhi => 75,
            Self::HuanChuongLaoDongHangNhat => 90,
        };
        match subject {
            Subject::Collective if !self.is_title() => individual * 2,
            _ => individual,
        }
    }
}

/// The rows of the statistics (form 0602.N/BNV-TĐKT), in the order a report lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AwardGroup {
    HuanChuong,
    BangKhenThuTuong,
    CoThiDua,
    ChienSiThiDua,
    BangKhen,
    GiayKhen,
    LaoDong,
}

impl AwardGroup {
    pub const ALL: [Self; 7] = [
        Self::HuanChuong,
        Self::BangKhenThuTuong,
        Self::CoThiDua,
        Self::ChienSiThiDua,
        Self::BangKhen,
        Self::GiayKhen,
        Self::LaoDong,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Self::HuanChuong => "huan_chuong",
            Self::BangKhenThuTuong => "bang_khen_thu_tuong",
            Self::CoThiDua => "co_thi_dua",
            Self::ChienSiThiDua => "chien_si_thi_dua",
            Self::BangKhen => "bang_khen",
            Self::GiayKhen => "giay_khen",
            Self::LaoDong => "lao_dong",
        }
    }
    /// As a report's sentence names it (seed 001).
    pub fn label(self) -> &'static str {
        match self {
            Self::HuanChuong => "Huân chương lao động các hạng",
            Self::BangKhenThuTuong => "Bằng khen của Thủ tướng Chính phủ",
            Self::CoThiDua => "Cờ thi đua",
            Self::ChienSiThiDua => "danh hiệu Chiến sĩ thi đua các cấp",
            Self::BangKhen => "Bằng khen",
            Self::GiayKhen => "Giấy khen",
            Self::LaoDong => "danh hiệu Lao động tiên tiến, Tập thể lao động tiên tiến, xuất sắc",
        }
    }
}

/// How an award was given (hình thức, form 0602.N/BNV-TĐKT).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    ThuongXuyen,
    ChuyenDe,
    DotXuat,
    DoiNgoai,
    CongHien,
    NienHan,
}

impl Method {
    pub const ALL: [Self; 6] = [
        Self::ThuongXuyen,
        Self::ChuyenDe,
        Self::DotXuat,
        Self::DoiNgoai,
        Self::CongHien,
        Self::NienHan,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Self::ThuongXuyen => "thuong_xuyen",
            Self::ChuyenDe => "chuyen_de",
            Self::DotXuat => "dot_xuat",
            Self::DoiNgoai => "doi_ngoai",
            Self::CongHien => "cong_hien",
            Self::NienHan => "nien_han",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s.trim())
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::ThuongXuyen => "Thường xuyên",
            Self::ChuyenDe => "Chuyên đề",
            Self::DotXuat => "Đột xuất",
            Self::DoiNgoai => "Đối ngoại",
            Self::CongHien => "Cống hiến",
            Self::NienHan => "Niên hạn",
        }
    }
}

/// The level at which an initiative (sáng kiến) was recognized.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InitiativeLevel {
    CoSo,
    Tinh,
    ToanQuoc,
}

impl InitiativeLevel {
    pub const ALL: [Self; 3] = [Self::CoSo, Self::Tinh, Self::ToanQuoc];
    pub fn code(self) -> &'static str {
        match self {
            Self::CoSo => "co_so",
            Self::Tinh => "tinh",
            Self::ToanQuoc => "toan_quoc",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s.trim())
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::CoSo => "cấp cơ sở",
            Self::Tinh => "cấp tỉnh",
            Self::ToanQuoc => "toàn quốc",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for k in AwardKind::ALL {
            assert_eq!(AwardKind::from_code(k.code()), Some(k));
        }
        for m in Method::ALL {
            assert_eq!(Method::from_code(m.code()), Some(m));
        }
        assert_eq!(AwardKind::from_code("huy_hieu"), None);
    }

    #[test]
    fn a_collective_award_is_twice_an_individual_one_but_a_title_is_its_own() {
        let hc = AwardKind::HuanChuongLaoDongHangBa;
        assert_eq!(hc.coefficient_tenths(Subject::Individual), 45);
        assert_eq!(hc.coefficient_tenths(Subject::Collective), 90);
        let t = AwardKind::TapTheLaoDongXuatSac;
        assert_eq!(t.coefficient_tenths(Subject::Collective), 15);
        assert!(!AwardKind::LaoDongTienTien.admits(Subject::Collective));
        assert!(AwardKind::BangKhenTinh.admits(Subject::Collective));
    }
}
