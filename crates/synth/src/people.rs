//! The people of the province: party members with their admission, official date, card and
//! record numbers and posting history, and the non-member staff (quần chúng) beside them.

use chrono::NaiveDate;
use domain::register::member::{
    CardNumber, MembershipRecord, PersonName, PersonRecord, Qualification, RecordNumber, Sex,
    TheoryLevel,
};
use fastrand::Rng;

use crate::catalog::Sector;
use crate::dist::{
    add_days, add_months, birthday, chance, date_between, normal_in, one_of, weighted,
};
use crate::names::{Ethnicity, person_name};
use crate::orgs::Tree;
use crate::{Posting, SynthPerson};

/// Share of members still on probation (admitted within the last 12 months).
pub(crate) const PROBATIONARY: f64 = 0.06;
/// Share of members with one or two transfers.
pub(crate) const TRANSFERRED: f64 = 0.25;
/// Share of people who died or left before `as_of`.
pub(crate) const LEFT: f64 = 0.005;
/// Non-member staff per member.
pub(crate) const STAFF_PER_MEMBER: f64 = 0.25;
/// Share of women among members and among staff.
const FEMALE_MEMBERS: f64 = 0.40;
const FEMALE_STAFF: f64 = 0.50;

pub(crate) const MEMBER_THEORY: &[(TheoryLevel, u32)] = &[
    (TheoryLevel::Advanced, 15),
    (TheoryLevel::Intermediate, 35),
    (TheoryLevel::Elementary, 40),
    (TheoryLevel::None, 10),
];

pub(crate) const MEMBER_QUALIFICATION: &[(Qualification, u32)] = &[
    (Qualification::Doctorate, 2),
    (Qualification::Master, 20),
    (Qualification::Bachelor, 65),
    (Qualification::College, 5),
    (Qualification::Vocational, 5),
    (Qualification::None, 3),
];

const STAFF_THEORY: &[(TheoryLevel, u32)] = &[
    (TheoryLevel::Intermediate, 2),
    (TheoryLevel::Elementary, 8),
    (TheoryLevel::None, 90),
];

const STAFF_QUALIFICATION: &[(Qualification, u32)] = &[
    (Qualification::Master, 6),
    (Qualification::Bachelor, 58),
    (Qualification::College, 13),
    (Qualification::Vocational, 13),
    (Qualification::Elementary, 4),
    (Qualification::None, 6),
];

const RELIGION_KINH: &[(Option<&str>, u32)] = &[
    (None, 880),
    (Some("Phật giáo"), 70),
    (Some("Công giáo"), 35),
    (Some("Cao Đài"), 8),
    (Some("Phật giáo Hòa Hảo"), 7),
];
const RELIGION_KHMER: &[(Option<&str>, u32)] = &[(Some("Phật giáo"), 85), (None, 15)];
const RELIGION_HOA: &[(Option<&str>, u32)] = &[(Some("Phật giáo"), 45), (None, 55)];

const FOREIGN_LANGUAGE: &[(Option<&str>, u32)] = &[
    (None, 22),
    (Some("Tiếng Anh B1"), 30),
    (Some("Tiếng Anh B"), 20),
    (Some("Tiếng Anh A2"), 12),
    (Some("Tiếng Anh C1"), 4),
    (Some("Tiếng Anh C"), 3),
    (Some("Tiếng Pháp B"), 2),
    (Some("Tiếng Trung B1"), 2),
];

/// Home towns near the province, weighted; the rest come from anywhere in the country.
const NEAR_PROVINCES: &[(&str, u32)] = &[
    ("Kiên Giang", 40),
    ("An Giang", 10),
    ("Cần Thơ", 5),
    ("Hậu Giang", 4),
    ("Cà Mau", 4),
    ("Bạc Liêu", 3),
    ("Sóc Trăng", 4),
    ("Đồng Tháp", 3),
    ("Vĩnh Long", 2),
    ("Trà Vinh", 2),
    ("Bến Tre", 2),
    ("Tiền Giang", 2),
    ("Long An", 1),
    ("Thành phố Hồ Chí Minh", 2),
];

