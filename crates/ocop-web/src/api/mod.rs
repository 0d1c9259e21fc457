//! What every JSON handler of `/api/v1` shares: checked parameters and views ([`common`]),
//! and extractors that answer bad input as `{code, message, fields}` ([`extract`]). The
//! handlers live with their feature in `routes/<feature>/api.rs`.

pub mod common;
pub mod extract;
