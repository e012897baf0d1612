//! One test per article and case, with the numbers of a real history, and the properties: more
//! merit never makes a subject less eligible, and the order of the history does not matter.

use proptest::prelude::*;

use super::*;
use crate::branch::rating::RatingLevel::{self, Complete, Excellent, Good};
use crate::dated::{self, Dated, Rule};

const CSCS: AwardKind = AwardKind::ChienSiThiDuaCoSo;
const CST: AwardKind = AwardKind::ChienSiThiDuaTinh;

fn yr(year: i32, rating: RatingLevel) -> YearRecord {
    YearRecord::new(year, Some(rating))
}

fn with(mut r: YearRecord, titles: &[AwardKind], initiatives: &[InitiativeLevel]) -> YearRecord {
    r.titles = titles.to_vec();
    r.initiatives = initiatives.to_vec();
    r
}

fn person(year: i32, history: Vec<YearRecord>, awards: &[(AwardKind, i32)]) -> Case {
    let awards = awards
        .iter()
        .map(|(kind, year)| PriorAward {
            kind: *kind,
            year: *year,
        })
        .collect();
    Case::new(Subject::Individual, year, history, awards, true).unwrap()
}

fn judge(case: &Case, kind: AwardKind) -> Verdict {
    decide_one(case, &Thresholds::defaults(case.year), kind)
}

fn eligible(case: &Case, kind: AwardKind) -> bool {
    judge(case, kind).eligible
}

#[test]
fn the_contract_example() {
    let case = person(
        2025,
        vec![
            with(yr(2024, Excellent), &[CSCS], &[InitiativeLevel::CoSo]),
            yr(2025, Good),
        ],
        &[(AwardKind::BangKhenTinh, 2023)],
    );
    let all = decide(&case, &Thresholds::defaults(2025));
    assert_eq!(all.len(), 8);
    let ldtt = &all[0];
    assert!(ldtt.eligible);
    assert_eq!(ldtt.rule, "Luật Thi đua, khen thưởng 2022, Điều 24");
    assert_eq!(ldtt.reasons[0], "Năm 2025 xếp loại hoàn thành tốt nhiệm vụ");
    assert_eq!(ldtt.reasons[1], "Tham gia phong trào thi đua");
    assert!(!all[1].eligible, "Good is not Excellent under the 2022 law");
    assert!(
        all.iter()
            .all(|v| !v.reasons.is_empty() && !v.rule.is_empty())
    );
    assert!(!eligible(&case, AwardKind::BangKhenTinh));
}

#[test]
fn lao_dong_tien_tien_needs_good_or_better_and_taking_part() {
    assert!(!eligible(
        &person(2025, vec![yr(2025, Complete)], &[]),
        AwardKind::LaoDongTienTien
    ));
    let idle = Case::new(
        Subject::Individual,
        2025,
        vec![yr(2025, Good)],
        vec![],
        false,
    )
    .unwrap();
    let v = judge(&idle, AwardKind::LaoDongTienTien);
    assert!(!v.eligible);
    assert_eq!(v.reasons, vec!["Không tham gia phong trào thi đua"]);
}

#[test]
fn a_year_with_no_rating_gets_no_title() {
    let case = person(2025, vec![YearRecord::new(2025, None)], &[]);
    let v = judge(&case, AwardKind::LaoDongTienTien);
    assert!(!v.eligible);
    assert_eq!(v.reasons, vec!["Năm 2025 chưa có xếp loại chất lượng"]);
}

#[test]
fn discipline_blocks_a_title() {
    let mut r = yr(2025, Excellent);
    r.discipline = Some(Discipline::KhienTrach);
    r.initiatives = vec![InitiativeLevel::CoSo];
    let case = person(2025, vec![r], &[]);
    for kind in [AwardKind::LaoDongTienTien, CSCS] {
        let v = judge(&case, kind);
        assert!(!v.eligible);
        assert!(
            v.reasons[0].contains("bị kỷ luật khiển trách"),
            "{:?}",
            v.reasons
        );
    }
}

