//! Vietnamese personal names: weighted family names, middle and given names by sex, and the
//! Khmer and Hoa variants of the south. Every name built here passes `PersonName::parse`.

use domain::register::member::Sex;
use fastrand::Rng;

use crate::dist::{chance, one_of, weighted};

/// The ethnic groups the generator draws (mostly Kinh, as in a Mekong delta province).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ethnicity {
    Kinh,
    Khmer,
    Hoa,
}

impl Ethnicity {
    pub(crate) const TABLE: &'static [(Ethnicity, u32)] = &[
        (Ethnicity::Kinh, 930),
        (Ethnicity::Khmer, 50),
        (Ethnicity::Hoa, 20),
    ];

    pub(crate) fn label(self) -> &'static str {
        match self {
            Ethnicity::Kinh => "Kinh",
            Ethnicity::Khmer => "Khmer",
            Ethnicity::Hoa => "Hoa",
        }
    }
}

/// Family names of the Kinh, weighted in per mille (Nguyễn is about 38% of everyone once the
/// Khmer and Hoa, who rarely carry it, are counted in).
pub(crate) const KINH_FAMILY: &[(&str, u32)] = &[
    ("Nguyễn", 405),
    ("Trần", 110),
    ("Lê", 92),
    ("Phạm", 66),
    ("Huỳnh", 30),
    ("Hoàng", 18),
    ("Phan", 42),
    ("Võ", 26),
    ("Vũ", 14),
    ("Đặng", 20),
    ("Bùi", 18),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 12),
    ("Dương", 10),
    ("Lý", 5),
    ("Trương", 10),
    ("Đinh", 7),
    ("Lâm", 6),
    ("Đoàn", 6),
    ("Mai", 5),
    ("Tô", 4),
    ("Cao", 4),
    ("Lưu", 4),
    ("Châu", 4),
    ("Thái", 3),
    ("Tạ", 3),
    ("Quách", 3),
    ("Hà", 4),
    ("Trịnh", 4),
    ("Lương", 4),
    ("La", 2),
    ("Từ", 2),
    ("Triệu", 2),
    ("Chu", 2),
    ("Tăng", 2),
    ("Kiều", 2),
    ("Diệp", 2),
    ("Lạc", 1),
    ("Văn", 1),
    ("Phùng", 2),
    ("Khổng", 1),
    ("Âu", 1),
    ("Ông", 1),
    ("Nghiêm", 1),
    ("Thân", 1),
    ("Đồng", 1),
    ("Giang", 1),
];

const KHMER_FAMILY: &[(&str, u32)] = &[
    ("Thạch", 25),
    ("Danh", 20),
    ("Sơn", 15),
    ("Kim", 10),
    ("Lâm", 8),
    ("Chau", 8),
    ("Huỳnh", 5),
    ("Trần", 5),
    ("Lý", 4),
];

const HOA_FAMILY: &[(&str, u32)] = &[
    ("Lý", 15),
    ("Trần", 15),
    ("Quách", 10),
    ("Lâm", 12),
    ("Mã", 6),
    ("Tạ", 6),
    ("Lưu", 8),
    ("Hứa", 8),
    ("Trương", 8),
    ("Dương", 6),
    ("Huỳnh", 6),
];

const MALE_MIDDLE: &[(&str, u32)] = &[
    ("Văn", 380),
    ("Minh", 60),
    ("Thanh", 50),
    ("Hoàng", 40),
    ("Quốc", 40),
    ("Ngọc", 35),
    ("Hữu", 35),
    ("Công", 30),
    ("Đức", 30),
    ("Tấn", 30),
    ("Thành", 25),
    ("Trung", 20),
    ("Quang", 20),
    ("Chí", 20),
    ("Duy", 15),
    ("Xuân", 15),
    ("Anh", 15),
    ("Tuấn", 10),
    ("Hồng", 10),
    ("Trọng", 10),
    ("Phước", 15),
    ("Vĩnh", 10),
    ("Bá", 10),
    ("Đình", 10),
    ("Gia", 10),
    ("Nhật", 10),
    ("Hoài", 10),
    ("Thế", 10),
    ("Khắc", 5),
    ("Kim", 5),
    ("Trường", 5),
    ("Phú", 5),
    ("Thái", 5),
    ("Hải", 10),
    ("Việt", 10),
    ("Bảo", 5),
];

const FEMALE_MIDDLE: &[(&str, u32)] = &[
    ("Thị", 520),
    ("Ngọc", 80),
    ("Thu", 35),
    ("Thanh", 50),
    ("Kim", 35),
    ("Mỹ", 25),
    ("Hồng", 30),
    ("Bích", 20),
    ("Thùy", 20),
    ("Phương", 15),
    ("Minh", 15),
    ("Hoài", 10),
    ("Diệu", 10),
    ("Tuyết", 10),
    ("Xuân", 15),
    ("Cẩm", 15),
    ("Bảo", 10),
    ("Khánh", 10),
    ("Quỳnh", 10),
    ("Như", 10),
    ("Hải", 5),
    ("Mai", 10),
    ("Lan", 5),
    ("Huyền", 5),
    ("Tường", 5),
    ("Yến", 5),
];

