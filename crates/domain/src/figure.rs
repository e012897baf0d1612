//! The figures a page prints and the lists behind them (issue 18 §2.6): every count the
//! structure statistics, the ratings and the review print names a `Figure`, and the figure
//! opens the people (or meetings) it counts. A figure is written into a link as a short key
//! (`tuoi-0`, `xep-loai-good-2021`) and read back from it; the database computes the list
//! with the same condition that computed the count.

use crate::branch::rating::RatingLevel;
use crate::branch::target::Source;
use crate::register::member::{Qualification, TheoryLevel};
use crate::register::stats::AgeBrackets;

/// One figure of an organization's subtree: on a date (the structure), or in a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// All members (official and probationary) on the date.
    Members,
    /// Official members on the date.
    Official,
    /// Probationary members on the date.
    Probationary,
    /// Members in the age bracket with this index on the date.
    Age(usize),
    /// Members with this political theory level on the date.
    Theory(TheoryLevel),
    /// Members with this qualification on the date.
    Qualification(Qualification),
    /// Members whose decided rating of the year is this level.
    Rated { year: i32, level: RatingLevel },
    /// Members rated Good or Excellent in the year (the review's "hoàn thành tốt trở lên").
    GoodOrBetter { year: i32 },
    /// People admitted in the year.
    Admitted { year: i32 },
    /// Members who studied a resolution in the year.
    StudiedMembers { year: i32 },
    /// Non-member staff who studied a resolution in the year.
    StudiedNonMembers { year: i32 },
    /// Members supervised or inspected in the year.
    Supervised { year: i32 },
    /// The meetings of the year whose attendance makes the attendance rate.
    Meetings { year: i32 },
    /// Members who have written the year's pledge to follow Hồ Chí Minh's example (đăng ký
    /// làm theo; seeds 001 and 003 print it as "100% đảng viên đăng ký làm theo").
    Pledged { year: i32 },
    /// Members who have handed in the year's self-assessment (bản tự kiểm điểm).
    SelfAssessed { year: i32 },
}

/// What a figure's list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counts {
    /// People, one line each: the list's length is the figure.
    People,
    /// Meetings, each with its attendance: the counted and present sum to the figure's rate.
    Meetings,
}

impl Figure {
    /// The key written into a link (`so-lieu?chi-so=…`).
    pub fn key(&self) -> String {
        match self {
            Figure::Members => "dang-vien".into(),
            Figure::Official => "chinh-thuc".into(),
            Figure::Probationary => "du-bi".into(),
            Figure::Age(i) => format!("tuoi-{i}"),
            Figure::Theory(t) => format!("llct-{}", t.code()),
            Figure::Qualification(q) => format!("cm-{}", q.code()),
            Figure::Rated { year, level } => format!("xep-loai-{}-{year}", level.code()),
            Figure::GoodOrBetter { year } => format!("tot-tro-len-{year}"),
            Figure::Admitted { year } => format!("ket-nap-{year}"),
            Figure::StudiedMembers { year } => format!("hoc-tap-{year}"),
            Figure::StudiedNonMembers { year } => format!("hoc-tap-qc-{year}"),
            Figure::Supervised { year } => format!("giam-sat-{year}"),
            Figure::Meetings { year } => format!("hop-{year}"),
            Figure::Pledged { year } => format!("lam-theo-{year}"),
            Figure::SelfAssessed { year } => format!("tu-kiem-diem-{year}"),
        }
    }

    /// Reads a key back (`None`: not a figure's key).
    pub fn parse(key: &str) -> Option<Figure> {
        let key = key.trim();
        let simple = match key {
            "dang-vien" => Some(Figure::Members),
            "chinh-thuc" => Some(Figure::Official),
            "du-bi" => Some(Figure::Probationary),
            _ => None,
        };
        if simple.is_some() {
            return simple;
        }
        if let Some(i) = key.strip_prefix("tuoi-") {
            return i.parse().ok().filter(|i| *i < 32).map(Figure::Age);
        }
        if let Some(c) = key.strip_prefix("llct-") {
            return TheoryLevel::from_code(c).map(Figure::Theory);
        }
        if let Some(c) = key.strip_prefix("cm-") {
            return Qualification::from_code(c).map(Figure::Qualification);
        }
        let (head, year) = key.rsplit_once('-')?;
        let year: i32 = year.parse().ok().filter(|y| (1930..=9999).contains(y))?;
        if let Some(level) = head.strip_prefix("xep-loai-") {
            return RatingLevel::from_code(level).map(|level| Figure::Rated { year, level });
        }
        match head {
            "tot-tro-len" => Some(Figure::GoodOrBetter { year }),
            "ket-nap" => Some(Figure::Admitted { year }),
            "hoc-tap" => Some(Figure::StudiedMembers { year }),
            "hoc-tap-qc" => Some(Figure::StudiedNonMembers { year }),
            "giam-sat" => Some(Figure::Supervised { year }),
            "hop" => Some(Figure::Meetings { year }),
            "lam-theo" => Some(Figure::Pledged { year }),
            "tu-kiem-diem" => Some(Figure::SelfAssessed { year }),
            _ => None,
        }
    }

