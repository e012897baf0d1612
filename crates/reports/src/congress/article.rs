//! A draft news article about a congress, in the style of the agencies' news pages (seed 000),
//! from the congress record: Markdown text the user edits before publishing.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use domain::congress::ElectionKind;
use domain::text::{format_count2, format_date, to_roman};

use crate::congress::minutes::CongressInfo;
use crate::document::{Block, DocError, Document, required};

/// A guest who attended and directed the congress (dự và chỉ đạo).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guest {
    pub name: String,
    /// "Ủy viên Ban Thường vụ Đảng ủy khối, Chủ nhiệm Ủy ban kiểm tra Đảng ủy khối"; may be
    /// empty when the record names the guest by position alone.
    #[serde(default)]
    pub position: String,
}

/// A position in the elected committee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommitteeRole {
    Secretary,
    Deputy,
    Member,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Elected {
    pub name: String,
    pub role: CommitteeRole,
}

/// An election the congress has not completed when the article is drafted
/// (`domain::congress::outstanding`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenElection {
    pub kind: ElectionKind,
    /// Who it elects, as the text names them: "Bí thư chi bộ", "Chi ủy".
    pub office: String,
    /// The seats; `None` while the election is not yet held.
    #[serde(default)]
    pub seats: Option<u32>,
    /// Elected so far.
    #[serde(default)]
    pub elected: u32,
}

/// Everything the article tells; the congress layer fills it from its record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleInput {
    /// "Chi bộ Sở Ngoại vụ".
    pub organization: String,
    /// The headline's longer name when it differs: "Chi bộ Sở Ngoại vụ tỉnh Kiên Giang".
    #[serde(default)]
    pub headline_organization: Option<String>,
    pub congress: CongressInfo,
    pub date: NaiveDate,
    /// "Hội trường Sở Ngoại vụ".
    #[serde(default)]
    pub venue: Option<String>,
    /// The previous term, "2015–2020", when there was one.
    #[serde(default)]
    pub previous_term: Option<String>,
    /// "Đại hội Đảng bộ Khối Các cơ quan tỉnh lần thứ VII, nhiệm kỳ 2020–2025".
    #[serde(default)]
    pub superior_congress: Option<String>,
    #[serde(default)]
    pub guests: Vec<Guest>,
    pub summoned: u64,
    /// "Chi bộ Sở Ngoại vụ hiện tại có 22 đảng viên trong đó …": sentences about the members.
    #[serde(default)]
    pub member_profile: Option<String>,
    /// Paragraphs on the results of the term that ends.
    #[serde(default)]
    pub term_results: Vec<String>,
    /// "tiếp tục lãnh đạo đổi mới công tác xây dựng đảng …".
    #[serde(default)]
    pub general_goal: Option<String>,
    /// The main targets adopted: "có 100% đảng viên … được học tập …".
    #[serde(default)]
    pub targets: Vec<String>,
    /// "Ban Chấp hành chi bộ" or "Chi ủy"; `None` where the branch elects only a secretary.
    #[serde(default)]
    pub committee_label: Option<String>,
    /// The committee (or the secretary and deputy alone), secretary first.
    #[serde(default)]
    pub elected: Vec<Elected>,
    /// Delegates to the superior congress.
    #[serde(default)]
    pub delegates: Vec<String>,
    #[serde(default)]
    pub alternates: Vec<String>,
    /// What the congress has still to elect; empty once every election is complete.
    #[serde(default)]
    pub open_elections: Vec<OpenElection>,
    /// Its place in the superior's plan (`domain::congress::SeasonPlace`): "… là chi bộ thứ 3
    /// trong 4 chi bộ …", or the pilot's sentence.
    #[serde(default)]
    pub season: Option<String>,
}

impl ArticleInput {
    /// The guests, each with a name.
    fn checked_guests(&self) -> Result<Vec<Guest>, DocError> {
        self.guests
            .iter()
            .enumerate()
            .map(|(i, g)| {
                Ok(Guest {
                    name: required(&format!("guests[{}].name", i + 1), &g.name)?,
                    position: domain::text::normalize(&g.position),
                })
            })
            .collect()
    }

