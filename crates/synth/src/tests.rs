//! Tests of the whole generator: the tree, the people, their numbers and dates, the
//! distributions against their targets, and determinism.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use chrono::NaiveDate;
use domain::register::member::{
    CardNumber, PersonName, Qualification, RecordNumber, TheoryLevel, age_on,
};
use domain::register::org::{OrgCode, OrgKind};
use domain::text::normalize;

use super::*;
use crate::dist::add_months;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()
}

fn params(members: usize, seed: u64) -> Params {
    Params {
        members,
        seed,
        as_of: as_of(),
        code_prefix: "SYN".into(),
    }
}

/// A 20,000-member province shared by the tests that only read it.
fn shared() -> &'static Province {
    static P: OnceLock<Province> = OnceLock::new();
    P.get_or_init(|| province(&params(20_000, 42), &mut |_, _| {}))
}

fn members(p: &Province) -> impl Iterator<Item = &SynthPerson> {
    p.people.iter().filter(|x| x.person.membership.is_some())
}

fn share<T>(items: &[T], pred: impl Fn(&T) -> bool) -> f64 {
    items.iter().filter(|x| pred(x)).count() as f64 / items.len() as f64
}

fn assert_near(what: &str, got: f64, target: f64, tolerance: f64) {
    assert!(
        (got - target).abs() <= tolerance,
        "{what}: {got:.4}, expected {target} ± {tolerance}"
    );
}

fn holds_members(kind: OrgKind) -> bool {
    matches!(
        kind,
        OrgKind::Branch | OrgKind::GrassrootsBranch | OrgKind::Cell
    )
}

fn check_tree(p: &Province) {
    assert_eq!(p.orgs[0].kind, OrgKind::Province);
    assert_eq!(p.orgs[0].parent, None);
    let mut codes = HashSet::new();
    let mut has_children = vec![false; p.orgs.len()];
    for (i, o) in p.orgs.iter().enumerate() {
        let parent_kind = o.parent.map(|q| {
            assert!(q < i, "{} comes before its parent", o.code);
            has_children[q] = true;
            p.orgs[q].kind
        });
        o.kind
            .may_sit_under(parent_kind)
            .unwrap_or_else(|e| panic!("{}: {e}", o.code));
        if let Some(q) = o.parent {
            assert!(o.since >= p.orgs[q].since, "{} predates its parent", o.code);
        }
        assert!(o.since <= as_of());
        assert!(o.code.as_str().len() <= 32);
        assert_eq!(OrgCode::parse(o.code.as_str()).as_ref(), Ok(&o.code));
        assert!(codes.insert(o.code.clone()), "duplicate code {}", o.code);
        assert!(
            !o.name.is_empty() && normalize(&o.name) == o.name,
            "bad name {:?}",
            o.name
        );
    }
    for (i, o) in p.orgs.iter().enumerate() {
        if matches!(
            o.kind,
            OrgKind::Block | OrgKind::GrassrootsCommittee | OrgKind::PartialCommittee
        ) {
            assert!(has_children[i], "{} {} has no children", o.code, o.name);
        }
    }
    // Names are unique among siblings.
    let mut seen = HashSet::new();
    for o in &p.orgs {
        assert!(
            seen.insert((o.parent, o.name.as_str())),
            "duplicate sibling name {}",
            o.name
        );
    }
    for x in &p.people {
        for posting in &x.postings {
            let org = &p.orgs[posting.org];
            assert!(
                holds_members(org.kind),
                "posted to {} ({:?})",
                org.code,
                org.kind
            );
            assert!(
                !has_children[posting.org],
                "posted to non-leaf {}",
                org.code
            );
            assert!(
                org.since <= posting.from,
                "posted to {} before it existed",
                org.code
            );
        }
    }
}

#[test]
fn orgs_form_a_valid_tree_with_unique_parsing_codes() {
    check_tree(shared());
    check_tree(&province(&params(1_500, 3), &mut |_, _| {}));
}

