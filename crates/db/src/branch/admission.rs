//! Admission of new members (kết nạp): cases and their dated steps, checked by
//! `domain::branch::admission` with the rules and the holiday table read from settings. The decision
//! makes the applicant a probationary member of the branch and recognition an official one,
//! through the member register's own event path; every write is audited.

use chrono::NaiveDate;
use domain::branch::admission::{
    AdmissionCase, AdmissionRules, NextStep, RULE_KEYS, Step, StepData, StepKind, Vote,
};
use domain::register::lifecycle::MemberEvent;
use domain::register::member::{MemberStatus, PersonRecord};
use domain::register::org::OrgKind;
use domain::workdays::{HolidayCalendar, YearHolidays};
use sea_orm::{ConnectionTrait, QueryResult};
use serde::Serialize;
use serde_json::json;

use crate::Db;
use crate::accounts::audit::{self, Actor};
use crate::error::{DbError, Result};
use crate::register::bulk::{BulkPerson, BulkPosting, insert_people};
use crate::register::members::apply_event;
use crate::register::orgs::{OrgRow, require_org};
use crate::sql::{LIKE_ESCAPE, all, get, insert_id, like_prefix, now, one};

const RULE_PREFIX: &str = "admission.";
const HOLIDAY_PREFIX: &str = "workdays.year.";

/// Who applies: someone already in the register (a non-member of the agency), or a new person.
#[derive(Debug, Clone)]
pub enum Applicant {
    Existing(i32),
    New(Box<PersonRecord>),
}

/// A new admission case.
#[derive(Debug, Clone)]
pub struct NewAdmission {
    /// The branch (chi bộ) that admits.
    pub org: String,
    pub applicant: Applicant,
    pub applied_on: NaiveDate,
}

/// A step as the shells enter it: introducers are people of the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepInput {
    Certificate {
        number: Option<String>,
    },
    Introducer {
        person: i32,
        worked_since: NaiveDate,
    },
    Resolution(Vote),
    Decision {
        number: Option<String>,
    },
    Ceremony,
    Recognition(Vote),
}

impl StepInput {
    pub fn kind(&self) -> StepKind {
        match self {
            Self::Certificate { .. } => StepKind::Certificate,
            Self::Introducer { .. } => StepKind::Introducer,
            Self::Resolution(_) => StepKind::Resolution,
            Self::Decision { .. } => StepKind::Decision,
            Self::Ceremony => StepKind::Ceremony,
            Self::Recognition(_) => StepKind::Recognition,
        }
    }
}

/// One recorded step as the pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct AdmissionStepRow {
    pub kind: StepKind,
    pub label: &'static str,
    pub on: NaiveDate,
    /// The step's particulars in Vietnamese ("số 123", "Trần Văn A", "10/12 tán thành").
    pub detail: Option<String>,
    pub warning: Option<String>,
}

/// One case with its steps and what comes next.
#[derive(Debug, Clone, Serialize)]
pub struct AdmissionCaseRow {
    pub id: i32,
    pub org_code: String,
    pub org_name: String,
    pub person_id: i32,
    pub person_name: String,
    pub birth_date: NaiveDate,
    pub applied_on: NaiveDate,
    pub steps: Vec<AdmissionStepRow>,
    pub next: Option<NextStep>,
    pub overdue: bool,
    #[serde(skip)]
    pub case: AdmissionCase,
}

impl AdmissionCaseRow {
    pub fn finished(&self) -> bool {
        self.next.is_none()
    }
}

fn is_admitting(kind: OrgKind) -> bool {
    matches!(kind, OrgKind::Branch | OrgKind::GrassrootsBranch)
}

/// The person's membership facts on a date: status (None if not a member) and name.
async fn member_status(
    c: &impl ConnectionTrait,
    person: i32,
    on: NaiveDate,
) -> Result<(String, Option<MemberStatus>)> {
    let r = one(
        c,
        "SELECT full_name, admitted_on, official_on, ended_on FROM person WHERE id = $1",
        vec![person.into()],
    )
    .await?
    .ok_or(DbError::NotFound {
        what: "người",
        key: person.to_string(),
    })?;
    let name: String = get(&r, "full_name")?;
    let admitted: Option<NaiveDate> = get(&r, "admitted_on")?;
    let official: Option<NaiveDate> = get(&r, "official_on")?;
    let ended: Option<NaiveDate> = get(&r, "ended_on")?;
    let status = match admitted {
        Some(a) if ended.is_none_or(|e| e > on) => MemberStatus::on(a, official, on),
        _ => None,
    };
    Ok((name, status))
}

