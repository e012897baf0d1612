//! Branch life's workbooks: the review of a resolution's targets and the yearly rating sheet.

pub mod review;
