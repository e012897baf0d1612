//! Structure statistics (cơ cấu đảng viên, seed 000): counts and percentages by age bracket,
//! political theory and qualification on a date, and the paragraph a report prints.