    /// The year of a yearly figure (`None`: a figure on a date).
    pub fn year(&self) -> Option<i32> {
        match *self {
            Figure::Rated { year, .. }
            | Figure::GoodOrBetter { year }
            | Figure::Admitted { year }
            | Figure::StudiedMembers { year }
            | Figure::StudiedNonMembers { year }
            | Figure::Supervised { year }
            | Figure::Meetings { year }
            | Figure::Pledged { year }
            | Figure::SelfAssessed { year } => Some(year),
            _ => None,
        }
    }

    /// The count of a figure on a date as the structure statistics print it (`None`: a
    /// yearly figure, or an age bracket the statistics do not have): the count a figure's
    /// list is a page of, without reading every line.
    pub fn count_in(&self, st: &crate::register::stats::Structure) -> Option<u64> {
        let entry = |entries: &[crate::register::stats::Entry], i: Option<usize>| {
            i.and_then(|i| entries.get(i)).map(|e| e.count)
        };
        match *self {
            Figure::Members => Some(st.members),
            Figure::Official => Some(st.official),
            Figure::Probationary => Some(st.probationary),
            Figure::Age(i) => entry(&st.age, Some(i)),
            Figure::Theory(t) => entry(&st.theory, TheoryLevel::ALL.iter().position(|x| *x == t)),
            Figure::Qualification(q) => entry(
                &st.qualification,
                Qualification::ALL.iter().position(|x| *x == q),
            ),
            _ => None,
        }
    }

    pub fn counts(&self) -> Counts {
        match self {
            Figure::Meetings { .. } => Counts::Meetings,
            _ => Counts::People,
        }
    }

    /// The list's heading: "Đảng viên dưới 35 tuổi", "Đảng viên xếp loại Hoàn thành xuất sắc
    /// nhiệm vụ năm 2021". `None` for an age bracket the brackets do not have.
    pub fn title(&self, brackets: &AgeBrackets) -> Option<String> {
        Some(match self {
            Figure::Members => "Đảng viên".into(),
            Figure::Official => "Đảng viên chính thức".into(),
            Figure::Probationary => "Đảng viên dự bị".into(),
            Figure::Age(i) => {
                let label = brackets.labels().get(*i)?.clone();
                format!("Đảng viên {}", lower_first(&label))
            }
            Figure::Theory(t) => format!("Đảng viên có lý luận chính trị: {}", t.label()),
            Figure::Qualification(q) => format!("Đảng viên có trình độ chuyên môn: {}", q.label()),
            Figure::Rated { year, level } => {
                format!("Đảng viên xếp loại “{}” năm {year}", level.label())
            }
            Figure::GoodOrBetter { year } => {
                format!("Đảng viên xếp loại hoàn thành tốt nhiệm vụ trở lên năm {year}")
            }
            Figure::Admitted { year } => format!("Đảng viên kết nạp năm {year}"),
            Figure::StudiedMembers { year } => {
                format!("Đảng viên đã học tập, quán triệt nghị quyết năm {year}")
            }
            Figure::StudiedNonMembers { year } => {
                format!("Quần chúng đã học tập, quán triệt nghị quyết năm {year}")
            }
            Figure::Supervised { year } => {
                format!("Đảng viên được kiểm tra, giám sát năm {year}")
            }
            Figure::Meetings { year } => format!("Các cuộc họp năm {year} và số dự họp"),
            Figure::Pledged { year } => format!(
                "Đảng viên đăng ký làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm {year}"
            ),
            Figure::SelfAssessed { year } => {
                format!("Đảng viên đã nộp bản tự kiểm điểm năm {year}")
            }
        })
    }