/// A second middle name after "Thị" or another middle name ("Nguyễn Thị Thu Hà").
const FEMALE_SECOND_MIDDLE: &[&str] = &[
    "Thu", "Ngọc", "Thanh", "Kim", "Mỹ", "Hồng", "Bích", "Thùy", "Phương", "Minh", "Diệu", "Tuyết",
    "Xuân", "Cẩm", "Bảo", "Khánh", "Như", "Hoài", "Mai", "Huyền", "Lan", "Thảo",
];

const MALE_SECOND_MIDDLE: &[&str] = &[
    "Minh", "Hoàng", "Quốc", "Thanh", "Anh", "Tuấn", "Hữu", "Duy", "Nhật", "Gia", "Thành", "Trung",
    "Phước", "Ngọc", "Tấn", "Đức",
];

/// Given names of men.
pub(crate) const MALE_GIVEN: &[&str] = &[
    "An",
    "Ân",
    "Bảo",
    "Bằng",
    "Bình",
    "Cảnh",
    "Chánh",
    "Châu",
    "Chiến",
    "Chinh",
    "Chương",
    "Công",
    "Cường",
    "Danh",
    "Dân",
    "Dũng",
    "Duy",
    "Dương",
    "Đại",
    "Đạo",
    "Đạt",
    "Đăng",
    "Điền",
    "Điệp",
    "Định",
    "Đông",
    "Đức",
    "Được",
    "Giang",
    "Giàu",
    "Hải",
    "Hào",
    "Hậu",
    "Hiển",
    "Hiệp",
    "Hiếu",
    "Hòa",
    "Hoan",
    "Hoàng",
    "Học",
    "Hùng",
    "Huy",
    "Hưng",
    "Hữu",
    "Kha",
    "Khải",
    "Khang",
    "Khanh",
    "Khánh",
    "Khoa",
    "Khôi",
    "Kiên",
    "Kiệt",
    "Lâm",
    "Lập",
    "Liêm",
    "Linh",
    "Lộc",
    "Long",
    "Lợi",
    "Luân",
    "Lực",
    "Mạnh",
    "Minh",
    "Nam",
    "Nghĩa",
    "Nguyên",
    "Nhân",
    "Nhật",
    "Nhựt",
    "Ninh",
    "Pháp",
    "Phát",
    "Phong",
    "Phú",
    "Phúc",
    "Phụng",
    "Phước",
    "Phương",
    "Quang",
    "Quân",
    "Quí",
    "Quốc",
    "Quý",
    "Sang",
    "Sáng",
    "Sơn",
    "Tài",
    "Tâm",
    "Tân",
    "Thái",
    "Thanh",
    "Thành",
    "Thạnh",
    "Thao",
    "Thắng",
    "Thân",
    "Thiện",
    "Thịnh",
    "Thọ",
    "Thông",
    "Thuận",
    "Thức",
    "Tiến",
    "Tín",
    "Toàn",
    "Toản",
    "Trí",
    "Triều",
    "Trình",
    "Trọng",
    "Trung",
    "Trường",
    "Tú",
    "Tuấn",
    "Tùng",
    "Tường",
    "Út",
    "Văn",
    "Việt",
    "Vinh",
    "Vĩnh",
    "Vũ",
    "Vương",
    "Xuân",
    "Yên",
    "Hạnh",
    "Đoàn",
    "Hiền",
    "Lễ",
    "Nhàn",
    "Tuyền",
    "Khương",
    "Hội",
    "Thiên",
    "Duẩn",
    "Hồng",
    "Sỹ",
    "Sĩ",
];

/// Given names of women.
pub(crate) const FEMALE_GIVEN: &[&str] = &[
    "Anh",
    "Ánh",
    "Bích",
    "Cúc",
    "Châu",
    "Chi",
    "Diễm",
    "Diệp",
    "Diệu",
    "Dung",
    "Duyên",
    "Đào",
    "Điệp",
    "Gấm",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hân",
    "Hậu",
    "Hiền",
    "Hiếu",
    "Hoa",
    "Hòa",
    "Hồng",
    "Huệ",
    "Hương",
    "Hường",
    "Huyền",
    "Khanh",
    "Khánh",
    "Kiều",
    "Lài",
    "Lan",
    "Liên",
    "Liễu",
    "Linh",
    "Loan",
    "Lụa",
    "Ly",
    "Lý",
    "Mai",
    "Mến",
    "Mơ",
    "My",
    "Mỹ",
    "Nga",
    "Ngân",
    "Nghi",
    "Ngọc",
    "Nguyệt",
    "Nhàn",
    "Nhi",
    "Nhung",
    "Như",
    "Nương",
    "Oanh",
    "Phấn",
    "Phụng",
    "Phượng",
    "Phương",
    "Quyên",
    "Quyền",
    "Quỳnh",
    "Sương",
    "Sen",
    "Tâm",
    "Tiên",
    "Tình",
    "Thảo",
    "Thắm",
    "Thanh",
    "Thảnh",
    "Thơ",
    "Thoa",
    "Thu",
    "Thúy",
    "Thủy",
    "Thùy",
    "Thư",
    "Thương",
    "Trà",
    "Trang",
    "Trâm",
    "Trinh",
    "Tú",
    "Tuyền",
    "Tuyết",
    "Uyên",
    "Vân",
    "Vi",
    "Việt",
    "Vy",
    "Xuân",
    "Yến",
    "Ái",
    "Bé",
    "Châm",
    "Dịu",
    "Đẹp",
    "Hảo",
    "Hoài",
    "Huỳnh",
    "Kim",
    "Lệ",
    "Lợi",
    "Luyến",
    "Minh",
    "Mười",
    "Nguyên",
    "Nhạn",
    "Nhị",
    "Phúc",
    "Sa",
    "Son",
    "Tím",
    "Trúc",
    "Tươi",
    "Út",
    "Xinh",
    "Yên",
    "Hạnh",
    "Duyên",
    "Giàu",
    "Lành",
    "Ngà",
    "Thi",
    "Thúy Hằng",
    "Mỹ Linh",
];

