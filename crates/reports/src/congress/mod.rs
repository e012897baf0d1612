//! The congress's documents: the counting minutes (biên bản kiểm phiếu) as .docx and PDF, the
//! ballot papers (PDF) and the draft news article. The counting rules live in
//! `domain::election`; these modules only lay the results out.

pub mod article;
pub mod ballot_paper;
pub mod minutes;
