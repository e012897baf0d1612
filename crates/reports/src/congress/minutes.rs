//! The counting minutes (biên bản kiểm phiếu, DOMAIN.md §4 and §7; Mẫu 5 of HD 04-HD/TW): one
//! round's counts from `domain::election::count_round`, as .docx, PDF and text.

use serde::{Deserialize, Serialize};

use domain::election::{DEFAULT_INVALID_REASON, InvalidReason, RoundResult, Status};
use domain::text::{format_count2, format_date_long, format_int, to_roman};

use crate::document::{
    Align, Block, DocError, Document, Issuer, Signature, format_percent2, required,
};

/// Members' or delegates' congress: who is counted ("đảng viên" or "đại biểu").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CongressKind {
    Members,
    Delegates,
}

impl CongressKind {
    /// "đảng viên" / "đại biểu".
    pub fn attendee(self) -> &'static str {
        match self {
            CongressKind::Members => "đảng viên",
            CongressKind::Delegates => "đại biểu",
        }
    }
}

/// The congress a document belongs to: "Đại hội Chi bộ Sở Ngoại vụ lần thứ IV, nhiệm kỳ
/// 2020–2025".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CongressInfo {
    /// "Đại hội Chi bộ Sở Ngoại vụ".
    pub name: String,
    /// The ordinal, printed in Roman numerals.
    pub ordinal: u32,
    /// "2020–2025".
    pub term: String,
    pub kind: CongressKind,
}

impl CongressInfo {
    /// NFC-normalized; blank texts and ordinal 0 are refused.
    pub fn checked(&self) -> Result<Self, DocError> {
        if self.ordinal == 0 || self.ordinal > 3999 {
            return Err(DocError::Invalid(format!(
                "trường congress.ordinal (lần thứ) là {}, phải từ 1 đến 3999",
                self.ordinal
            )));
        }
        Ok(Self {
            name: required("congress.name (tên đại hội)", &self.name)?,
            ordinal: self.ordinal,
            term: required("congress.term (nhiệm kỳ)", &self.term)?,
            kind: self.kind,
        })
    }

    /// "Đại hội Chi bộ Sở Ngoại vụ lần thứ IV, nhiệm kỳ 2020–2025".
    pub fn full_name(&self) -> String {
        format!(
            "{} lần thứ {}, nhiệm kỳ {}",
            self.name,
            to_roman(self.ordinal),
            self.term
        )
    }
}

/// Role on the counting board.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoardRole {
    /// Trưởng ban: signs for the board.
    Head,
    /// Ủy viên.
    Member,
}

impl BoardRole {
    pub fn label(self) -> &'static str {
        match self {
            BoardRole::Head => "Trưởng ban",
            BoardRole::Member => "Ủy viên",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardMember {
    pub name: String,
    pub role: BoardRole,
}

/// What the minutes say besides the counts; the congress layer fills it from its record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinutesInfo {
    pub issuer: Issuer,
    /// The symbol in the congress's series, e.g. "05-BB/ĐH" (printed "Số 05-BB/ĐH").
    #[serde(default)]
    pub number: Option<String>,
    pub congress: CongressInfo,
    /// What is elected, e.g. "Bầu Ban Chấp hành Chi bộ khóa IV, nhiệm kỳ 2020–2025".
    pub election: String,
    /// The round (lần bỏ phiếu), from 1.
    pub round: u32,
    /// "16 giờ 30", when the count was done.
    #[serde(default)]
    pub time: Option<String>,
    /// "Hội trường Sở Ngoại vụ".
    #[serde(default)]
    pub venue: Option<String>,
    pub summoned: u64,
    pub present: u64,
    /// The counting board in the order the congress elected it.
    pub board: Vec<BoardMember>,
    /// The fingerprint of the counting board's key that seals the result package
    /// (`domain::package`), printed so that the superior can compare it with the package.
    #[serde(default)]
    pub key_fingerprint: Option<String>,
}

/// The counting minutes of one round: the record's texts and the engine's result.
#[derive(Debug, Clone, PartialEq)]
pub struct CountingMinutes {
    info: MinutesInfo,
    result: RoundResult,
}

impl CountingMinutes {
    /// Checks the input against itself and the counts: texts present, present ≤ summoned, the
    /// base not above those summoned, one head of the board, no counter on the candidate list,
    /// and the counting invariants of DOMAIN.md §4.
    pub fn new(info: MinutesInfo, result: RoundResult) -> Result<Self, DocError> {
        let info = info.checked()?;
        check_attendance(&info, &result)?;
        check_board(&info, &result)?;
        let broken = result.broken_invariants();
        if !broken.is_empty() {
            return Err(DocError::Invalid(format!(
                "kết quả kiểm phiếu không khớp: {}",
                broken.join("; ")
            )));
        }
        Ok(Self { info, result })
    }

