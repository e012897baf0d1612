//! The demo data set: the organizations of the seed documents (Kiên Giang) and invented
//! members that agree with what the seeds report, e.g. seed 000's 22 members on 15/5/2020.

use chrono::NaiveDate;
use domain::register::member::{
    CardNumber, MembershipRecord, PersonName, PersonRecord, Qualification, RecordNumber, Sex,
    TheoryLevel,
};
use domain::register::org::{OrgCode, OrgKind};

/// Marker stored once the whole data set is in: loading twice changes nothing.
pub const LOADED_KEY: &str = "demo.loaded";
pub const ROOT: &str = "TU-KG";

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    // The literal dates below are all valid calendar dates.
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
}

/// (code, name, kind, parent code, founded)
pub type DemoOrg = (
    &'static str,
    &'static str,
    OrgKind,
    Option<&'static str>,
    (i32, u32, u32),
);

pub const ORGS: &[DemoOrg] = &[
    (
        "TU-KG",
        "Đảng bộ tỉnh Kiên Giang",
        OrgKind::Province,
        None,
        (1976, 1, 1),
    ),
    (
        "DUK-KG",
        "Đảng bộ Khối các cơ quan tỉnh Kiên Giang",
        OrgKind::Block,
        Some("TU-KG"),
        (1990, 1, 1),
    ),
    (
        "CB-SNV",
        "Chi bộ Sở Ngoại vụ",
        OrgKind::GrassrootsBranch,
        Some("DUK-KG"),
        (2005, 1, 1),
    ),
    (
        "DB-SNOIVU",
        "Đảng bộ Sở Nội vụ",
        OrgKind::GrassrootsCommittee,
        Some("DUK-KG"),
        (1995, 1, 1),
    ),
    (
        "CB-TDKT",
        "Chi bộ Ban Thi đua – Khen thưởng",
        OrgKind::Branch,
        Some("DB-SNOIVU"),
        (2000, 1, 1),
    ),
    (
        "CB-VPSNOIVU",
        "Chi bộ Văn phòng Sở Nội vụ",
        OrgKind::Branch,
        Some("DB-SNOIVU"),
        (2000, 1, 1),
    ),
    (
        "CB-BTG",
        "Chi bộ Ban Tôn giáo",
        OrgKind::Branch,
        Some("DB-SNOIVU"),
        (2000, 1, 1),
    ),
    (
        "CB-VTLT",
        "Chi bộ Chi cục Văn thư – Lưu trữ",
        OrgKind::Branch,
        Some("DB-SNOIVU"),
        (2000, 1, 1),
    ),
    (
        "DB-SCT",
        "Đảng bộ Sở Công Thương",
        OrgKind::GrassrootsCommittee,
        Some("DUK-KG"),
        (2008, 4, 1),
    ),
    (
        "CB-VPS",
        "Chi bộ Văn phòng Sở",
        OrgKind::Branch,
        Some("DB-SCT"),
        (2008, 4, 1),
    ),
    (
        "CB-QLTM",
        "Chi bộ Phòng Quản lý Thương mại",
        OrgKind::Branch,
        Some("DB-SCT"),
        (2008, 4, 1),
    ),
    (
        "DB-CQTD",
        "Đảng bộ Cơ quan Tỉnh đoàn",
        OrgKind::GrassrootsCommittee,
        Some("DUK-KG"),
        (1990, 1, 1),
    ),
    (
        "CB-VPTD",
        "Chi bộ Văn phòng Tỉnh đoàn",
        OrgKind::Branch,
        Some("DB-CQTD"),
        (1990, 1, 1),
    ),
    (
        "CB-PTTTN",
        "Chi bộ Phong trào Thanh thiếu nhi",
        OrgKind::Branch,
        Some("DB-CQTD"),
        (1990, 1, 1),
    ),
    (
        "CB-NTN",
        "Chi bộ Nhà Thiếu nhi tỉnh",
        OrgKind::Branch,
        Some("DB-CQTD"),
        (1995, 1, 1),
    ),
    // Seed 003: a second province, with its Chi bộ Sở Ngoại vụ (`demo::seeds::vinhphuc`).
    (
        "TU-VP",
        "Đảng bộ tỉnh Vĩnh Phúc",
        OrgKind::Province,
        None,
        (1997, 1, 1),
    ),
    (
        "DUK-VP",
        "Đảng bộ Khối các cơ quan tỉnh Vĩnh Phúc",
        OrgKind::Block,
        Some("TU-VP"),
        (1997, 1, 1),
    ),
    (
        "CB-SNV-VP",
        "Chi bộ Sở Ngoại vụ Vĩnh Phúc",
        OrgKind::GrassrootsBranch,
        Some("DUK-VP"),
        (2005, 1, 1),
    ),
];