#[test]
fn chien_si_co_so_needs_excellent_and_an_initiative_under_the_2022_law() {
    let good = person(
        2025,
        vec![with(yr(2025, Good), &[], &[InitiativeLevel::CoSo])],
        &[],
    );
    assert!(!eligible(&good, CSCS));
    let no_initiative = person(2025, vec![yr(2025, Excellent)], &[]);
    assert_eq!(
        judge(&no_initiative, CSCS).reasons,
        vec!["Năm 2025 không có sáng kiến được công nhận"]
    );
    let yes = person(
        2025,
        vec![with(yr(2025, Excellent), &[], &[InitiativeLevel::CoSo])],
        &[],
    );
    assert!(eligible(&yes, CSCS));
}

#[test]
fn chien_si_co_so_under_the_2013_law_is_lao_dong_tien_tien_with_an_initiative() {
    let case = person(
        2022,
        vec![with(yr(2022, Good), &[], &[InitiativeLevel::CoSo])],
        &[],
    );
    let v = judge(&case, CSCS);
    assert!(v.eligible, "{v:?}");
    assert_eq!(
        v.rule,
        "Luật Thi đua, khen thưởng 2003 (sửa đổi 2013), Điều 23"
    );
}

fn fighter_years(years: &[i32], last: RatingLevel, init: InitiativeLevel) -> Vec<YearRecord> {
    let mut h: Vec<YearRecord> = years
        .iter()
        .map(|y| with(yr(*y, Excellent), &[CSCS], &[InitiativeLevel::CoSo]))
        .collect();
    h.push(with(yr(2025, last), &[], &[init]));
    h
}

#[test]
fn chien_si_tinh_is_three_consecutive_grassroots_titles_and_a_provincial_initiative() {
    let yes = person(
        2025,
        fighter_years(&[2023, 2024], Excellent, InitiativeLevel::Tinh),
        &[],
    );
    let v = judge(&yes, CST);
    assert!(v.eligible, "{v:?}");
    assert_eq!(
        v.reasons[0],
        "3 năm liên tục đạt Chiến sĩ thi đua cơ sở (2023–2025)"
    );
    let no_provincial = person(
        2025,
        fighter_years(&[2023, 2024], Excellent, InitiativeLevel::CoSo),
        &[],
    );
    assert!(!eligible(&no_provincial, CST));
    let broken = person(
        2025,
        fighter_years(&[2022, 2024], Excellent, InitiativeLevel::Tinh),
        &[],
    );
    assert_eq!(
        judge(&broken, CST).reasons,
        vec!["Mới có 2 năm liên tục đạt Chiến sĩ thi đua cơ sở, cần 3"]
    );
}

#[test]
fn one_achievement_earns_one_award() {
    let mut h = fighter_years(&[2022, 2023, 2024], Excellent, InitiativeLevel::Tinh);
    h[2].titles.push(CST); // 2024 already made a provincial fighter
    let case = person(2025, h, &[]);
    let v = judge(&case, CST);
    assert!(!v.eligible);
    assert!(v.reasons[0].contains("tính từ sau lần đạt Chiến sĩ thi đua cấp tỉnh năm 2024"));
    let twice = person(
        2025,
        fighter_years(&[2024], Excellent, InitiativeLevel::CoSo),
        &[(AwardKind::BangKhenTinh, 2025)],
    );
    assert!(
        judge(&twice, AwardKind::BangKhenTinh).reasons[0]
            .contains("một thành tích chỉ được khen thưởng một lần")
    );
    let after = person(
        2025,
        fighter_years(&[2023, 2024], Excellent, InitiativeLevel::CoSo),
        &[(AwardKind::BangKhenTinh, 2024)],
    );
    assert!(
        !eligible(&after, AwardKind::BangKhenTinh),
        "2024 was rewarded already"
    );
}

#[test]
fn chien_si_toan_quoc_is_two_provincial_titles_in_a_row_and_a_national_initiative() {
    let mut h = fighter_years(&[2023, 2024], Excellent, InitiativeLevel::ToanQuoc);
    h.insert(0, with(yr(2022, Excellent), &[CSCS, CST], &[]));
    let case = person(2025, h.clone(), &[]);
    let v = judge(&case, AwardKind::ChienSiThiDuaToanQuoc);
    assert!(v.eligible, "{v:?}");
    h[0].titles = vec![CSCS];
    assert!(!eligible(
        &person(2025, h, &[]),
        AwardKind::ChienSiThiDuaToanQuoc
    ));
}

