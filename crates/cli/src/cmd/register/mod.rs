//! The register's commands: `org` (the tree and its changes by decision), `member` (the
//! register, a member's file and events), `stats` (structure statistics), `import`/`export`
//! of the member file (`files`) and `setting` (the age brackets of statistics).

pub mod files;
pub mod member;
pub mod org;
pub mod setting;
pub mod stats;
