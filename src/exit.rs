//! Exit codes, as grep and ripgrep use them.

/// What the process reports to its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: success; something matched / every check held.
    Ok,
    /// 1: nothing matched / a check was violated / an ID was not found.
    NotFound,
    /// 2: an error happened (an input could not be read, bad arguments).
    Error,
}

impl Exit {
    /// The numeric code.
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::NotFound => 1,
            Exit::Error => 2,
        }
    }

    /// Combines a command's result with whether input errors happened:
    /// errors win, as in grep (`2` even when something matched).
    pub fn with_errors(self, errors: usize) -> Exit {
        if errors > 0 {
            Exit::Error
        } else {
            self
        }
    }
}
