//! Why an election round cannot be counted: the input is at fault. Each message is Vietnamese
//! and names the field, ballot or value at fault (CONTRACTS.md, `dangvu tally`).

/// Bad input to an election round. Ballot numbers count from 1 in the order given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ElectionError {
    #[error("phiếu thứ {ballot}: \"{q_name}\" không có trong danh sách bầu cử", q_name = crate::text::excerpt(.name))]
    NotOnList { ballot: usize, name: String },
    #[error("phiếu thứ {ballot}: tên \"{q_name}\" xuất hiện hai lần trên cùng một phiếu", q_name = crate::text::excerpt(.name))]
    NamedTwice { ballot: usize, name: String },
    #[error("\"{q0}\" có tên hai lần trong danh sách bầu cử (candidates)", q0 = crate::text::excerpt(.0))]
    DuplicateCandidate(String),
    #[error("người thứ {0} trong danh sách bầu cử (candidates) có tên trống")]
    EmptyName(usize),
    #[error("có {returned} phiếu thu về, nhiều hơn số phiếu phát ra (ballots_issued) là {issued}")]
    MoreBallotsThanIssued { returned: u64, issued: u64 },
    #[error(
        "số lượng cần bầu (seats) là {seats}, phải từ 1 đến {candidates} (số người trong danh sách bầu cử)"
    )]
    SeatsOutOfRange { seats: i64, candidates: usize },
    #[error(
        "căn cứ tính kết quả bầu cử (base) là {0}, phải lớn hơn 0 (số được triệu tập trừ các trường hợp được trừ)"
    )]
    BaseNotPositive(i64),
    #[error("không có trường hợp trừ \"{q0}\" trong base.exclusions; chỉ dùng: temporary_elsewhere, exempt_absent, suspended, absent_with_reason (đại hội đảng viên), committee_absent, absent_without_alternate (đại hội đại biểu)", q0 = crate::text::excerpt(.0))]
    UnknownExclusion(String),
    #[error(
        "base.exclusions trộn trường hợp trừ của đại hội đảng viên (\"{members}\") với của đại hội đại biểu (\"{delegates}\"); căn cứ của một vòng bầu chỉ trừ theo một loại đại hội (244-QĐ/TW Điều 32(2)–(3)): temporary_elsewhere, exempt_absent, suspended, absent_with_reason cho đại hội đảng viên; committee_absent, absent_without_alternate cho đại hội đại biểu"
    )]
    MixedExclusions {
        members: &'static str,
        delegates: &'static str,
    },
    #[error("không có dấu \"{q0}\"; chỉ dùng: yes (đồng ý), no (không đồng ý), both (đánh dấu cả hai ô), none (không đánh dấu ô nào)", q0 = crate::text::excerpt(.0))]
    UnknownMark(String),
    #[error("{what} là {value}, không được là số âm")]
    NegativeCount { what: String, value: i64 },
}