const PROVINCES: &[&str] = &[
    "Hà Nội",
    "Hà Giang",
    "Cao Bằng",
    "Bắc Kạn",
    "Tuyên Quang",
    "Lào Cai",
    "Điện Biên",
    "Lai Châu",
    "Sơn La",
    "Yên Bái",
    "Hòa Bình",
    "Thái Nguyên",
    "Lạng Sơn",
    "Quảng Ninh",
    "Bắc Giang",
    "Phú Thọ",
    "Vĩnh Phúc",
    "Bắc Ninh",
    "Hải Dương",
    "Hải Phòng",
    "Hưng Yên",
    "Thái Bình",
    "Hà Nam",
    "Nam Định",
    "Ninh Bình",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Quảng Bình",
    "Quảng Trị",
    "Thừa Thiên Huế",
    "Đà Nẵng",
    "Quảng Nam",
    "Quảng Ngãi",
    "Bình Định",
    "Phú Yên",
    "Khánh Hòa",
    "Ninh Thuận",
    "Bình Thuận",
    "Kon Tum",
    "Gia Lai",
    "Đắk Lắk",
    "Đắk Nông",
    "Lâm Đồng",
    "Bình Phước",
    "Tây Ninh",
    "Bình Dương",
    "Đồng Nai",
    "Bà Rịa – Vũng Tàu",
    "Thành phố Hồ Chí Minh",
    "Long An",
    "Tiền Giang",
    "Bến Tre",
    "Trà Vinh",
    "Vĩnh Long",
    "Đồng Tháp",
    "An Giang",
    "Kiên Giang",
    "Cần Thơ",
    "Hậu Giang",
    "Sóc Trăng",
    "Bạc Liêu",
    "Cà Mau",
];

fn occupation(rng: &mut Rng, sector: Sector, member: bool, age: i32) -> &'static str {
    let table: &[(&str, u32)] = match (sector, member) {
        (Sector::Agency, true) => &[("Công chức", 70), ("Viên chức", 20), ("Người lao động", 10)],
        (Sector::Agency, false) => &[("Công chức", 30), ("Viên chức", 20), ("Người lao động", 50)],
        (Sector::PublicService, _) => &[("Viên chức", 80), ("Người lao động", 20)],
        (Sector::School, _) => &[
            ("Giáo viên", 75),
            ("Cán bộ quản lý giáo dục", 10),
            ("Nhân viên", 10),
            ("Viên chức", 5),
        ],
        (Sector::University, _) => &[("Giảng viên", 70), ("Viên chức", 25), ("Người lao động", 5)],
        (Sector::Health, _) => &[
            ("Bác sĩ", 35),
            ("Điều dưỡng", 30),
            ("Dược sĩ", 8),
            ("Kỹ thuật viên", 10),
            ("Hộ sinh", 5),
            ("Viên chức", 12),
        ],
        (Sector::Enterprise, _) => &[
            ("Nhân viên", 35),
            ("Kỹ sư", 20),
            ("Công nhân", 30),
            ("Quản lý doanh nghiệp", 15),
        ],
        (Sector::Police, true) => &[("Sĩ quan Công an", 85), ("Hạ sĩ quan Công an", 15)],
        (Sector::Police, false) => &[("Công nhân Công an", 100)],
        (Sector::Military, true) => &[
            ("Sĩ quan Quân đội", 60),
            ("Quân nhân chuyên nghiệp", 30),
            ("Công nhân viên quốc phòng", 10),
        ],
        (Sector::Military, false) => &[("Công nhân viên quốc phòng", 70), ("Dân quân", 30)],
        (Sector::CommuneOffice, _) => &[
            ("Công chức cấp xã", 55),
            ("Cán bộ chuyên trách cấp xã", 30),
            ("Người hoạt động không chuyên trách", 15),
        ],
        (Sector::Residential, _) => {
            if age >= 55 && chance(rng, 0.5) {
                return "Hưu trí";
            }
            &[
                ("Nông dân", 40),
                ("Kinh doanh", 15),
                ("Lao động tự do", 15),
                ("Người hoạt động không chuyên trách", 10),
                ("Công nhân", 10),
                ("Nuôi trồng thủy sản", 10),
            ]
        }
    };
    weighted(rng, table)
}

/// A birth date on which someone is exactly `age` (completed years) on `as_of`.
fn birth_for_age(rng: &mut Rng, as_of: NaiveDate, age: i32) -> NaiveDate {
    let anchor = add_months(as_of, -12 * age);
    add_days(anchor, -rng.i64(0..=363))
}

/// Another member-holding organization, near `near` (same block) three times out of four.
fn other_org(rng: &mut Rng, tree: &Tree, near: usize) -> Option<usize> {
    for _ in 0..8 {
        let range = match tree.block_seats.get(tree.info[near].block) {
            Some(r) if !r.is_empty() && chance(rng, 0.75) => r.clone(),
            _ => 0..tree.seats.len(),
        };
        if range.is_empty() {
            return None;
        }
        let org = tree.seats[rng.usize(range)];
        if org != near {
            return Some(org);
        }
    }
    None
}