#[test]
fn bang_khen_tinh_two_fighter_titles_or_two_excellent_years_with_two_initiatives() {
    let fighters = person(
        2025,
        fighter_years(&[2024], Excellent, InitiativeLevel::CoSo),
        &[],
    );
    assert!(eligible(&fighters, AwardKind::BangKhenTinh));
    let excellent = person(
        2025,
        vec![
            with(yr(2024, Excellent), &[], &[InitiativeLevel::CoSo]),
            with(yr(2025, Excellent), &[], &[InitiativeLevel::CoSo]),
        ],
        &[],
    );
    // 2025 alone makes a grassroots fighter, 2024 has no title: the second path decides.
    let v = judge(&excellent, AwardKind::BangKhenTinh);
    assert!(v.eligible);
    assert_eq!(v.reasons[1], "2 sáng kiến được công nhận trong các năm đó");
}

fn good_run(from: i32, fighters: &[i32]) -> Vec<YearRecord> {
    (from..=2025)
        .map(|y| {
            if fighters.contains(&y) {
                with(yr(y, Excellent), &[CSCS], &[])
            } else {
                yr(y, Good)
            }
        })
        .collect()
}

#[test]
fn bang_khen_thu_tuong_follows_a_provincial_one_and_five_good_years_with_three_fighters() {
    let h = good_run(2020, &[2021, 2022, 2024]);
    let none = person(2025, h.clone(), &[]);
    assert_eq!(
        judge(&none, AwardKind::BangKhenThuTuong).reasons,
        vec!["Chưa được tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (điều kiện trước)"]
    );
    let yes = person(2025, h.clone(), &[(AwardKind::BangKhenTinh, 2020)]);
    let v = judge(&yes, AwardKind::BangKhenThuTuong);
    assert!(v.eligible, "{v:?}");
    assert_eq!(v.rule, "Luật Thi đua, khen thưởng 2022, Điều 73");
    let late = person(2025, h, &[(AwardKind::BangKhenTinh, 2022)]);
    assert!(
        !eligible(&late, AwardKind::BangKhenThuTuong),
        "only 2023–2025 follow it"
    );
}

#[test]
fn huan_chuong_lao_dong_hang_ba_then_hang_nhi() {
    let h = good_run(2019, &[2020, 2022, 2024]);
    let ba = person(2025, h.clone(), &[(AwardKind::BangKhenThuTuong, 2019)]);
    assert!(eligible(&ba, AwardKind::HuanChuongLaoDongHangBa));
    assert!(!eligible(&ba, AwardKind::HuanChuongLaoDongHangNhi));
    let mut h2 = h.clone();
    h2[3].titles.push(CST); // 2022
    let nhi = person(2025, h2, &[(AwardKind::HuanChuongLaoDongHangBa, 2019)]);
    let v = judge(&nhi, AwardKind::HuanChuongLaoDongHangNhi);
    assert!(v.eligible, "{v:?}");
    let no_provincial = person(2025, h, &[(AwardKind::HuanChuongLaoDongHangBa, 2019)]);
    assert!(
        judge(&no_provincial, AwardKind::HuanChuongLaoDongHangNhi).reasons[0]
            .contains("chưa đạt Chiến sĩ thi đua cấp tỉnh")
    );
}

fn unit(year: i32, rating: RatingLevel, m: MemberCounts) -> Case {
    let mut r = yr(year, rating);
    r.members = Some(m);
    Case::new(Subject::Collective, year, vec![r], vec![], true).unwrap()
}

fn counts(total: u32, ldtt: u32, cscs: u32, completed: u32) -> MemberCounts {
    MemberCounts {
        total,
        lao_dong_tien_tien: ldtt,
        chien_si_thi_dua_co_so: cscs,
        completed,
        disciplined_canh_cao_or_above: 0,
    }
}