#[test]
fn sixty_thousand_members_land_in_about_two_thousand_orgs_of_realistic_sizes() {
    let p = province(&params(60_000, 2025), &mut |_, _| {});
    check_tree(&p);
    assert_eq!(members(&p).count(), 60_000);
    assert_eq!(p.people.len(), 75_000);
    let n = p.orgs.len();
    assert!((1_500..=2_500).contains(&n), "{n} organizations");
    let count = |k: OrgKind| p.orgs.iter().filter(|o| o.kind == k).count();
    assert!(
        (15..=20).contains(&count(OrgKind::Block)),
        "{} blocks",
        count(OrgKind::Block)
    );
    // Every kind a province holds (the country above it is `gen --provinces`).
    for k in OrgKind::ALL.into_iter().filter(|k| *k != OrgKind::Central) {
        assert!(count(k) > 0, "no {k}");
    }
    // Current members per branch and grassroots branch, cells counted in their branch.
    let mut size = vec![0usize; n];
    for m in members(&p).filter(|m| m.left_on.is_none()) {
        let Some(last) = m.postings.last() else {
            panic!("member without posting")
        };
        let mut org = last.org;
        if p.orgs[org].kind == OrgKind::Cell {
            org = p.orgs[org].parent.unwrap();
        }
        size[org] += 1;
    }
    let mut direct_branches = 0;
    for (i, o) in p.orgs.iter().enumerate() {
        // A few members left; allow for them at the lower bound.
        let (lo, hi) = match o.kind {
            OrgKind::Branch => (3, 60),
            OrgKind::GrassrootsBranch => (7, 40),
            _ => continue,
        };
        assert!(
            (lo..=hi).contains(&size[i]),
            "{} {} has {} members",
            o.code,
            o.name,
            size[i]
        );
        if o.kind == OrgKind::GrassrootsBranch {
            direct_branches += 1;
        }
    }
    let committees = count(OrgKind::GrassrootsCommittee);
    let branches = count(OrgKind::Branch);
    let per_committee = branches as f64 / committees as f64;
    assert!(
        (3.0..=12.0).contains(&per_committee),
        "{per_committee} branches per committee"
    );
    assert!(
        direct_branches > 100,
        "{direct_branches} grassroots branches"
    );
}