/// The fields every person has, members or not.
fn record(
    rng: &mut Rng,
    sex: Sex,
    birth: NaiveDate,
    member: bool,
    sector: Sector,
    age: i32,
) -> PersonRecord {
    let ethnicity = weighted(rng, Ethnicity::TABLE);
    let name = person_name(rng, sex, ethnicity);
    // Cannot fail: names are built from the constant word lists, which the tests parse.
    let full_name = PersonName::parse(&name).expect("generated names are valid");
    let religion = match ethnicity {
        Ethnicity::Kinh => weighted(rng, RELIGION_KINH),
        Ethnicity::Khmer => weighted(rng, RELIGION_KHMER),
        Ethnicity::Hoa => weighted(rng, RELIGION_HOA),
    };
    let home_town = if chance(rng, 0.16) {
        one_of(rng, PROVINCES)
    } else {
        weighted(rng, NEAR_PROVINCES)
    };
    let foreign_language = if ethnicity == Ethnicity::Khmer && chance(rng, 0.3) {
        Some("Tiếng Khmer")
    } else {
        weighted(rng, FOREIGN_LANGUAGE)
    };
    let (theory, qualification) = if member {
        (
            weighted(rng, MEMBER_THEORY),
            weighted(rng, MEMBER_QUALIFICATION),
        )
    } else {
        (
            weighted(rng, STAFF_THEORY),
            weighted(rng, STAFF_QUALIFICATION),
        )
    };
    PersonRecord {
        full_name,
        birth_name: None,
        birth_date: birth,
        sex,
        ethnicity: Some(ethnicity.label().to_string()),
        religion: religion.map(str::to_string),
        home_town: Some(home_town.to_string()),
        education: Some("12/12".to_string()),
        theory,
        qualification,
        foreign_language: foreign_language.map(str::to_string),
        occupation: Some(occupation(rng, sector, member, age).to_string()),
        membership: None,
    }
}

/// One member posted (last) to `org`.
fn member(rng: &mut Rng, tree: &Tree, as_of: NaiveDate, org: usize) -> SynthPerson {
    let probationary = chance(rng, PROBATIONARY);
    let sex = if chance(rng, FEMALE_MEMBERS) {
        Sex::Female
    } else {
        Sex::Male
    };
    let age = if probationary {
        normal_in(rng, 29.0, 5.0, 20.0, 45.99)
    } else {
        normal_in(rng, 42.7, 9.5, 20.0, 62.99)
    } as i32;
    let birth = birth_for_age(rng, as_of, age);

    let (admitted_on, official_on) = if probationary {
        (add_days(as_of, -rng.i64(0..=360)), None)
    } else {
        // Official exactly 12 months after admission, now and then a little later; both
        // dates on or before `as_of`, admission between 18 and 45 years of age.
        let delay = if chance(rng, 0.15) {
            rng.i64(1..=90)
        } else {
            0
        };
        let lo = birthday(birth, 18);
        let hi = add_months(add_days(as_of, -delay), -12).min(add_days(birthday(birth, 46), -1));
        let years = normal_in(rng, 27.0, 5.5, 18.0, 46.0);
        let mut admitted = add_days(birth, (years * 365.25) as i64);
        if admitted < lo || admitted > hi {
            admitted = date_between(rng, lo, hi);
        }
        (admitted, Some(add_days(add_months(admitted, 12), delay)))
    };

    // Postings: the first from admission, then one or two transfers, the last to `org`.
    let window = (as_of - admitted_on).num_days();
    let transfers = if window >= 60 && chance(rng, TRANSFERRED) {
        if chance(rng, 0.3) { 2 } else { 1 }
    } else {
        0
    };
    let mut dates: Vec<NaiveDate> = (0..transfers)
        .map(|_| add_days(admitted_on, rng.i64(30..=window)))
        .collect();
    dates.sort();
    dates.dedup();
    let mut chain = vec![org];
    for _ in 0..dates.len() {
        let next = chain[chain.len() - 1];
        match other_org(rng, tree, next) {
            Some(o) => chain.push(o),
            None => break,
        }
    }
    chain.reverse();
    dates.truncate(chain.len() - 1);
    let postings: Vec<Posting> = chain
        .iter()
        .zip(std::iter::once(admitted_on).chain(dates))
        .map(|(&org, from)| Posting { org, from })
        .collect();

    let last_from = postings.last().map_or(admitted_on, |p| p.from);
    let left_on = (last_from < as_of && chance(rng, LEFT))
        .then(|| date_between(rng, add_days(last_from, 1), as_of));

    let mut person = record(rng, sex, birth, true, tree.info[org].sector, age);
    person.membership = Some(MembershipRecord {
        admitted_on,
        official_on,
        card_number: None,
        record_number: None,
    });
    SynthPerson {
        person,
        postings,
        left_on,
    }
}