fn step_from_row(r: &QueryResult) -> Result<(Step, AdmissionStepRow)> {
    let kind: String = get(r, "kind")?;
    let kind = StepKind::from_code(&kind)
        .ok_or_else(|| DbError::Invalid(format!("dữ liệu lưu trữ hỏng: bước '{kind}'")))?;
    let on: NaiveDate = get(r, "on_date")?;
    let reference: Option<String> = get(r, "reference")?;
    let vote = || -> Result<Vote> {
        let y: Option<i32> = get(r, "in_favour")?;
        let n: Option<i32> = get(r, "official_members")?;
        Ok(Vote {
            in_favour: y.unwrap_or(0).max(0) as u32,
            official_members: n.unwrap_or(0).max(0) as u32,
        })
    };
    let (data, detail) = match kind {
        StepKind::Certificate => (
            StepData::Certificate {
                number: reference.clone(),
            },
            reference.as_ref().map(|n| format!("số {n}")),
        ),
        StepKind::Introducer => {
            let name: Option<String> = get(r, "introducer_name")?;
            let name = name.unwrap_or_default();
            let since: Option<NaiveDate> = get(r, "worked_since")?;
            let since = since.unwrap_or(on);
            (
                StepData::Introducer {
                    name: name.clone(),
                    official: true,
                    worked_since: since,
                },
                Some(format!(
                    "{name} (công tác cùng từ {})",
                    domain::text::format_date(since)
                )),
            )
        }
        StepKind::Resolution | StepKind::Recognition => {
            let v = vote()?;
            let detail = Some(format!(
                "{}/{} đảng viên chính thức tán thành",
                v.in_favour, v.official_members
            ));
            let data = if kind == StepKind::Resolution {
                StepData::Resolution(v)
            } else {
                StepData::Recognition(v)
            };
            (data, detail)
        }
        StepKind::Decision => (
            StepData::Decision {
                number: reference.clone(),
            },
            reference.as_ref().map(|n| format!("số {n}")),
        ),
        StepKind::Ceremony => (StepData::Ceremony, None),
    };
    Ok((
        Step { on, data },
        AdmissionStepRow {
            kind,
            label: kind.label(),
            on,
            detail,
            warning: get(r, "warning")?,
        },
    ))
}

const CASE_COLS: &str = "c.id, c.org_id, c.person_id, c.applied_on, o.code AS org_code, v.name AS org_name, \
     p.full_name, p.birth_date";

impl Db {
    /// The admission rules: each stored setting `admission.<key>` over the defaults.
    pub async fn admission_rules(&self) -> Result<AdmissionRules> {
        let rows = all(
            &self.conn,
            &format!("SELECT key, value FROM setting WHERE key LIKE $1 {LIKE_ESCAPE}"),
            vec![like_prefix(RULE_PREFIX).into()],
        )
        .await?;
        let mut rules = AdmissionRules::default();
        // Apply in the fixed order so that coherence checks see the same sequence every time.
        for (key, _) in RULE_KEYS {
            for r in &rows {
                let k: String = get(r, "key")?;
                if k.strip_prefix(RULE_PREFIX) == Some(*key) {
                    let v: String = get(r, "value")?;
                    rules.set(key, &v).map_err(DbError::invalid)?;
                }
            }
        }
        Ok(rules)
    }

    /// Changes one admission rule (audited like every setting).
    pub async fn set_admission_rule(
        &self,
        actor: &Actor,
        key: &str,
        value: &str,
    ) -> Result<AdmissionRules> {
        let mut rules = self.admission_rules().await?;
        rules.set(key, value).map_err(DbError::invalid)?;
        self.set_setting(actor, &format!("{RULE_PREFIX}{key}"), value.trim())
            .await?;
        Ok(rules)
    }

