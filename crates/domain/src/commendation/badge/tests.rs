use super::*;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn age(years: u32, months: u32, days: u32) -> PartyAge {
    PartyAge {
        years,
        months,
        days,
    }
}

fn member(admitted: NaiveDate) -> BadgeFacts {
    BadgeFacts {
        admitted: Some(admitted),
        ..BadgeFacts::default()
    }
}

fn gap(kind: GapKind, from: NaiveDate, to: NaiveDate) -> Gap {
    Gap { kind, from, to }
}

fn s() -> BadgeSettings {
    BadgeSettings::defaults()
}

#[test]
fn the_award_dates_and_the_previous_one() {
    assert_eq!(
        award_dates(2026),
        vec![d(2026, 2, 3), d(2026, 5, 19), d(2026, 9, 2), d(2026, 11, 7)]
    );
    assert_eq!(previous_award_date(d(2026, 9, 2)), d(2026, 5, 19));
    assert_eq!(previous_award_date(d(2026, 2, 3)), d(2025, 11, 7));
    assert_eq!(previous_award_date(d(2026, 8, 1)), d(2026, 5, 19));
    assert_eq!(next_award_date(d(2026, 9, 3)), d(2026, 11, 7));
    assert_eq!(next_award_date(d(2026, 12, 1)), d(2027, 2, 3));
    assert!(is_award_date(d(2026, 11, 7)) && !is_award_date(d(2026, 11, 8)));
    assert_eq!(parse_discipline("Cảnh cáo"), Some(Discipline::CanhCao));
    assert_eq!(parse_discipline("cach-chuc"), Some(Discipline::CachChuc));
    assert_eq!(parse_discipline("phê bình"), None);
    assert!(is_milestone(45) && !is_milestone(35) && !is_milestone(95));
}

#[test]
fn party_age_in_years_months_and_days_as_the_contract_prints_it() {
    // The contract's example: admitted 3/3/1985, 40 years 2 months 3 days on 6/5/2025.
    assert_eq!(party_age(d(1985, 3, 3), &[], d(2025, 5, 6)), age(40, 2, 3));
    assert_eq!(
        party_age(d(1986, 11, 1), &[], d(2026, 9, 2)),
        age(39, 10, 1)
    );
    assert_eq!(party_age(d(1986, 9, 2), &[], d(2026, 9, 2)), age(40, 0, 0));
    assert_eq!(party_age(d(1986, 9, 2), &[], d(1986, 9, 1)), age(0, 0, 0));
    // The 31st of a month: a month later is the last day of the shorter month.
    assert_eq!(party_age(d(2000, 1, 31), &[], d(2000, 2, 29)), age(0, 1, 0));
    assert_eq!(
        reach_date(d(1996, 2, 29), &[], 30, d(2026, 9, 2)),
        d(2026, 2, 28)
    );
}

#[test]
fn a_period_outside_the_party_is_taken_off_and_a_wrongful_expulsion_is_not() {
    // Expelled on 1/1/1990, readmitted on 1/1/1991: 365 days out (QĐ 24-QĐ/TW 4.5.1).
    let out = [gap(GapKind::Expelled, d(1990, 1, 1), d(1991, 1, 1))];
    assert_eq!(deducted_days(d(1985, 3, 3), &out, d(2026, 5, 19)), 365);
    assert_eq!(
        reach_date(d(1985, 3, 3), &out, 40, d(2026, 5, 19)),
        d(2026, 3, 3)
    );
    assert_eq!(
        party_age(d(1985, 3, 3), &out, d(2026, 5, 19)),
        age(40, 2, 16)
    );
    let restored = [gap(GapKind::WronglyExpelled, d(1990, 1, 1), d(1991, 1, 1))];
    assert_eq!(deducted_days(d(1985, 3, 3), &restored, d(2026, 5, 19)), 0);
    assert_eq!(
        party_age(d(1985, 3, 3), &restored, d(2026, 5, 19)),
        age(41, 2, 16)
    );
    // Overlapping periods (lost contact during a transfer gap) count once; a period before
    // admission or after the day counted counts nothing.
    let both = [
        gap(GapKind::TransferGap, d(2000, 1, 1), d(2000, 3, 1)),
        gap(GapKind::LostContact, d(2000, 2, 1), d(2000, 4, 1)),
        gap(GapKind::LostContact, d(1970, 1, 1), d(1980, 1, 1)),
        gap(GapKind::Removed, d(2030, 1, 1), d(2031, 1, 1)),
    ];
    assert_eq!(deducted_days(d(1985, 3, 3), &both, d(2026, 1, 1)), 91);
}

#[test]
fn a_member_reaching_40_years_since_the_previous_award_date_is_due() {
    let m = member(d(1986, 9, 2));
    let line = assess(&m, d(2026, 9, 2), &s()).unwrap();
    assert_eq!(line.milestone, 40);
    assert_eq!(line.status, BadgeStatus::Due);
    assert_eq!(line.party_age, age(40, 0, 0));
    assert_eq!(line.reached_on, d(2026, 9, 2));
    assert!(
        line.reason.contains("HD 01-HD/TW, Mục 18"),
        "{}",
        line.reason
    );
    // Not on the previous list, nor on the next one.
    assert_eq!(assess(&m, d(2026, 5, 19), &s()), None);
    assert_eq!(assess(&m, d(2026, 11, 7), &s()), None);
    // Once awarded, not listed again for it.
    let mut awarded = m.clone();
    awarded.awarded = vec![30, 40];
    assert_eq!(assess(&awarded, d(2026, 9, 2), &s()), None);
}