    pub fn info(&self) -> &MinutesInfo {
        &self.info
    }

    pub fn result(&self) -> &RoundResult {
        &self.result
    }

    /// The minutes as blocks, shared by the .docx, the PDF and the text.
    pub fn document(&self) -> Document {
        let mut blocks = self.heading();
        blocks.extend(self.opening());
        blocks.extend(self.attendance());
        blocks.extend(self.ballots());
        blocks.extend(self.results_table());
        blocks.extend(self.elected());
        blocks.push(self.closing());
        if let Some(f) = &self.info.key_fingerprint {
            blocks.push(Block::Para {
                text: format!(
                    "Kết quả kiểm phiếu được niêm phong trong gói kết quả ký bằng khóa của Ban kiểm phiếu, dấu vân tay khóa: {f}."
                ),
            });
        }
        blocks.push(self.signatures());
        Document {
            title: format!("Biên bản kiểm phiếu – {}", self.info.election),
            blocks,
        }
    }

    /// The header (issuer, "BAN KIỂM PHIẾU", number, place and date), the title and the
    /// subject lines (the election, then its round).
    fn heading(&self) -> Vec<Block> {
        let i = &self.info;
        vec![
            Block::Header {
                superior: i.issuer.superior.clone(),
                organization: i.issuer.organization.clone(),
                units: vec!["BAN KIỂM PHIẾU".into()],
                number: i.number.as_ref().map(|n| format!("Số {n}")),
                place_date: i.issuer.place_date(),
            },
            Block::Title {
                text: "BIÊN BẢN KIỂM PHIẾU".into(),
            },
            Block::Subject {
                lines: vec![
                    i.election.clone(),
                    format!("(Lần bỏ phiếu thứ {})", i.round),
                ],
            },
        ]
    }

    /// "Hôm nay, …": the day and place, the counting board one by one, then what it counted:
    /// the election, the seats and the list.
    fn opening(&self) -> Vec<Block> {
        let i = &self.info;
        let r = &self.result;
        let mut when = format!("Hôm nay, {}", format_date_long(i.issuer.date));
        if let Some(v) = &i.venue {
            when += &format!(", tại {v}");
        }
        let mut blocks = vec![Block::Para {
            text: format!(
                "{when}, Ban kiểm phiếu {} gồm các đồng chí:",
                i.congress.full_name()
            ),
        }];
        for (n, m) in i.board.iter().enumerate() {
            blocks.push(Block::Item {
                text: format!("{}. Đồng chí {}, {}.", n + 1, m.name, m.role.label()),
            });
        }
        blocks.push(Block::Para {
            text: format!(
                "Đã tiến hành kiểm phiếu {}, lần bỏ phiếu thứ {}. Số lượng cần bầu là {} đồng chí; danh sách bầu cử gồm {} đồng chí. Kết quả kiểm phiếu cụ thể như sau:",
                lowercase_first(&i.election),
                i.round,
                format_count2(r.seats as i64),
                format_count2(r.results.len() as i64)
            ),
        });
        blocks
    }