/// Chi bộ Văn phòng Sở 2, split from Chi bộ Văn phòng Sở by 118-QĐ/ĐU of 19/02/2019 (seed 002).
pub const SPLIT: (&str, &str, &str, (i32, u32, u32), &str) = (
    "CB-VPS",
    "CB-VPS2",
    "Chi bộ Văn phòng Sở 2",
    (2019, 2, 19),
    "118-QĐ/ĐU",
);

/// A member of the demo, written out by hand.
pub struct DemoMember {
    pub name: &'static str,
    pub sex: Sex,
    pub born: (i32, u32, u32),
    pub theory: TheoryLevel,
    pub qualification: Qualification,
    pub admitted: (i32, u32, u32),
    /// `None`: still probationary on the day of loading.
    pub official: Option<(i32, u32, u32)>,
}

const fn m(
    name: &'static str,
    sex: Sex,
    born: (i32, u32, u32),
    theory: TheoryLevel,
    qualification: Qualification,
    admitted: (i32, u32, u32),
    official: Option<(i32, u32, u32)>,
) -> DemoMember {
    DemoMember {
        name,
        sex,
        born,
        theory,
        qualification,
        admitted,
        official,
    }
}

use Qualification::{Bachelor as DH, Master as THS};
use Sex::{Female as NU, Male as NAM};
use TheoryLevel::{Advanced as CC, Elementary as SC, Intermediate as TC, None as KHONG};

/// Chi bộ Sở Ngoại vụ on 15/5/2020 (seed 000): 22 members — ages 6 under 35, 8 from 35 to 40,
/// 6 from 41 to 50, 2 from 51 to under 60; theory 8 cao cấp, 6 trung cấp, 7 sơ cấp, 1 none;
/// 6 thạc sĩ and 16 đại học. Names are invented.
pub const SNV_2020: [DemoMember; 22] = [
    // under 35
    m(
        "Trần Thị Ngọc Hân",
        NU,
        (1990, 3, 12),
        SC,
        DH,
        (2014, 5, 19),
        Some((2015, 5, 19)),
    ),
    m(
        "Lê Minh Khoa",
        NAM,
        (1988, 7, 20),
        TC,
        THS,
        (2012, 9, 2),
        Some((2013, 9, 2)),
    ),
    m(
        "Nguyễn Hoàng Phúc",
        NAM,
        (1992, 11, 2),
        SC,
        DH,
        (2016, 5, 19),
        Some((2017, 5, 19)),
    ),
    m(
        "Phạm Thị Thu Trang",
        NU,
        (1987, 9, 9),
        TC,
        DH,
        (2011, 3, 26),
        Some((2012, 3, 26)),
    ),
    m(
        "Huỳnh Quốc Bảo",
        NAM,
        (1986, 6, 1),
        SC,
        DH,
        (2010, 12, 22),
        Some((2011, 12, 22)),
    ),
    m(
        "Đỗ Thị Mỹ Linh",
        NU,
        (1991, 1, 25),
        KHONG,
        DH,
        (2019, 12, 20),
        Some((2020, 12, 20)),
    ),
    // 35 to 40
    m(
        "Võ Thanh Tùng",
        NAM,
        (1985, 5, 15),
        CC,
        THS,
        (2007, 2, 3),
        Some((2008, 2, 3)),
    ),
    m(
        "Dương Thị Kim Oanh",
        NU,
        (1984, 2, 10),
        TC,
        DH,
        (2008, 5, 19),
        Some((2009, 5, 19)),
    ),
    m(
        "Lâm Văn Hậu",
        NAM,
        (1983, 8, 19),
        CC,
        DH,
        (2006, 8, 19),
        Some((2007, 8, 19)),
    ),
    m(
        "Nguyễn Thị Bích Ngọc",
        NU,
        (1982, 12, 1),
        SC,
        DH,
        (2009, 3, 8),
        Some((2010, 3, 8)),
    ),
    m(
        "Trương Công Danh",
        NAM,
        (1981, 4, 30),
        TC,
        THS,
        (2005, 9, 2),
        Some((2006, 9, 2)),
    ),
    m(
        "Lê Thị Hồng Nhung",
        NU,
        (1980, 5, 16),
        SC,
        DH,
        (2004, 11, 7),
        Some((2005, 11, 7)),
    ),
    m(
        "Phan Văn Đức",
        NAM,
        (1979, 10, 10),
        CC,
        DH,
        (2003, 6, 1),
        Some((2004, 6, 1)),
    ),
    m(
        "Đặng Thị Thanh Thảo",
        NU,
        (1982, 3, 3),
        SC,
        DH,
        (2010, 7, 27),
        Some((2011, 7, 27)),
    ),
    // 41 to 50
    m(
        "Nguyễn Văn Hùng",
        NAM,
        (1978, 1, 15),
        CC,
        THS,
        (2001, 3, 26),
        Some((2002, 3, 26)),
    ),
    m(
        "Trần Quốc Việt",
        NAM,
        (1975, 6, 20),
        CC,
        DH,
        (1999, 5, 19),
        Some((2000, 5, 19)),
    ),
    m(
        "Bùi Thị Lan Anh",
        NU,
        (1973, 9, 2),
        TC,
        DH,
        (1998, 2, 3),
        Some((1999, 2, 3)),
    ),
    m(
        "Hồ Văn Tâm",
        NAM,
        (1971, 11, 11),
        CC,
        THS,
        (1995, 12, 22),
        Some((1996, 12, 22)),
    ),
    m(
        "Ngô Thị Xuân Mai",
        NU,
        (1970, 2, 14),
        SC,
        DH,
        (1996, 3, 8),
        Some((1997, 3, 8)),
    ),
    m(
        "Lý Minh Trí",
        NAM,
        (1976, 7, 7),
        TC,
        DH,
        (2002, 9, 2),
        Some((2003, 9, 2)),
    ),
    // 51 to under 60
    m(
        "Nguyễn Thành Nhân",
        NAM,
        (1966, 4, 4),
        CC,
        THS,
        (1990, 8, 19),
        Some((1991, 8, 19)),
    ),
    m(
        "Châu Văn Lực",
        NAM,
        (1962, 8, 8),
        CC,
        DH,
        (1986, 5, 19),
        Some((1987, 5, 19)),
    ),
];

