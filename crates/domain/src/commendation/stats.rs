//! Award statistics (thống kê khen thưởng): counts of titles and awards split collective /
//! individual per kind, per row of form 0602.N/BNV-TĐKT, per method and per submitting unit, and
//! the sentence a report prints in seed 001's style (TT 02/2023/TT-BNV; DOMAIN.md §11).

use std::collections::BTreeMap;

use serde::Serialize;

use super::kind::{AwardGroup, AwardKind, Method, Subject};
use crate::text::format_int;

/// How many went to collectives and how many to individuals (tập thể / cá nhân).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Split {
    pub collective: u64,
    pub individual: u64,
}

impl Split {
    pub fn total(self) -> u64 {
        self.collective + self.individual
    }

    pub fn add(&mut self, subject: Subject, n: u64) {
        match subject {
            Subject::Collective => self.collective += n,
            Subject::Individual => self.individual += n,
        }
    }

    fn plus(mut self, other: Split) -> Split {
        self.collective += other.collective;
        self.individual += other.individual;
        self
    }
}

/// One cell of the aggregate a database returns: how many of a kind went to a subject by a
/// method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountRow {
    pub kind: AwardKind,
    pub subject: Subject,
    pub method: Method,
    pub count: u64,
}

/// The statistics of a period: every map holds only the keys that were counted, in the order
/// of the form (groups and kinds as `AwardGroup::ALL` and `AwardKind` list them).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AwardStats {
    pub by_kind: BTreeMap<AwardKind, Split>,
    pub by_group: BTreeMap<AwardGroup, Split>,
    pub by_method: BTreeMap<Method, Split>,
    /// The submitting units (the organizations directly under the one asked about, or itself),
    /// by their names, in the order they were given.
    pub by_unit: Vec<(String, Split)>,
}

impl AwardStats {
    /// Adds up the database's cells.
    pub fn from_rows(rows: impl IntoIterator<Item = CountRow>) -> Self {
        let mut s = Self::default();
        for r in rows.into_iter().filter(|r| r.count > 0) {
            s.by_kind.entry(r.kind).or_default().add(r.subject, r.count);
            s.by_group
                .entry(r.kind.group())
                .or_default()
                .add(r.subject, r.count);
            s.by_method
                .entry(r.method)
                .or_default()
                .add(r.subject, r.count);
        }
        s
    }

    /// With the counts per submitting unit (units with nothing are left out).
    pub fn with_units(mut self, units: impl IntoIterator<Item = (String, Split)>) -> Self {
        self.by_unit = units.into_iter().filter(|(_, s)| s.total() > 0).collect();
        self
    }

    /// Everything counted.
    pub fn total(&self) -> Split {
        self.by_group
            .values()
            .fold(Split::default(), |acc, s| acc.plus(*s))
    }

    /// The kinds of a group that were counted, in the form's order.
    pub fn kinds_of(&self, group: AwardGroup) -> impl Iterator<Item = (AwardKind, Split)> + '_ {
        self.by_kind
            .iter()
            .filter(move |(k, _)| k.group() == group)
            .map(|(k, s)| (*k, *s))
    }

    /// The report's sentence: "67 Huân chương lao động các hạng (52 tập thể và 15 cá nhân);
    /// 10.937 Bằng khen (3.518 tập thể và 7.419 cá nhân)." Groups with nothing are left out.
    pub fn sentence(&self) -> String {
        let parts: Vec<String> = self
            .by_group
            .iter()
            .filter(|(_, s)| s.total() > 0)
            .map(|(g, s)| phrase(*g, *s))
            .collect();
        if parts.is_empty() {
            return "Không có khen thưởng nào trong kỳ.".into();
        }
        format!("{}.", parts.join("; "))
    }
}

/// "67 Huân chương lao động các hạng (52 tập thể và 15 cá nhân)"; the split is left out where the
/// group admits only one kind of subject ("34 Cờ thi đua"), and only the side counted is named
/// where the other is zero ("262 Bằng khen của Thủ tướng Chính phủ (262 cá nhân)").
pub fn phrase(group: AwardGroup, s: Split) -> String {
    let head = format!("{} {}", format_int(s.total() as i64), group.label());
    if !admits_both(group) {
        return head;
    }
    let c = format!("{} tập thể", format_int(s.collective as i64));
    let i = format!("{} cá nhân", format_int(s.individual as i64));
    match (s.collective, s.individual) {
        (0, _) => format!("{head} ({i})"),
        (_, 0) => format!("{head} ({c})"),
        _ => format!("{head} ({c} và {i})"),
    }
}

