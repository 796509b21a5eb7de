//! What is counted and listed across cases: the head office's views, the board's report on
//! the policy, and the work queues of each role.

pub mod board;
pub mod office;
pub mod queues;
