//! The member lifecycle: admission, official recognition, transfers, temporary attachment,
//! exemption, death and leaving the party as dated events; history is never overwritten.