    /// Checks what the text cannot do without: names, a secretary at most once, delegates
    /// only with the superior congress named.
    fn checked(&self) -> Result<Self, DocError> {
        let invalid = |m: &str| Err(DocError::Invalid(m.to_string()));
        let opt = |field: &str, v: &Option<String>| -> Result<Option<String>, DocError> {
            match v {
                Some(t) if !domain::text::normalize(t).is_empty() => required(field, t).map(Some),
                _ => Ok(None),
            }
        };
        let names = |field: &str, v: &[String]| -> Result<Vec<String>, DocError> {
            v.iter()
                .enumerate()
                .map(|(i, n)| required(&format!("{field}[{}]", i + 1), n))
                .collect()
        };
        let a = ArticleInput {
            organization: required("organization (tổ chức đảng)", &self.organization)?,
            headline_organization: opt("headline_organization", &self.headline_organization)?,
            congress: self.congress.checked()?,
            date: self.date,
            venue: opt("venue", &self.venue)?,
            previous_term: opt("previous_term", &self.previous_term)?,
            superior_congress: opt("superior_congress", &self.superior_congress)?,
            guests: self.checked_guests()?,
            summoned: self.summoned,
            member_profile: opt("member_profile", &self.member_profile)?,
            term_results: names("term_results", &self.term_results)?,
            general_goal: opt("general_goal", &self.general_goal)?,
            targets: names("targets", &self.targets)?,
            committee_label: opt("committee_label", &self.committee_label)?,
            elected: self
                .elected
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    Ok(Elected {
                        name: required(&format!("elected[{}].name", i + 1), &e.name)?,
                        role: e.role,
                    })
                })
                .collect::<Result<_, DocError>>()?,
            delegates: names("delegates", &self.delegates)?,
            alternates: names("alternates", &self.alternates)?,
            open_elections: self
                .open_elections
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    Ok(OpenElection {
                        office: required(&format!("open_elections[{}].office", i + 1), &o.office)?,
                        ..o.clone()
                    })
                })
                .collect::<Result<_, DocError>>()?,
            season: opt("season", &self.season)?,
        };
        let count = |r: CommitteeRole| a.elected.iter().filter(|e| e.role == r).count();
        if count(CommitteeRole::Secretary) > 1 {
            return invalid("danh sách trúng cử (elected) có nhiều hơn một Bí thư");
        }
        if a.committee_label.is_none() && count(CommitteeRole::Member) > 0 {
            return invalid(
                "có ủy viên trong danh sách trúng cử (elected) nhưng chưa ghi tên cấp ủy (committee_label, ví dụ \"Ban Chấp hành chi bộ\")",
            );
        }
        if (!a.delegates.is_empty() || !a.alternates.is_empty()) && a.superior_congress.is_none() {
            return invalid(
                "có đại biểu được bầu nhưng chưa ghi đại hội cấp trên (superior_congress)",
            );
        }
        Ok(a)
    }

    /// The article as Markdown: a headline, then paragraphs.
    pub fn to_markdown(&self) -> Result<String, DocError> {
        let a = self.checked()?;
        let mut out = vec![a.headline(), a.lead(self.elected_bodies(&a))];
        out.push(a.attendance());
        out.extend(a.term_results.iter().cloned());
        out.extend(a.resolution());
        if let Some(text) = self.elections(&a) {
            out.push(text);
        }
        out.extend(a.season.clone());
        out.push(a.closing());
        Ok(out.join("\n\n") + "\n")
    }

    /// The headline: "# Đại hội Chi bộ … lần thứ IV, nhiệm kỳ 2020–2025", with the longer name
    /// when there is one.
    fn headline(&self) -> String {
        let c = &self.congress;
        let headline_org = self
            .headline_organization
            .as_deref()
            .unwrap_or(&self.organization);
        format!(
            "# Đại hội {headline_org} lần thứ {}, nhiệm kỳ {}",
            to_roman(c.ordinal),
            c.term
        )
    }

    /// The lead: date, place, ordinal, term, what the congress does and (`bodies`) what it
    /// elects.
    fn lead(&self, bodies: Option<String>) -> String {
        let c = &self.congress;
        let mut lead = format!(
            "Ngày {}, {} tổ chức {}",
            format_date(self.date),
            self.organization,
            c.full_name()
        );
        if let Some(v) = &self.venue {
            lead += &format!(" tại {v}");
        }
        let mut aims = Vec::new();
        if let (Some(prev), true) = (&self.previous_term, c.ordinal > 1) {
            aims.push(format!(
                "tổng kết, đánh giá kết quả thực hiện Nghị quyết Đại hội lần thứ {}, nhiệm kỳ {prev}",
                to_roman(c.ordinal - 1)
            ));
        }
        aims.push(format!("đề ra phương hướng, nhiệm vụ nhiệm kỳ {}", c.term));
        lead += &format!(" nhằm {}", aims.join(" và "));
        let mut elects = Vec::new();
        if let Some(body) = bodies {
            elects.push(format!("bầu {body} khóa {}", to_roman(c.ordinal)));
        }
        if let Some(sup) = &self.superior_congress
            && !(self.delegates.is_empty() && self.alternates.is_empty())
        {
            elects.push(format!("bầu Đoàn đại biểu đi dự {sup}"));
        }
        if !elects.is_empty() {
            lead += &format!(", đồng thời {}", elects.join(", "));
        }
        lead + "."
    }

    /// The guests who directed the congress, those summoned, and the members' profile.
    fn attendance(&self) -> String {
        let who = self.congress.kind.attendee();
        let attendance = format!(
            "{} {who} trong {} được triệu tập về dự Đại hội",
            format_count2(i64::try_from(self.summoned).unwrap_or(i64::MAX)),
            self.organization
        );
        let mut para = if self.guests.is_empty() {
            format!("Tham dự Đại hội có {attendance}.")
        } else {
            let guests: Vec<String> = self
                .guests
                .iter()
                .map(|g| {
                    if g.position.is_empty() {
                        g.name.clone()
                    } else {
                        format!("{}, {}", g.name, g.position)
                    }
                })
                .collect();
            format!(
                "Đến dự và chỉ đạo Đại hội có đồng chí {} và {attendance}.",
                guests.join("; đồng chí ")
            )
        };
        if let Some(p) = &self.member_profile {
            para += &format!(" {p}");
        }
        para
    }

    /// The resolution: its general goal and main targets (nothing when neither is given).
    fn resolution(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.general_goal.is_some() || !self.targets.is_empty() {
            out.push(format!(
                "Qua buổi làm việc, Đại hội {} đã thông qua Nghị quyết thống nhất các chỉ tiêu, nhiệm vụ và giải pháp nhiệm kỳ {} với các nội dung như sau:",
                self.organization, self.congress.term
            ));
            if let Some(goal) = &self.general_goal {
                out.push(format!("Mục tiêu chung là {}.", trim_period(goal)));
            }
            if !self.targets.is_empty() {
                let targets: Vec<&str> = self.targets.iter().map(|t| trim_period(t)).collect();
                out.push(format!("Các chỉ tiêu chủ yếu như: {}.", targets.join("; ")));
            }
        }
        out
    }

    /// The closing: the congress a success, the new committee and all striving for the
    /// resolution.
    fn closing(&self) -> String {
        let c = &self.congress;
        let who = c.kind.attendee();
        let who_strives = match &self.committee_label {
            Some(label) => format!(
                "tập thể {label} khóa {}, nhiệm kỳ {} cùng toàn thể {who}",
                to_roman(c.ordinal),
                c.term
            ),
            None => format!("toàn thể {who}"),
        };
        if !self.open_elections.is_empty() {
            return format!(
                "{} tiếp tục làm việc để bầu đủ các chức danh còn lại./.",
                c.name
            );
        }
        format!(
            "{} đã tổ chức thành công tốt đẹp; {who_strives} sẽ nỗ lực, phấn đấu hoàn thành các mục tiêu, nhiệm vụ mà Nghị quyết Đại hội đã thông qua./.",
            c.name
        )
    }

    /// The article as a document (.docx, PDF): the headline as the title, then one paragraph
    /// for each paragraph of the text.
    pub fn to_document(&self) -> Result<Document, DocError> {
        let text = self.to_markdown()?;
        let mut blocks = Vec::new();
        let mut title = String::new();
        for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
            match para.strip_prefix("# ") {
                Some(h) => {
                    title = h.to_string();
                    blocks.push(Block::Title {
                        text: h.to_string(),
                    });
                }
                None => blocks.push(Block::Para {
                    text: para.to_string(),
                }),
            }
        }
        Ok(Document { title, blocks })
    }

    /// "Ban Chấp hành chi bộ, Bí thư, Phó Bí thư" — what the lead says is elected.
    fn elected_bodies(&self, a: &ArticleInput) -> Option<String> {
        let has = |r: CommitteeRole| a.elected.iter().any(|e| e.role == r);
        let mut parts = Vec::new();
        if let Some(label) = &a.committee_label
            && !a.elected.is_empty()
        {
            parts.push(label.clone());
        }
        if has(CommitteeRole::Secretary) {
            parts.push("Bí thư".to_string());
        }
        if has(CommitteeRole::Deputy) {
            parts.push("Phó Bí thư".to_string());
        }
        (!parts.is_empty()).then(|| parts.join(", "))
    }

    /// The paragraph on who was elected: the committee, then the delegation to the superior
    /// congress.
    fn elections(&self, a: &ArticleInput) -> Option<String> {
        let mut sentences = Vec::new();
        sentences.extend(a.committee_elected());
        sentences.extend(a.delegation_elected(!sentences.is_empty()));
        let mut text = (!sentences.is_empty()).then(|| sentences.join("; ") + ".");
        if let Some(open) = a.still_open() {
            text = Some(match text {
                Some(t) => format!("{t} {open}"),
                None => open,
            });
        }
        text
    }

    /// What the congress has not yet elected: "Đại hội chưa bầu Bí thư chi bộ, Phó Bí thư chi
    /// bộ; đại biểu chính thức … mới bầu được 02/03 đồng chí." The chi ủy's seats left are
    /// told with the chi ủy itself.
    fn still_open(&self) -> Option<String> {
        let n = |k: u32| format_count2(i64::from(k));
        let not_held: Vec<&str> = self
            .open_elections
            .iter()
            .filter(|o| o.elected == 0 && !self.committee_told(o))
            .map(|o| o.office.as_str())
            .collect();
        let mut parts = Vec::new();
        if !not_held.is_empty() {
            parts.push(format!("chưa bầu {}", not_held.join(", ")));
        }
        for o in &self.open_elections {
            if let (Some(seats), true) = (o.seats, o.elected > 0 && !self.committee_told(o)) {
                parts.push(format!(
                    "{} mới bầu được {}/{} đồng chí",
                    o.office,
                    n(o.elected),
                    n(seats)
                ));
            }
        }
        (!parts.is_empty()).then(|| format!("Đại hội {}.", parts.join("; ")))
    }

    /// Whether the committee's sentence already tells this open election (its seats left).
    fn committee_told(&self, o: &OpenElection) -> bool {
        o.kind == ElectionKind::Committee && o.elected > 0 && self.committee_label.is_some()
    }

    /// The chi ủy's seats when some are still open: (elected, seats).
    fn committee_open(&self) -> Option<(u32, u32)> {
        self.open_elections
            .iter()
            .find(|o| o.kind == ElectionKind::Committee)
            .and_then(|o| o.seats.map(|s| (o.elected, s)))
    }

    /// The sentence on the committee (or the secretary and deputy alone) elected, with its
    /// count by role and the names; none when nobody was elected.
    fn committee_elected(&self) -> Option<String> {
        if self.elected.is_empty() {
            return None;
        }
        let c = &self.congress;
        let of = |r: CommitteeRole| -> Vec<&str> {
            self.elected
                .iter()
                .filter(|e| e.role == r)
                .map(|e| e.name.as_str())
                .collect()
        };
        let (sec, dep, mem) = (
            of(CommitteeRole::Secretary),
            of(CommitteeRole::Deputy),
            of(CommitteeRole::Member),
        );
        let n = |k: usize| format_count2(k as i64);
        let mut named = Vec::new();
        if let Some(s) = sec.first() {
            named.push(format!("đồng chí {s} – Bí thư"));
        }
        for d in &dep {
            named.push(format!("đồng chí {d} – Phó Bí thư"));
        }
        if !mem.is_empty() {
            let who = if mem.len() == 1 {
                "đồng chí"
            } else {
                "các đồng chí"
            };
            named.push(format!("{who} {} – Ủy viên", mem.join(", ")));
        }
        Some(match &self.committee_label {
            Some(label) if self.committee_unfinished() => {
                self.committee_so_far(label, &named.join("; "))
            }
            Some(label) => {
                let mut split = Vec::new();
                if !sec.is_empty() {
                    split.push(format!("{} đồng chí Bí thư", n(sec.len())));
                }
                if !dep.is_empty() {
                    split.push(format!("{} đồng chí Phó Bí thư", n(dep.len())));
                }
                if !mem.is_empty() {
                    split.push(format!("{} đồng chí Ủy viên", n(mem.len())));
                }
                format!(
                    "Tại Đại hội, {} đã bầu ra {label} khóa {}, nhiệm kỳ {} gồm {} đồng chí (trong đó {}): {}",
                    self.organization,
                    to_roman(c.ordinal),
                    c.term,
                    n(self.elected.len()),
                    split.join(", "),
                    named.join("; ")
                )
            }
            None => format!(
                "Tại Đại hội, {} đã bầu {}",
                self.organization,
                named.join("; ")
            ),
        })
    }

    /// Whether the chi ủy, the secretary or the deputy is still to elect.
    fn committee_unfinished(&self) -> bool {
        self.open_elections.iter().any(|o| {
            matches!(
                o.kind,
                ElectionKind::Committee | ElectionKind::Secretary | ElectionKind::Deputy
            )
        })
    }

    /// The chi ủy of an unfinished congress, as far as it is elected: "đã bầu được 02/03
    /// đồng chí Chi ủy … (còn 01 chỗ chưa bầu): …", without the split by role a complete
    /// committee gets.
    fn committee_so_far(&self, label: &str, named: &str) -> String {
        let c = &self.congress;
        let n = |k: u32| format_count2(i64::from(k));
        let term = format!("{label} khóa {}, nhiệm kỳ {}", to_roman(c.ordinal), c.term);
        let how_many = match self.committee_open() {
            Some((elected, seats)) => format!(
                "đã bầu được {}/{} đồng chí {term} (còn {} chỗ chưa bầu)",
                n(elected),
                n(seats),
                n(seats.saturating_sub(elected))
            ),
            None => format!(
                "đã bầu ra {term} gồm {} đồng chí",
                format_count2(self.elected.len() as i64)
            ),
        };
        format!("Tại Đại hội, {} {how_many}: {named}", self.organization)
    }

    /// The sentence on the delegation to the superior congress, delegates and alternates;
    /// `follows` when it comes after the committee's sentence.
    fn delegation_elected(&self, follows: bool) -> Option<String> {
        let sup = self.superior_congress.as_ref()?;
        if self.delegates.is_empty() && self.alternates.is_empty() {
            return None;
        }
        let n = |k: usize| format_count2(k as i64);
        let mut parts = Vec::new();
        if !self.delegates.is_empty() {
            parts.push(format!(
                "{} đồng chí chính thức ({})",
                n(self.delegates.len()),
                self.delegates.join(", ")
            ));
        }
        if !self.alternates.is_empty() {
            parts.push(format!(
                "{} đồng chí dự khuyết ({})",
                n(self.alternates.len()),
                self.alternates.join(", ")
            ));
        }
        let lead = if follows {
            "đồng thời bầu ra".to_string()
        } else {
            format!("Tại Đại hội, {} đã bầu ra", self.organization)
        };
        Some(format!(
            "{lead} Đoàn đại biểu đi dự {sup} gồm {}",
            parts.join(" và ")
        ))
    }
}