/// Who joined Chi bộ Sở Ngoại vụ after its 2020 congress.
pub const SNV_LATER: DemoMember = m(
    "Thái Ngọc Quỳnh",
    NU,
    (1996, 10, 5),
    SC,
    DH,
    (2021, 6, 15),
    Some((2022, 6, 15)),
);

/// The member of Chi bộ Sở Ngoại vụ transferred to Chi bộ Ban Thi đua – Khen thưởng on 1/8/2022.
pub const SNV_TRANSFERRED: usize = 9;
pub const SNV_TRANSFER_TO: &str = "CB-TDKT";
pub const SNV_TRANSFER_ON: (i32, u32, u32) = (2022, 8, 1);

/// Members per other organization: (code, members, non-member staff). CB-VPS holds the members
/// that the 2019 split moves to CB-VPS2 (the last `SPLIT_MOVES` of its list).
pub const OTHER_ORGS: &[(&str, usize, usize)] = &[
    ("CB-TDKT", 8, 0),
    ("CB-VPSNOIVU", 12, 3),
    ("CB-BTG", 7, 2),
    ("CB-VTLT", 9, 4),
    ("CB-VPS", 15, 4),
    ("CB-QLTM", 11, 3),
    ("CB-VPTD", 10, 2),
    ("CB-PTTTN", 13, 3),
    ("CB-NTN", 9, 5),
];
pub const SPLIT_MOVES: usize = 7;
pub const SNV_NON_MEMBERS: usize = 8;

const FAMILY: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Đặng", "Bùi", "Đỗ", "Hồ",
    "Ngô", "Dương", "Lý", "Lâm", "Thạch", "Danh",
];
const MIDDLE_M: &[&str] = &[
    "Văn", "Minh", "Quốc", "Thanh", "Hữu", "Công", "Đức", "Hoàng",
];
const MIDDLE_F: &[&str] = &[
    "Thị",
    "Ngọc",
    "Thị Kim",
    "Thị Thu",
    "Thanh",
    "Thị Mỹ",
    "Bích",
];
const GIVEN_M: &[&str] = &[
    "An", "Bình", "Cường", "Dũng", "Đạt", "Giang", "Hải", "Hiếu", "Khang", "Lộc", "Nam", "Phong",
    "Quân", "Sơn", "Thắng", "Toàn", "Vinh", "Kiên",
];
const GIVEN_F: &[&str] = &[
    "Anh", "Châu", "Diễm", "Duyên", "Hà", "Hằng", "Hương", "Loan", "Mai", "Nga", "Phương", "Quyên",
    "Thảo", "Tuyết", "Uyên", "Vy", "Yến", "Ánh",
];