    /// I. SỐ ĐẢNG VIÊN / ĐẠI BIỂU: summoned, present, and the base with its threshold.
    fn attendance(&self) -> Vec<Block> {
        let i = &self.info;
        let r = &self.result;
        let who = i.congress.kind.attendee();
        let mut blocks = vec![Block::Heading {
            text: format!("I. SỐ {}", who.to_uppercase()),
        }];
        for line in [
            format!(
                "1. Tổng số {who} được triệu tập: {} đồng chí.",
                count(i.summoned)
            ),
            format!("2. Số {who} có mặt: {} đồng chí.", count(i.present)),
            format!(
                "3. Số {who} làm căn cứ tính kết quả bầu cử: {} đồng chí. Người trúng cử phải được số phiếu bầu quá một nửa so với căn cứ này, tức là từ {} phiếu trở lên.",
                count(r.base.get()),
                count(r.threshold)
            ),
        ] {
            blocks.push(Block::Item { text: line });
        }
        blocks
    }

    /// II. SỐ PHIẾU: issued, returned, valid, invalid, and how many invalid ballots of each
    /// kind, as the counting board sorted them.
    fn ballots(&self) -> Vec<Block> {
        let r = &self.result;
        let b = &r.ballots;
        let mut blocks = vec![Block::Heading {
            text: "II. SỐ PHIẾU".into(),
        }];
        let invalid = match b.invalid {
            0 => "4. Số phiếu không hợp lệ: không có.".to_string(),
            n => format!("4. Số phiếu không hợp lệ: {} phiếu, trong đó:", count(n)),
        };
        for line in [
            format!("1. Số phiếu phát ra: {} phiếu.", count(b.issued)),
            format!("2. Số phiếu thu vào: {} phiếu.", count(b.returned)),
            format!("3. Số phiếu hợp lệ: {} phiếu.", count(b.valid)),
            invalid,
        ] {
            blocks.push(Block::Item { text: line });
        }
        for (kind, n) in invalid_kinds(&r.invalid_ballots) {
            blocks.push(Block::Item {
                text: format!("– {kind}: {} phiếu.", count(n)),
            });
        }
        blocks
    }

    /// III. KẾT QUẢ KIỂM PHIẾU: the table of candidates by votes, with both percentages and the
    /// status.
    fn results_table(&self) -> Vec<Block> {
        let r = &self.result;
        vec![
            Block::Heading {
                text: "III. KẾT QUẢ KIỂM PHIẾU (xếp theo số phiếu bầu từ cao đến thấp)".into(),
            },
            Block::Table {
                widths: vec![9, 32, 12, 16, 16, 20],
                align: vec![
                    Align::Center,
                    Align::Left,
                    Align::Center,
                    Align::Center,
                    Align::Center,
                    Align::Center,
                ],
                header: [
                    "STT",
                    "Họ và tên",
                    "Số phiếu bầu",
                    "Tỷ lệ % so với căn cứ",
                    "Tỷ lệ % so với phiếu hợp lệ",
                    "Ghi chú",
                ]
                .map(String::from)
                .to_vec(),
                rows: r
                    .results
                    .iter()
                    .enumerate()
                    .map(|(n, c)| {
                        vec![
                            (n + 1).to_string(),
                            c.candidate.clone(),
                            format_int(c.votes as i64),
                            format_percent2(c.percent_of_base),
                            format_percent2(c.percent_of_valid),
                            c.status.label().into(),
                        ]
                    })
                    .collect(),
            },
        ]
    }

    /// IV. CÁC ĐỒNG CHÍ TRÚNG CỬ: those elected with their votes, then what is left for a
    /// next round (seats still open, or a tie for the last seat).
    fn elected(&self) -> Vec<Block> {
        let r = &self.result;
        let mut blocks = vec![Block::Heading {
            text: "IV. CÁC ĐỒNG CHÍ TRÚNG CỬ (xếp theo số phiếu bầu từ cao đến thấp)".into(),
        }];
        if r.elected.is_empty() {
            blocks.push(Block::Item {
                text: "Không có đồng chí nào trúng cử.".into(),
            });
        }
        for (n, name) in r.elected.iter().enumerate() {
            if let Some(c) = r.results.iter().find(|c| &c.candidate == name) {
                blocks.push(Block::Item {
                    text: format!(
                        "{}. Đồng chí {}: {} phiếu, đạt {}% so với căn cứ.",
                        n + 1,
                        name,
                        count(c.votes),
                        format_percent2(c.percent_of_base)
                    ),
                });
            }
        }
        if let Some(text) = self.next_round() {
            blocks.push(Block::Para { text });
        }
        blocks
    }