#[test]
fn distributions_are_within_a_few_percent_of_the_targets() {
    let p = shared();
    let m: Vec<&SynthPerson> = members(p).collect();
    let staff: Vec<&SynthPerson> = p
        .people
        .iter()
        .filter(|x| x.person.membership.is_none())
        .collect();
    assert_eq!(m.len(), 20_000);
    assert_eq!(staff.len(), 5_000);

    let theory = |l: TheoryLevel| share(&m, |x| x.person.theory == l);
    assert_near("cao cấp", theory(TheoryLevel::Advanced), 0.15, 0.02);
    assert_near("trung cấp", theory(TheoryLevel::Intermediate), 0.35, 0.02);
    assert_near("sơ cấp", theory(TheoryLevel::Elementary), 0.40, 0.02);
    assert_near("no theory", theory(TheoryLevel::None), 0.10, 0.02);

    let qual = |q: Qualification| share(&m, |x| x.person.qualification == q);
    assert_near("tiến sĩ", qual(Qualification::Doctorate), 0.02, 0.01);
    assert_near("thạc sĩ", qual(Qualification::Master), 0.20, 0.02);
    assert_near("đại học", qual(Qualification::Bachelor), 0.65, 0.02);
    assert_near("cao đẳng", qual(Qualification::College), 0.05, 0.01);
    assert_near("trung cấp", qual(Qualification::Vocational), 0.05, 0.01);
    assert_near("no qualification", qual(Qualification::None), 0.03, 0.01);

    let probationary = share(&m, |x| {
        x.person
            .membership
            .as_ref()
            .is_some_and(|s| s.official_on.is_none())
    });
    assert_near("probationary", probationary, 0.06, 0.01);
    let transferred = share(&m, |x| x.postings.len() > 1);
    assert_near("transferred", transferred, 0.25, 0.02);
    assert!(m.iter().all(|x| x.postings.len() <= 3));
    assert_near("left", share(&m, |x| x.left_on.is_some()), 0.005, 0.003);

    let ages: Vec<i32> = m
        .iter()
        .map(|x| age_on(x.person.birth_date, as_of()))
        .collect();
    assert!(ages.iter().all(|a| (20..=62).contains(a)));
    let mean = ages.iter().sum::<i32>() as f64 / ages.len() as f64;
    assert_near("mean age", mean, 42.0, 1.5);
    assert!(
        ages.iter().filter(|&&a| a < 30).count() > 1_000,
        "too few young members"
    );
    assert!(
        ages.iter().filter(|&&a| a >= 55).count() > 1_000,
        "too few older members"
    );

    let nguyen = share(&p.people, |x| {
        x.person.full_name.as_str().starts_with("Nguyễn ")
    });
    assert_near("Nguyễn", nguyen, 0.38, 0.03);
    let kinh = share(&p.people, |x| x.person.ethnicity.as_deref() == Some("Kinh"));
    assert_near("Kinh", kinh, 0.93, 0.02);
    assert!(
        p.people
            .iter()
            .any(|x| x.person.ethnicity.as_deref() == Some("Khmer"))
    );
    assert!(
        p.people
            .iter()
            .any(|x| x.person.ethnicity.as_deref() == Some("Hoa"))
    );
    let no_religion = share(&p.people, |x| x.person.religion.is_none());
    assert!(
        (0.8..0.92).contains(&no_religion),
        "{no_religion} without religion"
    );
    assert!(
        p.people
            .iter()
            .all(|x| x.person.education.as_deref() == Some("12/12"))
    );
    assert!(
        p.people
            .iter()
            .all(|x| x.person.home_town.is_some() && x.person.occupation.is_some())
    );
    let occupations: HashSet<&str> = p
        .people
        .iter()
        .filter_map(|x| x.person.occupation.as_deref())
        .collect();
    for o in ["Công chức", "Viên chức", "Giáo viên", "Bác sĩ"] {
        assert!(occupations.contains(o), "no {o}");
    }
    let women = share(&m, |x| {
        x.person.sex == domain::register::member::Sex::Female
    });
    assert_near("women among members", women, 0.40, 0.02);
}

#[test]
fn every_name_parses_and_is_nfc() {
    let p = shared();
    for x in &p.people {
        let name = x.person.full_name.as_str();
        assert_eq!(PersonName::parse(name).as_ref(), Ok(&x.person.full_name));
        assert_eq!(normalize(name), name);
        assert!(name.split(' ').count() >= 2, "{name}");
    }
    let distinct: HashSet<&str> = p
        .people
        .iter()
        .map(|x| x.person.full_name.given_name())
        .collect();
    assert!(
        distinct.len() > 200,
        "{} distinct given names",
        distinct.len()
    );
}

#[test]
fn card_and_record_numbers_are_unique_and_valid() {
    let p = shared();
    let mut cards = HashSet::new();
    let mut records = HashSet::new();
    for x in &p.people {
        let Some(m) = &x.person.membership else {
            continue;
        };
        match (&m.official_on, &m.card_number) {
            (Some(_), Some(c)) => {
                assert_eq!(CardNumber::parse(c.as_str()).as_ref(), Ok(c));
                assert!(cards.insert(c.clone()), "duplicate card {}", c.as_str());
            }
            (None, None) => {}
            other => panic!("official date and card disagree: {other:?}"),
        }
        let r = m
            .record_number
            .as_ref()
            .expect("every member has a record number");
        assert_eq!(RecordNumber::parse(r.as_str()).as_ref(), Ok(r));
        let s = r.as_str();
        assert!(
            s.len() == 8 && s[..6].bytes().all(|b| b.is_ascii_digit()),
            "{s}"
        );
        assert!(s[6..].bytes().all(|b| b.is_ascii_uppercase()), "{s}");
        assert!(records.insert(r.clone()), "duplicate record {s}");
    }
    assert!(cards.len() > 18_000);
    assert_eq!(records.len(), 20_000);
}