    /// The holiday table: the built-in Vietnamese one, with the years an administrator set.
    pub async fn holiday_calendar(&self) -> Result<HolidayCalendar> {
        let rows = all(
            &self.conn,
            &format!("SELECT key, value FROM setting WHERE key LIKE $1 {LIKE_ESCAPE}"),
            vec![like_prefix(HOLIDAY_PREFIX).into()],
        )
        .await?;
        let mut cal = HolidayCalendar::vietnam_default();
        for r in &rows {
            let k: String = get(r, "key")?;
            let v: String = get(r, "value")?;
            let Some(year) = k
                .strip_prefix(HOLIDAY_PREFIX)
                .and_then(|y| y.parse::<i32>().ok())
            else {
                continue;
            };
            cal.set_year(
                year,
                YearHolidays::parse(year, &v).map_err(DbError::invalid)?,
            );
        }
        Ok(cal)
    }

    /// Replaces the holiday table of one year.
    pub async fn set_holidays(&self, actor: &Actor, year: i32, raw: &str) -> Result<YearHolidays> {
        if !(1900..=2200).contains(&year) {
            return Err(DbError::Invalid(format!("năm {year} không hợp lệ")));
        }
        let days = YearHolidays::parse(year, raw).map_err(DbError::invalid)?;
        self.set_setting(actor, &format!("{HOLIDAY_PREFIX}{year}"), &days.to_text())
            .await?;
        Ok(days)
    }