    /// What the round leaves to the congress: the seats still open and who may stand, or the
    /// tie for the last seat.
    fn next_round(&self) -> Option<String> {
        let r = &self.result;
        let next = r.next_round.as_ref()?;
        let tied: Vec<&str> = r
            .results
            .iter()
            .filter(|c| c.status == Status::Tied)
            .map(|c| c.candidate.as_str())
            .collect();
        Some(if tied.is_empty() {
            format!(
                "Còn {} chỗ chưa có người trúng cử. Đại hội xem xét, quyết định có bầu tiếp hay không; nếu bầu tiếp, danh sách gồm các đồng chí: {}.",
                format_count2(next.seats as i64),
                next.candidates.join(", ")
            )
        } else {
            format!(
                "Các đồng chí {} có số phiếu bằng nhau ở chỗ cuối cùng. Đại hội bầu tiếp trong số các đồng chí này cho {} chỗ còn lại.",
                tied.join(", "),
                format_count2(next.seats as i64)
            )
        })
    }

    /// "Biên bản lập xong vào lúc … cùng ngày, …": when the count ended, read to the board,
    /// signed and announced to the congress.
    fn closing(&self) -> Block {
        let done = match &self.info.time {
            Some(t) => format!("Biên bản lập xong vào lúc {t} cùng ngày"),
            None => "Biên bản lập xong cùng ngày".to_string(),
        };
        Block::Para {
            text: format!(
                "{done}, đã đọc lại cho các thành viên Ban kiểm phiếu cùng nghe, nhất trí ký tên và công bố trước Đại hội."
            ),
        }
    }

    /// The signatures: the board's members on the left, its head for the board on the right.
    fn signatures(&self) -> Block {
        let board = &self.info.board;
        let head = board
            .iter()
            .find(|m| m.role == BoardRole::Head)
            .map(|m| m.name.clone());
        Block::Signatures {
            left: Signature {
                titles: vec!["CÁC THÀNH VIÊN".into(), "BAN KIỂM PHIẾU".into()],
                names: board
                    .iter()
                    .filter(|m| m.role != BoardRole::Head)
                    .map(|m| m.name.clone())
                    .collect(),
            },
            right: Signature {
                titles: vec!["T/M BAN KIỂM PHIẾU".into(), "TRƯỞNG BAN".into()],
                names: head.into_iter().collect(),
            },
        }
    }

    pub fn to_docx(&self) -> Result<Vec<u8>, DocError> {
        self.document().to_docx()
    }

    pub fn to_pdf(&self) -> Result<Vec<u8>, DocError> {
        self.document().to_pdf()
    }