#[test]
fn member_dates_are_consistent_and_never_after_as_of() {
    let p = shared();
    let today = as_of();
    for x in &p.people {
        let age = age_on(x.person.birth_date, today);
        assert!((20..=62).contains(&age), "age {age}");
        assert!(!x.postings.is_empty());
        for w in x.postings.windows(2) {
            assert!(w[0].from < w[1].from, "postings out of order");
            assert_ne!(w[0].org, w[1].org, "a transfer to the same organization");
        }
        assert!(x.postings.iter().all(|q| q.from <= today));
        assert!(age_on(x.person.birth_date, x.postings[0].from) >= 18);
        if let Some(left) = x.left_on {
            assert!(left <= today && left > x.postings[x.postings.len() - 1].from);
        }
        let Some(m) = &x.person.membership else {
            continue;
        };
        let admitted_age = age_on(x.person.birth_date, m.admitted_on);
        assert!(
            (18..=45).contains(&admitted_age),
            "admitted at {admitted_age}"
        );
        assert_eq!(x.postings[0].from, m.admitted_on);
        assert!(m.admitted_on <= today);
        match m.official_on {
            Some(o) => {
                let due = add_months(m.admitted_on, 12);
                assert!(
                    o >= due && (o - due).num_days() <= 90,
                    "official {o} for {due}"
                );
                assert!(o <= today);
            }
            None => assert!(m.admitted_on > add_months(today, -12), "probation too long"),
        }
    }
}

#[test]
fn same_seed_gives_the_same_province_and_another_seed_another() {
    let a = province(&params(3_000, 9), &mut |_, _| {});
    let b = province(&params(3_000, 9), &mut |_, _| {});
    let c = province(&params(3_000, 10), &mut |_, _| {});
    assert_eq!(a, b);
    assert_ne!(a.people, c.people);
    assert_ne!(a.orgs, c.orgs);
}

#[test]
fn progress_is_reported_every_thousand_people_and_at_the_end() {
    let mut calls = Vec::new();
    let p = province(&params(4_321, 1), &mut |done, total| {
        calls.push((done, total))
    });
    let total = p.people.len();
    assert_eq!(calls.last(), Some(&(total, total)));
    assert_eq!(calls.len(), total / 1000 + 1);
    assert!(calls.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 == total));
}

#[test]
fn tiny_provinces_and_odd_prefixes_still_work() {
    for members in [0, 1, 7, 30, 200] {
        let p = province(
            &Params {
                code_prefix: "x".into(),
                ..params(members, 5)
            },
            &mut |_, _| {},
        );
        assert_eq!(members_count(&p), members);
        assert_eq!(p.orgs[0].code.as_str(), "SYN");
        check_tree(&p);
    }
    let long = Params {
        code_prefix: "-test-prefix-that-is-long-".into(),
        ..params(2_000, 5)
    };
    let p = province(&long, &mut |_, _| {});
    assert_eq!(p.orgs[0].code.as_str(), "TEST-PREFI");
    check_tree(&p);
    let letters: HashMap<&str, usize> = members(&p)
        .filter_map(|m| m.person.membership.as_ref()?.record_number.as_ref())
        .fold(HashMap::new(), |mut acc, r| {
            *acc.entry(&r.as_str()[6..]).or_default() += 1;
            acc
        });
    assert_eq!(letters.keys().copied().collect::<Vec<_>>(), vec!["TE"]);
}

fn members_count(p: &Province) -> usize {
    members(p).count()
}

#[test]
fn a_country_s_members_are_split_exactly_and_unequally() {
    let shares = crate::province_shares(5_600_000, 34, 1);
    assert_eq!(shares.len(), 34);
    assert_eq!(shares.iter().sum::<usize>(), 5_600_000);
    let (min, max) = (*shares.iter().min().unwrap(), *shares.iter().max().unwrap());
    assert!(min > 0 && max > 2 * min, "{min}..{max}");
    assert_eq!(shares, crate::province_shares(5_600_000, 34, 1));
    assert_eq!(crate::province_shares(7, 3, 9).iter().sum::<usize>(), 7);
}
