//! Workflows that span several objects, as sans-IO state machines (the quinn-proto shape): each
//! is fed what happened and answers with what to do next. None awaits, reads a clock or
//! touches storage, so property tests drive them through any order of replies, refusals,
//! duplicates and crashes. The worker's executors in `edge/src/flows/` run the commands.

pub mod claim;
pub mod settlement;
pub mod transfer;