#[test]
fn thirty_years_reached_in_june_is_due_on_the_second_of_september() {
    let line = assess(&member(d(1996, 6, 15)), d(2026, 9, 2), &s()).unwrap();
    assert_eq!((line.milestone, line.status), (30, BadgeStatus::Due));
    assert_eq!(line.party_age, age(30, 2, 18));
    assert_eq!(line.deducted_days, 0);
}

#[test]
fn a_warning_defers_six_months_then_the_member_is_due() {
    let mut m = member(d(1996, 7, 1));
    m.disciplines = vec![(d(2026, 4, 1), Discipline::CanhCao)];
    let line = assess(&m, d(2026, 9, 2), &s()).unwrap();
    assert_eq!((line.milestone, line.status), (30, BadgeStatus::Deferred));
    assert!(
        line.reason
            .contains("cảnh cáo ngày 1/4/2026, đến 1/10/2026"),
        "{}",
        line.reason
    );
    // The waiting ends on 1/10/2026: due on 7/11/2026, and not listed on 3/2/2027.
    let next = assess(&m, d(2026, 11, 7), &s()).unwrap();
    assert_eq!(next.status, BadgeStatus::Due);
    assert_eq!(assess(&m, d(2027, 2, 3), &s()), None);
    let refused = check_award(&m, 30, d(2026, 9, 2), &s()).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "đang trong thời gian chờ 6 tháng sau kỷ luật cảnh cáo ngày 1/4/2026, đến ngày 1/10/2026 mới được xét (QĐ 24-QĐ/TW Điểm 27; HD 01-HD/TW Mục 18)"
    );
    assert_eq!(
        check_award(&m, 30, d(2026, 11, 7), &s()),
        Ok(BadgeStatus::Due)
    );
}

#[test]
fn dismissal_from_post_defers_twelve_months_and_a_reprimand_nothing() {
    let mut m = member(d(1996, 7, 1));
    m.disciplines = vec![(d(2025, 12, 1), Discipline::CachChuc)];
    assert_eq!(
        assess(&m, d(2026, 11, 7), &s()).unwrap().status,
        BadgeStatus::Deferred
    );
    assert_eq!(
        assess(&m, d(2027, 2, 3), &s()).unwrap().status,
        BadgeStatus::Due
    );
    m.disciplines = vec![(d(2026, 4, 1), Discipline::KhienTrach)];
    assert_eq!(
        assess(&m, d(2026, 9, 2), &s()).unwrap().status,
        BadgeStatus::Due
    );
}

#[test]
fn the_waiting_is_a_dated_setting() {
    let mut m = member(d(1996, 7, 1));
    m.disciplines = vec![(d(2026, 4, 1), Discipline::CanhCao)];
    let three = BadgeSettings::read(|r| {
        if r.key == dated::BADGE_WAIT_CANH_CAO_MONTHS.key {
            3
        } else {
            r.default
        }
    });
    assert_eq!(three.wait_canh_cao_months, 3);
    assert_eq!(
        assess(&m, d(2026, 9, 2), &three).unwrap().status,
        BadgeStatus::Due
    );
}

#[test]
fn a_seriously_ill_member_receives_40_years_up_to_12_months_early() {
    let mut m = member(d(1987, 1, 10));
    m.ill_since = Some(d(2026, 6, 1));
    let line = assess(&m, d(2026, 9, 2), &s()).unwrap();
    assert_eq!((line.milestone, line.status), (40, BadgeStatus::Early));
    assert_eq!(line.party_age, age(39, 7, 23));
    assert!(line.reason.contains("đau ốm nặng"), "{}", line.reason);
    assert_eq!(
        check_award(&m, 40, d(2026, 9, 2), &s()),
        Ok(BadgeStatus::Early)
    );
    // 13 months short is too early, and the refusal says so.
    let mut far = member(d(1987, 10, 10));
    far.ill_since = Some(d(2026, 6, 1));
    assert_eq!(assess(&far, d(2026, 9, 2), &s()), None);
    let e = check_award(&far, 40, d(2026, 9, 2), &s()).unwrap_err();
    assert!(e.to_string().contains("tối đa 12 tháng"), "{e}");
}

#[test]
fn from_70_years_the_illness_allowance_is_24_months() {
    let mut m = member(d(1958, 3, 1));
    m.ill_since = Some(d(2026, 6, 10));
    let line = assess(&m, d(2026, 9, 2), &s()).unwrap();
    assert_eq!((line.milestone, line.status), (70, BadgeStatus::Early));
    // The same 18 months short of 65 years is too far for a 12-month allowance.
    let mut young = member(d(1963, 3, 1));
    young.ill_since = Some(d(2026, 6, 10));
    assert_eq!(assess(&young, d(2026, 9, 2), &s()), None);
}

