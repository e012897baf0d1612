//! Demo admission cases (kết nạp), dated from today so that the admission page always shows
//! every stage: awaiting the certificate, awaiting the branch resolution, a ceremony overdue
//! after the decision, a probation about to end, and a member recognized as official. The
//! applicants are non-member staff already in the demo register. Loading twice changes nothing.

use chrono::{Days, NaiveDate};
use db::{Actor, Applicant, Db, NewAdmission, RegisterQuery, StepInput};
use domain::branch::admission::{Vote, age_on};
use domain::register::member::{PersonName, PersonRecord, Qualification, Sex, TheoryLevel};

use crate::error::CliError;

const LOADED: &str = "demo.admission_loaded";

/// Which steps a demo case has gone through, as days before today.
struct DemoCase {
    org: &'static str,
    /// A name for a new applicant when the branch has no non-member staff of the right age.
    fallback: (&'static str, (i32, u32, u32)),
    applied: u64,
    certificate: Option<u64>,
    introducers: Option<u64>,
    resolution: Option<u64>,
    decision: Option<u64>,
    ceremony: Option<u64>,
    recognition: Option<u64>,
}

const CASES: &[DemoCase] = &[
    // Awaiting the awareness-course certificate.
    DemoCase {
        org: "CB-SNV",
        fallback: ("Trần Minh Khoa", (1999, 2, 3)),
        applied: 40,
        certificate: None,
        introducers: None,
        resolution: None,
        decision: None,
        ceremony: None,
        recognition: None,
    },
    // Certificate and introducers done; the branch has yet to vote.
    DemoCase {
        org: "CB-SNV",
        fallback: ("Nguyễn Thị Thu Hà", (1996, 8, 12)),
        applied: 150,
        certificate: Some(170),
        introducers: Some(120),
        resolution: None,
        decision: None,
        ceremony: None,
        recognition: None,
    },
    // Decided 80 days ago and no ceremony: overdue (30 working days).
    DemoCase {
        org: "CB-NTN",
        fallback: ("Lê Hoàng Phúc", (1994, 11, 20)),
        applied: 300,
        certificate: Some(320),
        introducers: Some(250),
        resolution: Some(120),
        decision: Some(80),
        ceremony: None,
        recognition: None,
    },
    // Ceremony 400 days ago: probation ended, recognition due within 30 working days.
    DemoCase {
        org: "CB-VPTD",
        fallback: ("Phạm Thị Ngọc Ánh", (1997, 4, 15)),
        applied: 640,
        certificate: Some(660),
        introducers: Some(600),
        resolution: Some(450),
        decision: Some(420),
        ceremony: Some(400),
        recognition: None,
    },
    // The whole pipeline, recognized as official.
    DemoCase {
        org: "CB-QLTM",
        fallback: ("Đỗ Quang Huy", (1993, 9, 9)),
        applied: 900,
        certificate: Some(930),
        introducers: Some(860),
        resolution: Some(800),
        decision: Some(780),
        ceremony: Some(765),
        recognition: Some(390),
    },
];

fn ago(today: NaiveDate, days: u64) -> NaiveDate {
    today - Days::new(days)
}

/// Loads the demo admission cases unless they are there.
pub async fn load(db: &Db, today: NaiveDate) -> Result<(), CliError> {
    if db.setting(LOADED).await?.is_some() {
        return Ok(());
    }
    let actor = Actor("demo".into());
    let mut used: Vec<i32> = Vec::new();
    for (n, c) in CASES.iter().enumerate() {
        load_case(db, &actor, today, n, c, &mut used).await?;
    }
    db.set_setting(&actor, LOADED, &today.to_string()).await?;
    Ok(())
}

/// One case: the application, then each step it has gone through, in order (the certificate,
/// the introducers, the resolution, the decision, the ceremony, the recognition).
async fn load_case(
    db: &Db,
    actor: &Actor,
    today: NaiveDate,
    n: usize,
    c: &DemoCase,
    used: &mut Vec<i32>,
) -> Result<(), CliError> {
    let applied = ago(today, c.applied);
    let applicant = applicant(db, today, n, c, applied, used).await?;
    let id = db
        .create_admission(
            actor,
            &NewAdmission {
                org: c.org.into(),
                applicant,
                applied_on: applied,
            },
            today,
        )
        .await?;
    let case = CaseSteps {
        db,
        actor,
        id,
        today,
    };
    if let Some(x) = c.certificate {
        case.record(
            ago(today, x),
            StepInput::Certificate {
                number: Some(format!("{:03}-GCN/TTCT", 100 + n)),
            },
        )
        .await?;
    }
    let officials = match c.introducers {
        Some(x) => case.introducers(c.org, ago(today, x)).await?,
        None => 0,
    };
    // One member against where the branch is big enough for 2/3 to allow it.
    let vote = |n: u32| Vote {
        in_favour: if n >= 4 { n - 1 } else { n.max(1) },
        official_members: n.max(1),
    };
    if let Some(x) = c.resolution {
        case.record(ago(today, x), StepInput::Resolution(vote(officials)))
            .await?;
    }
    if let Some(x) = c.decision {
        case.record(
            ago(today, x),
            StepInput::Decision {
                number: Some(format!("{}-QĐ/ĐUK", 200 + n)),
            },
        )
        .await?;
    }
    if let Some(x) = c.ceremony {
        case.record(ago(today, x), StepInput::Ceremony).await?;
    }
    if let Some(x) = c.recognition {
        case.record(ago(today, x), StepInput::Recognition(vote(officials)))
            .await?;
    }
    Ok(())
}

/// The applicant of case `n`: a non-member of the branch's staff aged 22 to 50 on the
/// application not used by an earlier case, else a new person from the case's fallback.
async fn applicant(
    db: &Db,
    today: NaiveDate,
    n: usize,
    c: &DemoCase,
    applied: NaiveDate,
    used: &mut Vec<i32>,
) -> Result<Applicant, CliError> {
    let staff = db
        .register(&RegisterQuery {
            org: c.org.into(),
            on: today,
            search: None,
            include_non_members: true,
        })
        .await?;
    let existing = staff.iter().find(|m| {
        m.record.membership.is_none()
            && !used.contains(&m.id)
            && (22..=50).contains(&age_on(m.record.birth_date, applied))
    });
    Ok(match existing {
        Some(m) => {
            used.push(m.id);
            Applicant::Existing(m.id)
        }
        None => Applicant::New(Box::new(fallback_record(n, c)?)),
    })
}

/// The new applicant of case `n` when the branch has nobody suitable: the fallback's name and
/// birth date, male and female in turn.
fn fallback_record(n: usize, c: &DemoCase) -> Result<PersonRecord, CliError> {
    let (name, (y, mo, d)) = c.fallback;
    Ok(PersonRecord {
        full_name: PersonName::parse(name).map_err(|e| CliError::Failure(e.to_string()))?,
        birth_name: None,
        birth_date: crate::demo::register::d(y, mo, d),
        sex: if n.is_multiple_of(2) {
            Sex::Male
        } else {
            Sex::Female
        },
        ethnicity: Some("Kinh".into()),
        religion: None,
        home_town: None,
        education: Some("12/12".into()),
        theory: TheoryLevel::None,
        qualification: Qualification::Bachelor,
        foreign_language: None,
        occupation: None,
        membership: None,
    })
}

/// The case being loaded: where its steps are recorded.
struct CaseSteps<'a> {
    db: &'a Db,
    actor: &'a Actor,
    id: i32,
    today: NaiveDate,
}

impl CaseSteps<'_> {
    /// Records one step on `on`.
    async fn record(&self, on: NaiveDate, input: StepInput) -> Result<(), CliError> {
        self.db
            .record_admission_step(self.actor, self.id, on, &input, self.today)
            .await?;
        Ok(())
    }

    /// Two official members of the branch on that date introduce the applicant; returns how
    /// many official members the branch has then (for the votes).
    async fn introducers(&self, org: &str, on: NaiveDate) -> Result<u32, CliError> {
        let rows = self
            .db
            .register(&RegisterQuery {
                org: org.into(),
                on,
                search: None,
                include_non_members: false,
            })
            .await?;
        let ids: Vec<i32> = rows
            .iter()
            .filter(|m| m.status == Some(domain::register::member::MemberStatus::Official))
            .map(|m| m.id)
            .take(2)
            .collect();
        for p in &ids {
            self.record(
                on,
                StepInput::Introducer {
                    person: *p,
                    worked_since: crate::demo::register::d(2015, 1, 1),
                },
            )
            .await?;
        }
        Ok(rows
            .iter()
            .filter(|m| m.status == Some(domain::register::member::MemberStatus::Official))
            .count() as u32)
    }
}