pub fn card(n: u32) -> CardNumber {
    // 8 digits by construction.
    CardNumber::parse(&format!("{:08}", 31_000_000 + n))
        .unwrap_or_else(|_| unreachable!("8 digits"))
}

fn record_no(n: u32) -> RecordNumber {
    RecordNumber::parse(&format!("{:06}KG", 100_000 + n))
        .unwrap_or_else(|_| unreachable!("6 digits + KG"))
}

fn name(s: &str) -> PersonName {
    PersonName::parse(s).unwrap_or_else(|_| unreachable!("demo names are letters and spaces"))
}

impl DemoMember {
    pub fn record(&self, serial: u32) -> PersonRecord {
        let (a, o) = (
            d(self.admitted.0, self.admitted.1, self.admitted.2),
            self.official.map(|x| d(x.0, x.1, x.2)),
        );
        PersonRecord {
            full_name: name(self.name),
            birth_name: None,
            birth_date: d(self.born.0, self.born.1, self.born.2),
            sex: self.sex,
            ethnicity: Some("Kinh".into()),
            religion: None,
            home_town: Some("Kiên Giang".into()),
            education: Some("12/12".into()),
            theory: self.theory,
            qualification: self.qualification,
            foreign_language: Some("Tiếng Anh".into()),
            occupation: Some("Công chức".into()),
            membership: Some(MembershipRecord {
                admitted_on: a,
                official_on: o,
                card_number: o.map(|_| card(serial)),
                record_number: Some(record_no(serial)),
            }),
        }
    }
}

/// A deterministic invented person for the other organizations (`member`: with membership).
/// An invented full name (for people outside the register: the commendation office's dossiers
/// and awards).
pub fn invented_name(rng: &mut fastrand::Rng) -> String {
    let (middle, given) = if rng.bool() {
        (MIDDLE_F, GIVEN_F)
    } else {
        (MIDDLE_M, GIVEN_M)
    };
    format!(
        "{} {} {}",
        FAMILY[rng.usize(..FAMILY.len())],
        middle[rng.usize(..middle.len())],
        given[rng.usize(..given.len())]
    )
}

pub fn invented(
    rng: &mut fastrand::Rng,
    serial: u32,
    member: bool,
    as_of: NaiveDate,
) -> PersonRecord {
    let female = rng.bool();
    let (middle, given) = if female {
        (MIDDLE_F, GIVEN_F)
    } else {
        (MIDDLE_M, GIVEN_M)
    };
    let full = format!(
        "{} {} {}",
        FAMILY[rng.usize(..FAMILY.len())],
        middle[rng.usize(..middle.len())],
        given[rng.usize(..given.len())]
    );
    let birth = d(1965 + rng.i32(0..32), rng.u32(1..=12), rng.u32(1..=28));
    let admitted = d(
        birth.year_ce().1 as i32 + 22 + rng.i32(0..10),
        rng.u32(1..=12),
        rng.u32(1..=28),
    )
    .min(as_of);
    let official = admitted
        .with_year(admitted.year_ce().1 as i32 + 1)
        .filter(|o| *o <= as_of);
    let theory = [
        TheoryLevel::Advanced,
        TheoryLevel::Intermediate,
        TheoryLevel::Elementary,
        TheoryLevel::Elementary,
        TheoryLevel::None,
    ][rng.usize(..5)];
    let qualification = [
        Qualification::Master,
        Qualification::Bachelor,
        Qualification::Bachelor,
        Qualification::Bachelor,
        Qualification::College,
    ][rng.usize(..5)];
    PersonRecord {
        full_name: name(&full),
        birth_name: None,
        birth_date: birth,
        sex: if female { Sex::Female } else { Sex::Male },
        ethnicity: Some(if rng.u8(..10) == 0 { "Khmer" } else { "Kinh" }.into()),
        religion: None,
        home_town: Some("Kiên Giang".into()),
        education: Some("12/12".into()),
        theory: if member { theory } else { TheoryLevel::None },
        qualification,
        foreign_language: None,
        occupation: Some(
            if member {
                "Công chức"
            } else {
                "Nhân viên"
            }
            .into(),
        ),
        membership: member.then(|| MembershipRecord {
            admitted_on: admitted,
            official_on: official,
            card_number: official.map(|_| card(serial)),
            record_number: Some(record_no(serial)),
        }),
    }
}

pub fn org_code(s: &str) -> OrgCode {
    OrgCode::parse(s).unwrap_or_else(|_| unreachable!("demo codes are valid"))
}

use chrono::Datelike;