#[test]
fn a_member_who_died_months_before_40_years_receives_it_posthumously() {
    let mut m = member(d(1986, 12, 1));
    m.died = Some(d(2026, 7, 1));
    let line = assess(&m, d(2026, 9, 2), &s()).unwrap();
    assert_eq!((line.milestone, line.status), (40, BadgeStatus::Early));
    assert_eq!(line.party_age, age(39, 7, 0));
    assert!(line.reason.starts_with("Truy tặng"), "{}", line.reason);
    let mut long_before = member(d(1987, 12, 1));
    long_before.died = Some(d(2026, 7, 1));
    assert_eq!(assess(&long_before, d(2026, 9, 2), &s()), None);
}

#[test]
fn an_award_before_the_age_is_refused_naming_the_rule() {
    let m = member(d(1986, 11, 1));
    let e = check_award(&m, 40, d(2026, 9, 2), &s()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "chưa đủ 40 năm tuổi Đảng (HD 01-HD/TW, Mục 18): đến ngày 2/9/2026 tuổi Đảng là 39 năm 10 tháng 1 ngày, đủ 40 năm vào ngày 1/11/2026"
    );
    assert_eq!(
        check_award(&m, 30, d(2026, 9, 2), &s()),
        Ok(BadgeStatus::Due)
    );
    assert_eq!(
        check_award(&m, 35, d(2026, 9, 2), &s()),
        Err(BadgeRefusal::NotMilestone(35))
    );
    let mut got = m.clone();
    got.awarded = vec![30];
    assert_eq!(
        check_award(&got, 30, d(2026, 9, 2), &s()),
        Err(BadgeRefusal::AlreadyAwarded(30))
    );
    got.awarded = vec![40];
    assert!(matches!(
        check_award(&got, 30, d(2026, 9, 2), &s()),
        Err(BadgeRefusal::HigherAwarded { .. })
    ));
    assert_eq!(
        check_award(&BadgeFacts::default(), 30, d(2026, 9, 2), &s()),
        Err(BadgeRefusal::NotMember)
    );
}

fn arb_gap() -> impl Strategy<Value = Gap> {
    (0usize..6, 0i64..20_000, 0i64..3_000).prop_map(|(k, start, len)| {
        let from = d(1970, 1, 1) + chrono::Duration::days(start);
        Gap {
            kind: GapKind::ALL[k],
            from,
            to: from + chrono::Duration::days(len),
        }
    })
}

proptest! {
    /// More periods outside the party never make the party age larger.
    #[test]
    fn more_deductions_never_make_the_age_larger(
        admitted in 0i64..15_000,
        gaps in proptest::collection::vec(arb_gap(), 0..5),
        extra in arb_gap(),
        on in 15_000i64..25_000,
    ) {
        let admitted = d(1970, 1, 1) + chrono::Duration::days(admitted);
        let on = d(1970, 1, 1) + chrono::Duration::days(on);
        let mut more = gaps.clone();
        more.push(extra);
        prop_assert!(party_age(admitted, &more, on) <= party_age(admitted, &gaps, on));
        prop_assert!(deducted_days(admitted, &more, on) >= deducted_days(admitted, &gaps, on));
        prop_assert!(deducted_days(admitted, &more, on) <= (on - admitted).num_days().max(0));
    }

    /// The order in which the periods are given does not matter.
    #[test]
    fn the_order_of_the_periods_does_not_matter(
        admitted in 0i64..15_000,
        gaps in proptest::collection::vec(arb_gap(), 0..6),
        rotate in 0usize..6,
        on in 15_000i64..25_000,
    ) {
        let admitted = d(1970, 1, 1) + chrono::Duration::days(admitted);
        let on = d(1970, 1, 1) + chrono::Duration::days(on);
        let mut other = gaps.clone();
        other.reverse();
        if !other.is_empty() {
            let n = rotate % other.len();
            other.rotate_left(n);
        }
        prop_assert_eq!(party_age(admitted, &other, on), party_age(admitted, &gaps, on));
        prop_assert_eq!(deducted_days(admitted, &other, on), deducted_days(admitted, &gaps, on));
    }

    /// Without discipline or allowances, a member appears on exactly one award date's list for
    /// a milestone, the first on or after the day they reach it, with at least that age.
    #[test]
    fn a_member_is_listed_once_for_a_milestone(admitted in 0i64..3_000) {
        let admitted = d(1990, 1, 1) + chrono::Duration::days(admitted);
        let m = member(admitted);
        let reached = reach_date(admitted, &[], 30, d(2040, 1, 1));
        let mut listed = Vec::new();
        for year in 2019..=2029 {
            for on in award_dates(year) {
                if let Some(line) = assess(&m, on, &s()).filter(|l| l.milestone == 30) {
                    prop_assert!(line.party_age.years >= 30);
                    listed.push(on);
                }
            }
        }
        prop_assert_eq!(listed, vec![next_award_date(reached)]);
    }
}