/// One non-member on the staff of `org` since their hire date.
fn staff(rng: &mut Rng, tree: &Tree, as_of: NaiveDate, org: usize) -> SynthPerson {
    let sex = if chance(rng, FEMALE_STAFF) {
        Sex::Female
    } else {
        Sex::Male
    };
    let age = normal_in(rng, 38.0, 10.0, 20.0, 62.99) as i32;
    let birth = birth_for_age(rng, as_of, age);
    let years = normal_in(rng, 24.0, 3.0, 18.0, 35.0);
    let mut hired = add_days(birth, (years * 365.25) as i64);
    if hired > as_of || hired < birthday(birth, 18) {
        hired = date_between(rng, birthday(birth, 18), as_of);
    }
    let left_on =
        (hired < as_of && chance(rng, LEFT)).then(|| date_between(rng, add_days(hired, 1), as_of));
    let person = record(rng, sex, birth, false, tree.info[org].sector, age);
    SynthPerson {
        person,
        postings: vec![Posting { org, from: hired }],
        left_on,
    }
}

/// All people: `members` members first, then the staff.
pub(crate) fn generate(
    rng: &mut Rng,
    tree: &Tree,
    members: usize,
    as_of: NaiveDate,
    prefix: &str,
    progress: &mut dyn FnMut(usize, usize),
) -> Vec<SynthPerson> {
    let staff_count = if tree.seats.is_empty() {
        0
    } else {
        (members as f64 * STAFF_PER_MEMBER).round() as usize
    };
    let total = members + staff_count;
    let mut seats = tree.seats.clone();
    rng.shuffle(&mut seats);
    let mut people = Vec::with_capacity(total);
    let mut tick = |done: usize| {
        if done.is_multiple_of(1000) && done < total {
            progress(done, total);
        }
    };
    for &org in seats.iter().take(members) {
        people.push(member(rng, tree, as_of, org));
        tick(people.len());
    }
    for _ in 0..staff_count {
        let org = tree.seats[rng.usize(..tree.seats.len())];
        people.push(staff(rng, tree, as_of, org));
        tick(people.len());
    }
    number_cards(rng, &mut people);
    number_records(rng, &mut people, prefix);
    progress(total, total);
    people
}

/// `n` increasing numbers in `[lo, hi]` with small random gaps, as a registry issues them.
fn spaced(rng: &mut Rng, n: usize, lo: u64, hi: u64, max_step: u64) -> Vec<u64> {
    let n64 = n as u64;
    let step = max_step.min((hi - lo) / n64.max(1)).max(1);
    let mut v = lo + rng.u64(0..=(hi - lo).saturating_sub(n64 * step));
    (0..n)
        .map(|_| {
            v += rng.u64(1..=step);
            v
        })
        .collect()
}

/// Card numbers (8 digits) for official members, increasing with the official date.
fn number_cards(rng: &mut Rng, people: &mut [SynthPerson]) {
    let mut official: Vec<(NaiveDate, usize)> = people
        .iter()
        .enumerate()
        .filter_map(|(i, p)| Some((p.person.membership.as_ref()?.official_on?, i)))
        .collect();
    official.sort_unstable();
    let numbers = spaced(rng, official.len(), 10_000_000, 99_999_999, 40);
    for ((_, i), n) in official.into_iter().zip(numbers) {
        if let Some(m) = people[i].person.membership.as_mut() {
            m.card_number = CardNumber::parse(&format!("{n:08}")).ok();
        }
    }
}

/// Record numbers (6 digits and the province's letters) for all members, increasing with
/// the admission date; past 500,000 members the letters get a third one.
fn number_records(rng: &mut Rng, people: &mut [SynthPerson], prefix: &str) {
    let mut letters: String = prefix
        .chars()
        .filter(char::is_ascii_uppercase)
        .take(2)
        .collect();
    if letters.len() < 2 {
        letters = "TH".to_string();
    }
    let mut admitted: Vec<(NaiveDate, usize)> = people
        .iter()
        .enumerate()
        .filter_map(|(i, p)| Some((p.person.membership.as_ref()?.admitted_on, i)))
        .collect();
    admitted.sort_unstable();
    for (chunk_no, chunk) in admitted.chunks(500_000).enumerate() {
        let suffix = match chunk_no {
            0 => letters.clone(),
            k => format!("{letters}{}", char::from(b'A' + ((k - 1) % 26) as u8)),
        };
        let numbers = spaced(rng, chunk.len(), 0, 999_999, 9);
        for (&(_, i), n) in chunk.iter().zip(numbers) {
            if let Some(m) = people[i].person.membership.as_mut() {
                m.record_number = RecordNumber::parse(&format!("{n:06}{suffix}")).ok();
            }
        }
    }
}