/// Whether some kind of the group goes to collectives and some to individuals.
pub fn admits_both(group: AwardGroup) -> bool {
    let of = || {
        AwardKind::ALL
            .into_iter()
            .filter(move |k| k.group() == group)
    };
    of().any(|k| k.admits(Subject::Collective)) && of().any(|k| k.admits(Subject::Individual))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn row(kind: AwardKind, subject: Subject, method: Method, count: u64) -> CountRow {
        CountRow {
            kind,
            subject,
            method,
            count,
        }
    }

    /// Seed 001's figures for 2017–2019: Huân chương Lao động 52 collectives and 15 individuals
    /// over the three classes; Bằng khen of the Prime Minister 17 + 245; the province's Bằng khen
    /// 3.518 + 7.419; 34 + 361 Cờ thi đua.
    fn seed_001() -> AwardStats {
        use AwardKind::*;
        use Method::*;
        use Subject::*;
        AwardStats::from_rows([
            row(HuanChuongLaoDongHangBa, Collective, ThuongXuyen, 40),
            row(HuanChuongLaoDongHangNhi, Collective, ThuongXuyen, 12),
            row(HuanChuongLaoDongHangBa, Individual, ThuongXuyen, 10),
            row(HuanChuongLaoDongHangBa, Individual, CongHien, 5),
            row(BangKhenThuTuong, Collective, ThuongXuyen, 17),
            row(BangKhenThuTuong, Individual, ChuyenDe, 245),
            row(CoThiDuaChinhPhu, Collective, ThuongXuyen, 34),
            row(CoThiDuaTinh, Collective, ThuongXuyen, 361),
            row(BangKhenTinh, Collective, ThuongXuyen, 3_000),
            row(BangKhenTinh, Collective, ChuyenDe, 518),
            row(BangKhenTinh, Individual, ThuongXuyen, 7_000),
            row(BangKhenTinh, Individual, DotXuat, 419),
        ])
    }

    #[test]
    fn the_sentence_reads_like_seed_001() {
        assert_eq!(
            seed_001().sentence(),
            "67 Huân chương lao động các hạng (52 tập thể và 15 cá nhân); \
             262 Bằng khen của Thủ tướng Chính phủ (17 tập thể và 245 cá nhân); \
             395 Cờ thi đua; \
             10.937 Bằng khen (3.518 tập thể và 7.419 cá nhân)."
        );
    }

    #[test]
    fn the_kinds_and_methods_split_the_same_totals() {
        let s = seed_001();
        assert_eq!(
            s.by_kind[&AwardKind::HuanChuongLaoDongHangBa],
            Split {
                collective: 40,
                individual: 15
            }
        );
        assert_eq!(s.by_method[&Method::CongHien].total(), 5);
        assert_eq!(s.by_method[&Method::ChuyenDe].total(), 245 + 518);
        assert_eq!(s.total().total(), 67 + 262 + 395 + 10_937);
        let hc: Vec<_> = s.kinds_of(AwardGroup::HuanChuong).map(|(k, _)| k).collect();
        assert_eq!(
            hc,
            [
                AwardKind::HuanChuongLaoDongHangBa,
                AwardKind::HuanChuongLaoDongHangNhi
            ]
        );
    }

    #[test]
    fn a_group_given_only_to_one_side_names_that_side() {
        let s = AwardStats::from_rows([row(
            AwardKind::GiayKhen,
            Subject::Individual,
            Method::ThuongXuyen,
            1_200,
        )]);
        assert_eq!(s.sentence(), "1.200 Giấy khen (1.200 cá nhân).");
        let s = AwardStats::from_rows([row(
            AwardKind::ChienSiThiDuaTinh,
            Subject::Individual,
            Method::ThuongXuyen,
            66,
        )]);
        assert_eq!(s.sentence(), "66 danh hiệu Chiến sĩ thi đua các cấp.");
    }

    #[test]
    fn nothing_counted_says_so() {
        let s = AwardStats::from_rows([row(
            AwardKind::GiayKhen,
            Subject::Individual,
            Method::ThuongXuyen,
            0,
        )]);
        assert!(s.by_group.is_empty());
        assert_eq!(s.sentence(), "Không có khen thưởng nào trong kỳ.");
    }

    #[test]
    fn units_with_nothing_are_left_out() {
        let s = seed_001().with_units([
            ("Huyện ủy A".to_string(), Split::default()),
            (
                "Huyện ủy B".to_string(),
                Split {
                    collective: 1,
                    individual: 2,
                },
            ),
        ]);
        assert_eq!(s.by_unit.len(), 1);
    }

    fn any_row() -> impl Strategy<Value = CountRow> {
        (
            prop::sample::select(AwardKind::ALL.to_vec()),
            prop::bool::ANY,
            prop::sample::select(Method::ALL.to_vec()),
            0u64..100_000,
        )
            .prop_map(|(kind, c, method, count)| CountRow {
                kind,
                subject: if c {
                    Subject::Collective
                } else {
                    Subject::Individual
                },
                method,
                count,
            })
    }

    proptest! {
        #[test]
        fn the_parts_always_add_up_to_the_whole(rows in prop::collection::vec(any_row(), 0..60)) {
            let s = AwardStats::from_rows(rows.clone());
            let whole: u64 = rows.iter().map(|r| r.count).sum();
            let sum = |m: &mut dyn Iterator<Item = Split>| m.fold(Split::default(), Split::plus);
            let total = s.total();
            prop_assert_eq!(total.total(), whole);
            prop_assert_eq!(sum(&mut s.by_kind.values().copied()), total);
            prop_assert_eq!(sum(&mut s.by_method.values().copied()), total);
            for (g, split) in &s.by_group {
                let kinds = sum(&mut s.kinds_of(*g).map(|(_, x)| x));
                prop_assert_eq!(kinds, *split);
                prop_assert!(split.total() > 0);
            }
            // The sentence's leading numbers add up to the whole as well.
            let printed: u64 = if whole == 0 { 0 } else {
                s.sentence().trim_end_matches('.').split("; ")
                    .map(|p| p.split(' ').next().unwrap_or("0").replace('.', "").parse::<u64>().unwrap_or(0))
                    .sum()
            };
            prop_assert_eq!(printed, whole);
        }
    }
}