#[test]
fn tap_the_tien_tien_needs_seventy_percent_from_2024_and_more_than_half_before() {
    let t = AwardKind::TapTheLaoDongTienTien;
    assert!(eligible(&unit(2025, Good, counts(20, 14, 0, 20)), t));
    let short = judge(&unit(2025, Good, counts(20, 13, 0, 20)), t);
    assert_eq!(
        short.reasons,
        vec!["Chỉ 13/20 cá nhân (65,0%) đạt Lao động tiên tiến, cần ít nhất 70%"]
    );
    assert!(
        !eligible(&unit(2023, Good, counts(20, 10, 0, 20)), t),
        "half is not more than half"
    );
    assert!(eligible(&unit(2023, Good, counts(20, 11, 0, 20)), t));
    let mut m = counts(20, 20, 0, 20);
    m.disciplined_canh_cao_or_above = 1;
    assert!(!eligible(&unit(2025, Good, m), t));
}

#[test]
fn tap_the_xuat_sac_needs_everyone_complete_and_a_fighter() {
    let t = AwardKind::TapTheLaoDongXuatSac;
    assert!(eligible(&unit(2025, Excellent, counts(20, 14, 1, 20)), t));
    assert!(!eligible(&unit(2025, Excellent, counts(20, 14, 1, 19)), t));
    assert!(!eligible(&unit(2025, Excellent, counts(20, 14, 0, 20)), t));
    assert!(!eligible(&unit(2025, Good, counts(20, 20, 1, 20)), t));
    let bk = judge(
        &unit(2025, Excellent, counts(20, 14, 1, 20)),
        AwardKind::BangKhenTinh,
    );
    assert_eq!(bk.reasons, vec!["Năm 2025 đạt Tập thể lao động xuất sắc"]);
}

#[test]
fn bad_cases_are_refused() {
    let twice = Case::new(
        Subject::Individual,
        2025,
        vec![yr(2025, Good), yr(2025, Good)],
        vec![],
        true,
    );
    assert_eq!(twice, Err(CaseError::YearTwice(2025)));
    let short = Case::new(
        Subject::Individual,
        2025,
        vec![yr(2024, Good)],
        vec![],
        true,
    );
    assert_eq!(short, Err(CaseError::NotReaching(2025)));
    let bare = Case::new(
        Subject::Collective,
        2025,
        vec![yr(2025, Good)],
        vec![],
        true,
    );
    assert_eq!(bare, Err(CaseError::MembersMissing(2025)));
    let mut r = yr(2025, Good);
    r.members = Some(counts(10, 11, 0, 10));
    assert!(matches!(
        Case::new(Subject::Collective, 2025, vec![r], vec![], true),
        Err(CaseError::CountsExceedTotal {
            count: 11,
            total: 10,
            ..
        })
    ));
    let mut r = yr(2025, Good);
    r.titles = vec![AwardKind::TapTheLaoDongXuatSac];
    assert!(Case::new(Subject::Individual, 2025, vec![r], vec![], true).is_err());
}

#[test]
fn thresholds_are_read_from_the_settings_in_force() {
    let case = person(
        2025,
        fighter_years(&[2024], Excellent, InitiativeLevel::Tinh),
        &[],
    );
    assert!(!eligible(&case, CST), "two years are not three");
    let two = Thresholds::for_year(2025, |r: &Rule| {
        if r.key == dated::PROVINCE_FIGHTER_YEARS.key {
            Dated::parse("3; từ 01/01/2025: 2").unwrap()
        } else {
            r.defaults()
        }
    });
    assert!(decide_one(&case, &two, CST).eligible);
}

// --- properties -----------------------------------------------------------------------------

fn arb_year(year: i32) -> impl Strategy<Value = YearRecord> {
    (
        prop::option::weighted(0.9, 0u8..4),
        any::<[bool; 3]>(),
        prop::collection::vec(0usize..3, 0..3),
        prop::option::weighted(0.1, 0usize..4),
    )
        .prop_map(move |(rating, titles, initiatives, discipline)| {
            let mut r = YearRecord::new(year, rating.and_then(|x| RatingLevel::from_rank(x + 1)));
            r.titles = [AwardKind::LaoDongTienTien, CSCS, CST]
                .into_iter()
                .zip(titles)
                .filter_map(|(k, on)| on.then_some(k))
                .collect();
            r.initiatives = initiatives
                .into_iter()
                .map(|i| InitiativeLevel::ALL[i])
                .collect();
            r.discipline = discipline.map(|d| Discipline::ALL[d]);
            r
        })
}