/// A clause without its final period, to be joined into a sentence.
fn trim_period(s: &str) -> &str {
    s.trim_end_matches(['.', ';', ' '])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::congress::minutes::CongressKind;

    /// The congress of seed 000, as the record would hold it.
    fn seed000() -> ArticleInput {
        ArticleInput {
            organization: "Chi bộ Sở Ngoại vụ".into(),
            headline_organization: Some("Chi bộ Sở Ngoại vụ tỉnh Kiên Giang".into()),
            congress: CongressInfo {
                name: "Đại hội Chi bộ Sở Ngoại vụ".into(),
                ordinal: 4,
                term: "2020–2025".into(),
                kind: CongressKind::Members,
            },
            date: NaiveDate::from_ymd_opt(2020, 5, 15).unwrap(),
            venue: None,
            previous_term: Some("2015–2020".into()),
            superior_congress: Some(
                "Đại hội Đảng bộ Khối Các cơ quan tỉnh lần thứ VII, nhiệm kỳ 2020–2025".into(),
            ),
            guests: vec![
                Guest {
                    name: "Nguyễn Vũ Phong".into(),
                    position: "Ủy viên Ban Thường vụ Đảng ủy khối, Chủ nhiệm Ủy ban kiểm tra Đảng ủy khối".into(),
                },
                Guest {
                    name: "Ngô Ngọc Phượng".into(),
                    position: "chuyên viên Đảng ủy khối".into(),
                },
            ],
            summoned: 22,
            member_profile: Some(
                "Chi bộ Sở Ngoại vụ hiện tại có 22 đảng viên; về trình độ chuyên môn có 06 thạc sĩ, 16 đại học.".into(),
            ),
            term_results: vec![
                "Thực hiện Nghị quyết Đại hội Chi bộ lần thứ III, nhiệm kỳ 2015–2020, Chi bộ Sở Ngoại vụ đã đoàn kết, nỗ lực vượt qua khó khăn, tổ chức thực hiện đạt kết quả trong công tác đối ngoại.".into(),
            ],
            general_goal: Some(
                "tiếp tục lãnh đạo đổi mới công tác xây dựng đảng, nâng cao sức chiến đấu của đảng viên.".into(),
            ),
            targets: vec![
                "có 100% đảng viên và 95% quần chúng trở lên được học tập các chủ trương, nghị quyết".into(),
                "có từ 95% đảng viên trở lên tham dự sinh hoạt Chi bộ định kỳ".into(),
                "kiểm tra, giám sát đạt ít nhất 30% tổng số đảng viên trở lên.".into(),
            ],
            committee_label: Some("Ban Chấp hành chi bộ".into()),
            elected: vec![
                Elected { name: "Nguyễn Văn An".into(), role: CommitteeRole::Secretary },
                Elected { name: "Trần Thị Bình".into(), role: CommitteeRole::Deputy },
                Elected { name: "Lê Hoàng Cường".into(), role: CommitteeRole::Member },
                Elected { name: "Phạm Thị Dung".into(), role: CommitteeRole::Member },
                Elected { name: "Huỳnh Thị Giang".into(), role: CommitteeRole::Member },
            ],
            delegates: vec!["Nguyễn Văn An".into(), "Trần Thị Bình".into(), "Lê Hoàng Cường".into()],
            alternates: vec!["Phạm Thị Dung".into()],
            open_elections: vec![],
            season: None,
        }
    }

    #[test]
    fn an_unfinished_congress_tells_the_seats_still_open_and_the_secretary_not_elected() {
        let mut a = seed000();
        a.committee_label = Some("Chi ủy".into());
        a.elected = vec![
            Elected {
                name: "Nguyễn Văn An".into(),
                role: CommitteeRole::Member,
            },
            Elected {
                name: "Trần Thị Bình".into(),
                role: CommitteeRole::Member,
            },
        ];
        a.delegates.clear();
        a.alternates.clear();
        let open = |kind, office: &str, seats, elected| OpenElection {
            kind,
            office: office.into(),
            seats,
            elected,
        };
        a.open_elections = vec![
            open(ElectionKind::Committee, "Chi ủy", Some(3), 2),
            open(ElectionKind::Secretary, "Bí thư chi bộ", None, 0),
            open(ElectionKind::Deputy, "Phó Bí thư chi bộ", None, 0),
        ];
        let text = a.to_markdown().unwrap();
        assert!(
            text.contains("Tại Đại hội, Chi bộ Sở Ngoại vụ đã bầu được 02/03 đồng chí Chi ủy khóa IV, nhiệm kỳ 2020–2025 (còn 01 chỗ chưa bầu): các đồng chí Nguyễn Văn An, Trần Thị Bình – Ủy viên. Đại hội chưa bầu Bí thư chi bộ, Phó Bí thư chi bộ."),
            "{text}"
        );
        assert!(!text.contains("gồm 02 đồng chí"), "{text}");
        assert!(!text.contains("thành công tốt đẹp"), "{text}");
        assert!(
            text.contains(
                "Đại hội Chi bộ Sở Ngoại vụ tiếp tục làm việc để bầu đủ các chức danh còn lại./."
            ),
            "{text}"
        );

        // The chi ủy complete, the secretary still to elect: no "trong đó 01 đồng chí Bí thư".
        a.open_elections.remove(0);
        a.elected.push(Elected {
            name: "Lê Hoàng Cường".into(),
            role: CommitteeRole::Member,
        });
        let text = a.to_markdown().unwrap();
        assert!(
            text.contains("đã bầu ra Chi ủy khóa IV, nhiệm kỳ 2020–2025 gồm 03 đồng chí: các đồng chí Nguyễn Văn An, Trần Thị Bình, Lê Hoàng Cường – Ủy viên. Đại hội chưa bầu Bí thư chi bộ, Phó Bí thư chi bộ."),
            "{text}"
        );
        assert!(!text.contains("trong đó"), "{text}");
    }

    #[test]
    fn the_article_of_seed_000() {
        let text = seed000().to_markdown().unwrap();
        let expected = "\
# Đại hội Chi bộ Sở Ngoại vụ tỉnh Kiên Giang lần thứ IV, nhiệm kỳ 2020–2025

Ngày 15/5/2020, Chi bộ Sở Ngoại vụ tổ chức Đại hội Chi bộ Sở Ngoại vụ lần thứ IV, nhiệm kỳ 2020–2025 nhằm tổng kết, đánh giá kết quả thực hiện Nghị quyết Đại hội lần thứ III, nhiệm kỳ 2015–2020 và đề ra phương hướng, nhiệm vụ nhiệm kỳ 2020–2025, đồng thời bầu Ban Chấp hành chi bộ, Bí thư, Phó Bí thư khóa IV, bầu Đoàn đại biểu đi dự Đại hội Đảng bộ Khối Các cơ quan tỉnh lần thứ VII, nhiệm kỳ 2020–2025.

Đến dự và chỉ đạo Đại hội có đồng chí Nguyễn Vũ Phong, Ủy viên Ban Thường vụ Đảng ủy khối, Chủ nhiệm Ủy ban kiểm tra Đảng ủy khối; đồng chí Ngô Ngọc Phượng, chuyên viên Đảng ủy khối và 22 đảng viên trong Chi bộ Sở Ngoại vụ được triệu tập về dự Đại hội. Chi bộ Sở Ngoại vụ hiện tại có 22 đảng viên; về trình độ chuyên môn có 06 thạc sĩ, 16 đại học.

Thực hiện Nghị quyết Đại hội Chi bộ lần thứ III, nhiệm kỳ 2015–2020, Chi bộ Sở Ngoại vụ đã đoàn kết, nỗ lực vượt qua khó khăn, tổ chức thực hiện đạt kết quả trong công tác đối ngoại.

Qua buổi làm việc, Đại hội Chi bộ Sở Ngoại vụ đã thông qua Nghị quyết thống nhất các chỉ tiêu, nhiệm vụ và giải pháp nhiệm kỳ 2020–2025 với các nội dung như sau:

Mục tiêu chung là tiếp tục lãnh đạo đổi mới công tác xây dựng đảng, nâng cao sức chiến đấu của đảng viên.

Các chỉ tiêu chủ yếu như: có 100% đảng viên và 95% quần chúng trở lên được học tập các chủ trương, nghị quyết; có từ 95% đảng viên trở lên tham dự sinh hoạt Chi bộ định kỳ; kiểm tra, giám sát đạt ít nhất 30% tổng số đảng viên trở lên.

Tại Đại hội, Chi bộ Sở Ngoại vụ đã bầu ra Ban Chấp hành chi bộ khóa IV, nhiệm kỳ 2020–2025 gồm 05 đồng chí (trong đó 01 đồng chí Bí thư, 01 đồng chí Phó Bí thư, 03 đồng chí Ủy viên): đồng chí Nguyễn Văn An – Bí thư; đồng chí Trần Thị Bình – Phó Bí thư; các đồng chí Lê Hoàng Cường, Phạm Thị Dung, Huỳnh Thị Giang – Ủy viên; đồng thời bầu ra Đoàn đại biểu đi dự Đại hội Đảng bộ Khối Các cơ quan tỉnh lần thứ VII, nhiệm kỳ 2020–2025 gồm 03 đồng chí chính thức (Nguyễn Văn An, Trần Thị Bình, Lê Hoàng Cường) và 01 đồng chí dự khuyết (Phạm Thị Dung).

Đại hội Chi bộ Sở Ngoại vụ đã tổ chức thành công tốt đẹp; tập thể Ban Chấp hành chi bộ khóa IV, nhiệm kỳ 2020–2025 cùng toàn thể đảng viên sẽ nỗ lực, phấn đấu hoàn thành các mục tiêu, nhiệm vụ mà Nghị quyết Đại hội đã thông qua./.
";
        assert_eq!(text, expected);
    }

    #[test]
    fn a_small_branch_elects_only_a_secretary_and_has_no_guests() {
        let mut a = seed000();
        a.committee_label = None;
        a.elected = vec![Elected {
            name: "Nguyễn Văn An".into(),
            role: CommitteeRole::Secretary,
        }];
        a.guests.clear();
        a.delegates.clear();
        a.alternates.clear();
        a.targets.clear();
        a.general_goal = None;
        a.congress.ordinal = 1;
        a.previous_term = None;
        let text = a.to_markdown().unwrap();
        assert!(text.contains("lần thứ I, nhiệm kỳ 2020–2025 nhằm đề ra phương hướng, nhiệm vụ nhiệm kỳ 2020–2025, đồng thời bầu Bí thư khóa I."), "{text}");
        assert!(text.contains("Tham dự Đại hội có 22 đảng viên trong Chi bộ Sở Ngoại vụ được triệu tập về dự Đại hội."), "{text}");
        assert!(
            text.contains(
                "Tại Đại hội, Chi bộ Sở Ngoại vụ đã bầu đồng chí Nguyễn Văn An – Bí thư."
            ),
            "{text}"
        );
        assert!(!text.contains("Nghị quyết thống nhất"), "{text}");
        assert!(!text.contains("Đoàn đại biểu"), "{text}");
    }

    #[test]
    fn bad_input_is_refused_with_a_reason() {
        let mut a = seed000();
        a.superior_congress = None;
        assert!(
            a.to_markdown()
                .unwrap_err()
                .to_string()
                .contains("superior_congress")
        );
        let mut a = seed000();
        a.elected[1].role = CommitteeRole::Secretary;
        assert!(
            a.to_markdown()
                .unwrap_err()
                .to_string()
                .contains("nhiều hơn một Bí thư")
        );
        let mut a = seed000();
        a.committee_label = None;
        assert!(
            a.to_markdown()
                .unwrap_err()
                .to_string()
                .contains("committee_label")
        );
        let mut a = seed000();
        a.guests[0].name = "".into();
        assert!(
            a.to_markdown()
                .unwrap_err()
                .to_string()
                .contains("guests[1].name")
        );
    }

    #[test]
    fn reads_from_json_with_optional_fields_left_out() {
        let json = r#"{
            "organization": "Chi bộ Sở Ngoại vụ",
            "congress": {"name": "Đại hội Chi bộ Sở Ngoại vụ", "ordinal": 5, "term": "2025–2030", "kind": "members"},
            "date": "2025-05-20",
            "summoned": 24
        }"#;
        let a: ArticleInput = serde_json::from_str(json).unwrap();
        let text = a.to_markdown().unwrap();
        assert!(
            text.starts_with(
                "# Đại hội Chi bộ Sở Ngoại vụ lần thứ V, nhiệm kỳ 2025–2030\n\nNgày 20/5/2025,"
            ),
            "{text}"
        );
    }
}