const KHMER_MALE_GIVEN: &[&str] = &[
    "Sóc",
    "Phol",
    "Sang",
    "Chanh",
    "Ra",
    "Rin",
    "Sên",
    "Pho",
    "Thươl",
    "Kha",
    "Sa Rết",
    "Sô Phal",
    "Đa Ra",
    "Sa Mol",
    "Hên",
    "Dên",
    "Chanh Đa",
    "Rươl",
    "Sóc Kha",
    "Nang",
];

const KHMER_FEMALE_GIVEN: &[&str] = &[
    "Sa Ri",
    "Sa Rết",
    "Sa Vết",
    "Sô Phi",
    "Chanh Thu",
    "Srây",
    "Sóc Thia",
    "Mây",
    "Ly Na",
    "Sô Ma",
    "Đa Ni",
    "Sa Phan",
    "Thi Đa",
    "Kim Ly",
    "Phol Ly",
    "Sa Rươl",
];

/// A full name for a person of the given sex and ethnicity, e.g. "Nguyễn Thị Thu Hà".
pub(crate) fn person_name(rng: &mut Rng, sex: Sex, ethnicity: Ethnicity) -> String {
    let female = sex == Sex::Female;
    let family = match ethnicity {
        Ethnicity::Kinh => weighted(rng, KINH_FAMILY),
        Ethnicity::Khmer => weighted(rng, KHMER_FAMILY),
        Ethnicity::Hoa => weighted(rng, HOA_FAMILY),
    };
    let mut name = String::with_capacity(32);
    name.push_str(family);
    if ethnicity == Ethnicity::Khmer {
        // Khmer names often keep "Thị"/"Văn" and a Khmer given name of one or two words.
        if chance(rng, 0.5) {
            name.push_str(if female { " Thị" } else { " Văn" });
        }
        let given = if chance(rng, 0.5) {
            one_of(
                rng,
                if female {
                    KHMER_FEMALE_GIVEN
                } else {
                    KHMER_MALE_GIVEN
                },
            )
        } else {
            one_of(rng, if female { FEMALE_GIVEN } else { MALE_GIVEN })
        };
        name.push(' ');
        name.push_str(given);
        return name;
    }
    let middle = weighted(rng, if female { FEMALE_MIDDLE } else { MALE_MIDDLE });
    name.push(' ');
    name.push_str(middle);
    let second = if female { 0.35 } else { 0.06 };
    if chance(rng, second) {
        let list = if female {
            FEMALE_SECOND_MIDDLE
        } else {
            MALE_SECOND_MIDDLE
        };
        let extra = one_of(rng, list);
        if extra != middle {
            name.push(' ');
            name.push_str(extra);
        }
    }
    let given = one_of(rng, if female { FEMALE_GIVEN } else { MALE_GIVEN });
    name.push(' ');
    name.push_str(given);
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::register::member::PersonName;

    #[test]
    fn every_listed_word_is_a_valid_nfc_name() {
        let lists: [&[&str]; 6] = [
            MALE_GIVEN,
            FEMALE_GIVEN,
            KHMER_MALE_GIVEN,
            KHMER_FEMALE_GIVEN,
            FEMALE_SECOND_MIDDLE,
            MALE_SECOND_MIDDLE,
        ];
        let weighted: [&[(&str, u32)]; 5] = [
            KINH_FAMILY,
            KHMER_FAMILY,
            HOA_FAMILY,
            MALE_MIDDLE,
            FEMALE_MIDDLE,
        ];
        let words = lists
            .iter()
            .flat_map(|l| l.iter().copied())
            .chain(weighted.iter().flat_map(|l| l.iter().map(|(w, _)| *w)));
        for w in words {
            let parsed = PersonName::parse(w).unwrap_or_else(|e| panic!("{w}: {e}"));
            assert_eq!(parsed.as_str(), w, "not NFC or not trimmed: {w}");
        }
        assert!(
            weighted
                .iter()
                .all(|t| !t.is_empty() && t.iter().all(|(_, w)| *w > 0))
        );
        assert!(MALE_GIVEN.len() + FEMALE_GIVEN.len() >= 250);
    }
}