    pub fn to_text(&self) -> String {
        self.document().to_text()
    }
}

impl MinutesInfo {
    /// NFC-normalized: the board's names, then the issuer, the number, the congress, the
    /// election, the time and the venue; a blank required text is refused.
    fn checked(&self) -> Result<Self, DocError> {
        let board = self
            .board
            .iter()
            .enumerate()
            .map(|(i, m)| {
                Ok(BoardMember {
                    name: required(&format!("board[{}].name (họ và tên)", i + 1), &m.name)?,
                    role: m.role,
                })
            })
            .collect::<Result<Vec<_>, DocError>>()?;
        Ok(MinutesInfo {
            issuer: self.issuer.checked()?,
            number: optional("number", &self.number)?,
            congress: self.congress.checked()?,
            election: required("election (nội dung bầu cử)", &self.election)?,
            round: self.round,
            time: optional("time", &self.time)?,
            venue: optional("venue", &self.venue)?,
            summoned: self.summoned,
            present: self.present,
            board,
            key_fingerprint: optional("key_fingerprint", &self.key_fingerprint)?,
        })
    }
}

/// An optional text: blank is none, otherwise normalized like a required one.
fn optional(field: &str, v: &Option<String>) -> Result<Option<String>, DocError> {
    match v {
        Some(t) if !domain::text::normalize(t).is_empty() => required(field, t).map(Some),
        _ => Ok(None),
    }
}

/// The round and the attendance: round from 1, present ≤ summoned, the base not above those
/// summoned, no more ballots issued than those present.
fn check_attendance(info: &MinutesInfo, result: &RoundResult) -> Result<(), DocError> {
    let invalid = |m: String| Err(DocError::Invalid(m));
    if info.round == 0 {
        return invalid("trường round (lần bỏ phiếu) phải từ 1 trở lên".into());
    }
    if info.present > info.summoned {
        return invalid(format!(
            "số có mặt (present) là {}, nhiều hơn số được triệu tập (summoned) là {}",
            info.present, info.summoned
        ));
    }
    if result.base.get() > info.summoned {
        return invalid(format!(
            "căn cứ tính kết quả bầu cử là {}, nhiều hơn số được triệu tập (summoned) là {}",
            result.base.get(),
            info.summoned
        ));
    }
    if result.ballots.issued > info.present {
        return invalid(format!(
            "số phiếu phát ra là {}, nhiều hơn số có mặt (present) là {}",
            result.ballots.issued, info.present
        ));
    }
    Ok(())
}

/// The counting board: exactly one head, no name twice, no counter on the candidate list.
fn check_board(info: &MinutesInfo, result: &RoundResult) -> Result<(), DocError> {
    let invalid = |m: String| Err(DocError::Invalid(m));
    let heads = info
        .board
        .iter()
        .filter(|m| m.role == BoardRole::Head)
        .count();
    if heads != 1 {
        return invalid(format!(
            "Ban kiểm phiếu (board) phải có đúng một Trưởng ban (role \"head\"), đang có {heads}"
        ));
    }
    for (i, m) in info.board.iter().enumerate() {
        if info.board[..i].iter().any(|o| o.name == m.name) {
            return invalid(format!(
                "đồng chí {} có tên hai lần trong Ban kiểm phiếu",
                m.name
            ));
        }
        if result.results.iter().any(|r| r.candidate == m.name) {
            return invalid(format!(
                "đồng chí {} vừa ở Ban kiểm phiếu vừa có tên trong danh sách bầu cử",
                m.name
            ));
        }
    }
    Ok(())
}

/// The invalid ballots by kind, in the order each kind first appears, with how many: "Phiếu
/// để lại nhiều tên hơn số lượng cần bầu", "Phiếu không bầu đồng chí nào", or the board's own
/// reason ("Phiếu không do Ban kiểm phiếu phát ra").
fn invalid_kinds(invalid: &[(usize, InvalidReason)]) -> Vec<(String, u64)> {
    let mut kinds: Vec<(String, u64)> = Vec::new();
    for (_, reason) in invalid {
        let kind = match reason {
            InvalidReason::KeepsMoreThanSeats { .. } => {
                "Phiếu để lại nhiều tên hơn số lượng cần bầu".to_string()
            }
            InvalidReason::VotesForNoOne => "Phiếu không bầu đồng chí nào".to_string(),
            InvalidReason::RuledByBoard(r) if r == DEFAULT_INVALID_REASON => {
                "Phiếu do Ban kiểm phiếu xác định không hợp lệ".to_string()
            }
            InvalidReason::RuledByBoard(r) => uppercase_first(r.trim_end_matches('.')),
        };
        match kinds.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => kinds.push((kind, 1)),
        }
    }
    kinds
}

/// Counts in the minutes: "06", "21", "1.300".
fn count(n: u64) -> String {
    format_count2(i64::try_from(n).unwrap_or(i64::MAX))
}

/// "gạch hết tên" → "Gạch hết tên" (only the first letter).
fn uppercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "Bầu Ban Chấp hành" → "bầu Ban Chấp hành" (only the first letter).
fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests;