fn arb_case() -> impl Strategy<Value = (Vec<YearRecord>, Vec<PriorAward>, bool)> {
    let years: Vec<_> = (2015..=2025).map(arb_year).collect();
    let award = (0usize..4, 2015i32..2025).prop_map(|(k, year)| PriorAward {
        kind: [
            AwardKind::BangKhenTinh,
            AwardKind::BangKhenThuTuong,
            AwardKind::HuanChuongLaoDongHangBa,
            AwardKind::HuanChuongLaoDongHangBa,
        ][k],
        year,
    });
    (years, prop::collection::vec(award, 0..3), any::<bool>())
}

/// One step of more merit: a better rating, an initiative, a grassroots title, no discipline,
/// taking part in emulation.
fn improve(h: &mut [YearRecord], active: &mut bool, step: usize, at: usize) {
    let r = &mut h[at % h.len()];
    match step % 5 {
        0 => {
            r.rating = Some(r.rating.map_or(RatingLevel::Incomplete, |l| {
                RatingLevel::from_rank(l.rank() + 1).unwrap_or(l)
            }))
        }
        1 => r.initiatives.push(InitiativeLevel::ToanQuoc),
        2 => {
            if !r.titles.contains(&CSCS) {
                r.titles.push(CSCS)
            }
        }
        3 => r.discipline = None,
        _ => *active = true,
    }
}

proptest! {
    #[test]
    fn more_merit_never_makes_a_person_less_eligible(
        (h, awards, active) in arb_case(), step in 0usize..5, at in 0usize..11,
    ) {
        let t = Thresholds::defaults(2025);
        let before = decide(&Case::new(Subject::Individual, 2025, h.clone(), awards.clone(), active).unwrap(), &t);
        let (mut better, mut now_active) = (h, active);
        improve(&mut better, &mut now_active, step, at);
        let after = decide(&Case::new(Subject::Individual, 2025, better, awards, now_active).unwrap(), &t);
        for (b, a) in before.iter().zip(&after) {
            prop_assert!(!b.eligible || a.eligible, "{:?} lost by more merit: {:?}", b.award, a.reasons);
        }
    }

    #[test]
    fn eligibility_does_not_depend_on_the_order_of_the_history(
        (h, awards, active) in arb_case(), seed in any::<u64>(),
    ) {
        let t = Thresholds::defaults(2025);
        let one = decide(&Case::new(Subject::Individual, 2025, h.clone(), awards.clone(), active).unwrap(), &t);
        let (mut h2, mut a2) = (h, awards);
        let n = h2.len();
        for i in 0..n { h2.swap(i, (seed as usize).wrapping_mul(i + 7) % n); }
        a2.reverse();
        let two = decide(&Case::new(Subject::Individual, 2025, h2, a2, active).unwrap(), &t);
        prop_assert_eq!(one, two);
    }

    #[test]
    fn more_merit_never_makes_a_collective_less_eligible(
        rating in 1u8..=4, total in 1u32..40, ldtt in 0u32..40, cscs in 0u32..3,
        completed in 0u32..40, disciplined in 0u32..2, year in 2022i32..2026,
        which in 0usize..4,
    ) {
        let m = MemberCounts {
            total,
            lao_dong_tien_tien: ldtt.min(total),
            chien_si_thi_dua_co_so: cscs.min(total),
            completed: completed.min(total),
            disciplined_canh_cao_or_above: disciplined.min(total),
        };
        let level = RatingLevel::from_rank(rating).unwrap();
        let mut better = m;
        let mut better_level = level;
        match which {
            0 => better.lao_dong_tien_tien = (m.lao_dong_tien_tien + 1).min(total),
            1 => better.completed = total,
            2 => better.disciplined_canh_cao_or_above = 0,
            _ => better_level = RatingLevel::from_rank((rating + 1).min(4)).unwrap(),
        }
        let t = Thresholds::defaults(year);
        let before = decide(&unit(year, level, m), &t);
        let after = decide(&unit(year, better_level, better), &t);
        for (b, a) in before.iter().zip(&after) {
            prop_assert!(!b.eligible || a.eligible, "{:?}", b.award);
        }
    }
}
