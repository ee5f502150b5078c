//! Pure computations over events and keys: no printing, no I/O. Commands
//! feed them and hand their results to the output layer.

pub mod auth;
pub mod gaps;
pub mod histogram;
pub mod interleave;
pub mod logins;
pub mod skew;
pub mod trace;