    /// The figure behind a target's yearly value (`None`: entered by hand, or the
    /// organization's own rating, which is one fact and no list).
    pub fn of_source(source: Source, year: i32) -> Option<Figure> {
        match source {
            Source::Attendance => Some(Figure::Meetings { year }),
            Source::StudyMembers => Some(Figure::StudiedMembers { year }),
            Source::StudyNonMembers => Some(Figure::StudiedNonMembers { year }),
            Source::RatingGoodOrBetter => Some(Figure::GoodOrBetter { year }),
            Source::RatingExcellent => Some(Figure::Rated {
                year,
                level: RatingLevel::Excellent,
            }),
            Source::Supervision => Some(Figure::Supervised { year }),
            Source::Admissions => Some(Figure::Admitted { year }),
            Source::OrgRating | Source::Manual => None,
        }
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_figure_on_a_date_reads_its_count_from_the_structure() {
        use crate::register::stats::{Counts as Sums, Structure};
        let brackets = AgeBrackets::default();
        let ages = brackets.bounds().len() + 1;
        let sums = Sums {
            members: 100,
            probationary: 7,
            age: (0..ages as u64).collect(),
            theory: (10..10 + TheoryLevel::ALL.len() as u64).collect(),
            qualification: (20..20 + Qualification::ALL.len() as u64).collect(),
        };
        let st = Structure::from_counts(&sums, &brackets);
        assert_eq!(Figure::Members.count_in(&st), Some(100));
        assert_eq!(Figure::Official.count_in(&st), Some(93));
        assert_eq!(Figure::Probationary.count_in(&st), Some(7));
        assert_eq!(Figure::Age(1).count_in(&st), Some(1));
        assert_eq!(Figure::Age(ages).count_in(&st), None);
        assert_eq!(Figure::Theory(TheoryLevel::ALL[2]).count_in(&st), Some(12));
        let q = Qualification::ALL[Qualification::ALL.len() - 1];
        assert_eq!(
            Figure::Qualification(q).count_in(&st),
            Some(19 + Qualification::ALL.len() as u64)
        );
        assert_eq!(Figure::Pledged { year: 2025 }.count_in(&st), None);
    }

    fn every(year: i32) -> Vec<Figure> {
        let mut all = vec![Figure::Members, Figure::Official, Figure::Probationary];
        all.extend((0..5).map(Figure::Age));
        all.extend(TheoryLevel::ALL.map(Figure::Theory));
        all.extend(Qualification::ALL.map(Figure::Qualification));
        all.extend(RatingLevel::ALL.map(|level| Figure::Rated { year, level }));
        all.extend([
            Figure::GoodOrBetter { year },
            Figure::Admitted { year },
            Figure::StudiedMembers { year },
            Figure::StudiedNonMembers { year },
            Figure::Supervised { year },
            Figure::Meetings { year },
            Figure::Pledged { year },
            Figure::SelfAssessed { year },
        ]);
        all
    }

    #[test]
    fn titles_read_as_vietnamese() {
        let b = AgeBrackets::default();
        assert_eq!(Figure::Age(0).title(&b).unwrap(), "Đảng viên dưới 35 tuổi");
        assert_eq!(
            Figure::Age(4).title(&b).unwrap(),
            "Đảng viên từ 60 tuổi trở lên"
        );
        assert_eq!(Figure::Age(5).title(&b), None);
        assert_eq!(
            Figure::Admitted { year: 2021 }.title(&b).unwrap(),
            "Đảng viên kết nạp năm 2021"
        );
    }

    #[test]
    fn rubbish_is_no_figure() {
        for k in [
            "",
            "tuoi-",
            "tuoi-x",
            "xep-loai-gioi-2021",
            "hop-20x",
            "hop-1800",
            "abc",
        ] {
            assert_eq!(Figure::parse(k), None, "{k}");
        }
    }

    #[test]
    fn every_source_but_hand_and_rank_has_a_list() {
        for s in Source::ALL {
            let f = Figure::of_source(s, 2021);
            assert_eq!(f.is_none(), matches!(s, Source::Manual | Source::OrgRating));
        }
    }

    proptest! {
        #[test]
        fn every_key_reads_back(year in 1930i32..2100) {
            for f in every(year) {
                prop_assert_eq!(Figure::parse(&f.key()), Some(f));
                prop_assert_eq!(f.year().is_some(), f.key().ends_with(&year.to_string()));
            }
        }
    }
}