    /// Opens an admission case in a branch; a new applicant joins the register as a
    /// non-member of the branch. Returns the case id.
    pub async fn create_admission(
        &self,
        actor: &Actor,
        new: &NewAdmission,
        today: NaiveDate,
    ) -> Result<i32> {
        let rules = self.admission_rules().await?;
        let tx = self.write_tx().await?;
        let code = new.org.trim().to_uppercase();
        let org = require_org(&tx, &code, Some(new.applied_on.min(today))).await?;
        if !is_admitting(org.kind) {
            return Err(DbError::Invalid(format!(
                "{} không phải là chi bộ: kết nạp đảng viên do chi bộ xét",
                org.name
            )));
        }
        let (person, birth) = applicant_facts(&tx, &new.applicant).await?;
        AdmissionCase::open(birth, new.applied_on, &rules, today).map_err(DbError::invalid)?;
        let person = match &new.applicant {
            Applicant::Existing(_) => {
                check_no_open_case(&tx, person).await?;
                person
            }
            Applicant::New(record) => {
                register_applicant(&tx, actor, record, &org, new.applied_on).await?
            }
        };
        let id = insert_id(
            &tx,
            "INSERT INTO admission_case (org_id, person_id, applied_on, created_at) VALUES ($1, $2, $3, $4)",
            vec![org.id.into(), person.into(), new.applied_on.into(), now().into()],
        )
        .await?;
        audit::record(
            &tx,
            actor,
            "create",
            "admission_case",
            id,
            None,
            Some(json!({"org": org.code, "person_id": person, "applied_on": new.applied_on})),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Records the next step of a case after the domain's checks; returns the warnings
    /// recorded with it (a deadline passed). The decision admits the applicant as a
    /// probationary member of the branch (party age counts from the decision); recognition
    /// makes them official.
    pub async fn record_admission_step(
        &self,
        actor: &Actor,
        case_id: i32,
        on: NaiveDate,
        input: &StepInput,
        today: NaiveDate,
    ) -> Result<Vec<String>> {
        let rules = self.admission_rules().await?;
        let cal = self.holiday_calendar().await?;
        let tx = self.write_tx().await?;
        let row = load_case(&tx, case_id, &rules, &cal, today).await?;
        let data = step_data(&tx, input, row.person_id, on).await?;
        let step = Step { on, data };
        let warnings = row
            .case
            .check(&step, &rules, &cal, today)
            .map_err(DbError::invalid)?;
        let cols = StepColumns::of(input);
        let warning = (!warnings.is_empty()).then(|| warnings.join("; "));
        let step_id = insert_step(&tx, case_id, input.kind(), on, &cols, &warning).await?;
        enter_in_register(&tx, actor, case_id, row.person_id, input.kind(), on, today).await?;
        audit::record(
            &tx,
            actor,
            "create",
            "admission_step",
            step_id,
            None,
            Some(json!({
                "case_id": case_id,
                "kind": input.kind().code(),
                "on": on,
                "reference": cols.reference,
                "introducer_id": cols.introducer,
                "worked_since": cols.since,
                "in_favour": cols.vote.map(|v| v.in_favour),
                "official_members": cols.vote.map(|v| v.official_members),
                "warning": warning,
            })),
        )
        .await?;
        tx.commit().await?;
        Ok(warnings)
    }

    /// One case with its steps and next step.
    pub async fn admission_case(&self, id: i32, today: NaiveDate) -> Result<AdmissionCaseRow> {
        let rules = self.admission_rules().await?;
        let cal = self.holiday_calendar().await?;
        load_case(&self.conn, id, &rules, &cal, today).await
    }

    /// The cases of a subtree (all, or only those not finished), the most urgent first:
    /// overdue, then by next due date, then by application date.
    pub async fn admission_cases(
        &self,
        org: &str,
        open_only: bool,
        today: NaiveDate,
    ) -> Result<Vec<AdmissionCaseRow>> {
        let rules = self.admission_rules().await?;
        let cal = self.holiday_calendar().await?;
        let root = require_org(&self.conn, &org.trim().to_uppercase(), None).await?;
        let cases = all(
            &self.conn,
            &format!(
                "SELECT {CASE_COLS} FROM admission_case c \
                 JOIN organization o ON o.id = c.org_id \
                 JOIN org_version v ON v.org_id = c.org_id AND v.valid_to IS NULL \
                 JOIN person p ON p.id = c.person_id \
                 WHERE v.path LIKE $1 ORDER BY c.applied_on, c.id"
            ),
            vec![format!("{}%", root.path).into()],
        )
        .await?;
        let steps = all(
            &self.conn,
            "SELECT s.case_id, s.kind, s.on_date, s.reference, s.worked_since, s.in_favour, s.official_members, s.warning, \
             ip.full_name AS introducer_name FROM admission_step s \
             JOIN admission_case c ON c.id = s.case_id \
             JOIN org_version v ON v.org_id = c.org_id AND v.valid_to IS NULL \
             LEFT JOIN person ip ON ip.id = s.introducer_id \
             WHERE v.path LIKE $1 ORDER BY s.case_id, s.id",
            vec![format!("{}%", root.path).into()],
        )
        .await?;
        let mut by_case: std::collections::HashMap<i32, Vec<&QueryResult>> =
            std::collections::HashMap::new();
        for s in &steps {
            by_case.entry(get(s, "case_id")?).or_default().push(s);
        }
        let mut out = Vec::with_capacity(cases.len());
        for c in &cases {
            let id: i32 = get(c, "id")?;
            let row = build_case(
                c,
                by_case.get(&id).map(Vec::as_slice).unwrap_or(&[]),
                &rules,
                &cal,
                today,
            )?;
            if !open_only || !row.finished() {
                out.push(row);
            }
        }
        out.sort_by_key(|r| {
            (
                !r.overdue,
                r.finished(),
                r.next
                    .as_ref()
                    .and_then(|n| n.due)
                    .unwrap_or(NaiveDate::MAX),
                r.applied_on,
                r.id,
            )
        });
        Ok(out)
    }
}

fn clean(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(domain::text::normalize)
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// The applicant's person id (0 for a new one, not yet in the register) and birth date. A
/// person of the register must be neither a member already nor gone from the agency; a new
/// one cannot come with a membership.
async fn applicant_facts(
    c: &impl ConnectionTrait,
    applicant: &Applicant,
) -> Result<(i32, NaiveDate)> {
    match applicant {
        Applicant::Existing(id) => {
            let r = one(
                c,
                "SELECT id, birth_date, admitted_on, ended_on, full_name FROM person WHERE id = $1",
                vec![(*id).into()],
            )
            .await?
            .ok_or(DbError::NotFound {
                what: "người",
                key: id.to_string(),
            })?;
            let name: String = get(&r, "full_name")?;
            let admitted: Option<NaiveDate> = get(&r, "admitted_on")?;
            let ended: Option<NaiveDate> = get(&r, "ended_on")?;
            if admitted.is_some() {
                return Err(DbError::Invalid(format!("{name} đã là đảng viên")));
            }
            if ended.is_some() {
                return Err(DbError::Invalid(format!(
                    "{name} không còn trong danh sách của cơ quan"
                )));
            }
            Ok((*id, get::<NaiveDate>(&r, "birth_date")?))
        }
        Applicant::New(record) => {
            if record.membership.is_some() {
                return Err(DbError::Invalid(
                    "người xin vào Đảng chưa thể có ngày vào Đảng".into(),
                ));
            }
            Ok((0, record.birth_date))
        }
    }
}

/// Refuses a person who already has a case not yet finished (no recognition recorded).
async fn check_no_open_case(c: &impl ConnectionTrait, person: i32) -> Result<()> {
    let open_case = all(
        c,
        "SELECT c.id, (SELECT COUNT(*) FROM admission_step s WHERE s.case_id = c.id AND s.kind = 'recognition') AS done \
         FROM admission_case c WHERE c.person_id = $1",
        vec![person.into()],
    )
    .await?;
    for r in &open_case {
        if crate::sql::get_count(r, "done")? == 0 {
            return Err(DbError::Invalid(format!(
                "người này đã có hồ sơ xin vào Đảng số {} đang xét",
                get::<i32>(r, "id")?
            )));
        }
    }
    Ok(())
}

/// Enters a new applicant in the register, posted in the branch from the application (or the
/// branch's creation if later); returns their person id.
async fn register_applicant(
    c: &impl ConnectionTrait,
    actor: &Actor,
    record: &PersonRecord,
    org: &OrgRow,
    applied_on: NaiveDate,
) -> Result<i32> {
    let p = BulkPerson {
        record: record.clone(),
        postings: vec![BulkPosting {
            org_id: org.id,
            from: applied_on.max(org.created_on),
            to: None,
            temporary: false,
        }],
        ended: None,
    };
    Ok(insert_people(
        c,
        actor,
        std::slice::from_ref(&p),
        true,
        "create",
        &mut |_| {},
    )
    .await?[0])
}

/// The step as the domain checks it; an introducer is looked up in the register (their name
/// and whether they are an official member on the day) and may not be the applicant.
async fn step_data(
    c: &impl ConnectionTrait,
    input: &StepInput,
    applicant: i32,
    on: NaiveDate,
) -> Result<StepData> {
    Ok(match input {
        StepInput::Certificate { number } => StepData::Certificate {
            number: clean(number),
        },
        StepInput::Introducer {
            person,
            worked_since,
        } => {
            if *person == applicant {
                return Err(DbError::Invalid(
                    "người xin vào Đảng không thể tự giới thiệu mình".into(),
                ));
            }
            let (name, status) = member_status(c, *person, on).await?;
            StepData::Introducer {
                name,
                official: status == Some(MemberStatus::Official),
                worked_since: *worked_since,
            }
        }
        StepInput::Resolution(v) => StepData::Resolution(*v),
        StepInput::Decision { number } => StepData::Decision {
            number: clean(number),
        },
        StepInput::Ceremony => StepData::Ceremony,
        StepInput::Recognition(v) => StepData::Recognition(*v),
    })
}

/// What a step stores beside its kind and date.
struct StepColumns {
    reference: Option<String>,
    introducer: Option<i32>,
    since: Option<NaiveDate>,
    vote: Option<Vote>,
}

impl StepColumns {
    /// The columns of a step as entered.
    fn of(input: &StepInput) -> Self {
        let (reference, introducer, since, vote) = match input {
            StepInput::Certificate { number } | StepInput::Decision { number } => {
                (clean(number), None, None, None)
            }
            StepInput::Introducer {
                person,
                worked_since,
            } => (None, Some(*person), Some(*worked_since), None),
            StepInput::Resolution(v) | StepInput::Recognition(v) => (None, None, None, Some(*v)),
            StepInput::Ceremony => (None, None, None, None),
        };
        StepColumns {
            reference,
            introducer,
            since,
            vote,
        }
    }
}

/// Writes a step of a case; returns its id.
async fn insert_step(
    c: &impl ConnectionTrait,
    case_id: i32,
    kind: StepKind,
    on: NaiveDate,
    cols: &StepColumns,
    warning: &Option<String>,
) -> Result<i32> {
    insert_id(
        c,
        "INSERT INTO admission_step (case_id, kind, on_date, reference, introducer_id, worked_since, in_favour, official_members, warning, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        vec![
            case_id.into(),
            kind.code().into(),
            on.into(),
            cols.reference.clone().into(),
            cols.introducer.into(),
            cols.since.into(),
            cols.vote.map(|v| v.in_favour as i32).into(),
            cols.vote.map(|v| v.official_members as i32).into(),
            warning.clone().into(),
            now().into(),
        ],
    )
    .await
}

/// What a step changes in the member register: the decision admits the applicant into the
/// case's branch, recognition makes them official; other steps change nothing.
async fn enter_in_register(
    c: &impl ConnectionTrait,
    actor: &Actor,
    case_id: i32,
    person: i32,
    kind: StepKind,
    on: NaiveDate,
    today: NaiveDate,
) -> Result<()> {
    match kind {
        StepKind::Decision => {
            let org = one(
                c,
                "SELECT org_id FROM admission_case WHERE id = $1",
                vec![case_id.into()],
            )
            .await?
            .ok_or(DbError::NotFound {
                what: "hồ sơ kết nạp",
                key: case_id.to_string(),
            })?;
            let org: i32 = get(&org, "org_id")?;
            apply_event(
                c,
                actor,
                person,
                on,
                MemberEvent::Admitted { org },
                None,
                today,
            )
            .await?;
        }
        StepKind::Recognition => {
            apply_event(c, actor, person, on, MemberEvent::Official, None, today).await?;
        }
        _ => {}
    }
    Ok(())
}

fn build_case(
    c: &QueryResult,
    steps: &[&QueryResult],
    rules: &AdmissionRules,
    cal: &HolidayCalendar,
    today: NaiveDate,
) -> Result<AdmissionCaseRow> {
    let mut case = AdmissionCase {
        birth_date: get(c, "birth_date")?,
        applied_on: get(c, "applied_on")?,
        steps: Vec::new(),
    };
    let mut rows = Vec::new();
    for s in steps {
        let (step, row) = step_from_row(s)?;
        case.steps.push(step);
        rows.push(row);
    }
    let next = case.next_step(rules, cal);
    Ok(AdmissionCaseRow {
        id: get(c, "id")?,
        org_code: get(c, "org_code")?,
        org_name: get(c, "org_name")?,
        person_id: get(c, "person_id")?,
        person_name: get(c, "full_name")?,
        birth_date: case.birth_date,
        applied_on: case.applied_on,
        steps: rows,
        overdue: case.is_overdue(rules, cal, today),
        next,
        case,
    })
}

async fn load_case(
    c: &impl ConnectionTrait,
    id: i32,
    rules: &AdmissionRules,
    cal: &HolidayCalendar,
    today: NaiveDate,
) -> Result<AdmissionCaseRow> {
    let row = one(
        c,
        &format!(
            "SELECT {CASE_COLS} FROM admission_case c \
             JOIN organization o ON o.id = c.org_id \
             JOIN org_version v ON v.org_id = c.org_id AND v.valid_to IS NULL \
             JOIN person p ON p.id = c.person_id WHERE c.id = $1"
        ),
        vec![id.into()],
    )
    .await?
    .ok_or(DbError::NotFound {
        what: "hồ sơ kết nạp",
        key: id.to_string(),
    })?;
    let steps = all(
        c,
        "SELECT s.case_id, s.kind, s.on_date, s.reference, s.worked_since, s.in_favour, s.official_members, s.warning, \
         ip.full_name AS introducer_name FROM admission_step s LEFT JOIN person ip ON ip.id = s.introducer_id \
         WHERE s.case_id = $1 ORDER BY s.id",
        vec![id.into()],
    )
    .await?;
    let refs: Vec<&QueryResult> = steps.iter().collect();
    build_case(&row, &refs, rules, cal, today)
}
