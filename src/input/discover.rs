//! Placeholder: turns command-line paths into the ordered list of inputs.

use super::{Input, InputError};

/// How to walk and filter paths.
#[derive(Debug, Clone, Default)]
pub struct DiscoverOptions {
    /// Also read hidden files and directories when walking.
    pub hidden: bool,
    /// `--source GLOB`: keep only inputs whose path matches one of these.
    pub source_globs: Vec<String>,
}

/// The inputs found, in reading order, with notes about what was skipped.
#[derive(Debug, Default)]
pub struct Discovery {
    pub inputs: Vec<Input>,
    /// Things skipped on purpose (hidden, binary, special files), one line each.
    pub notes: Vec<String>,
    /// Paths that could not be read at all.
    pub errors: Vec<InputError>,
}

/// Expands paths into inputs. No paths means standard input.
pub fn discover(paths: &[String], _opts: &DiscoverOptions) -> Discovery {
    let mut d = Discovery::default();
    if paths.is_empty() {
        d.inputs.push(Input::stdin());
    }
    for p in paths {
        if p == "-" {
            d.inputs.push(Input::stdin());
        } else {
            d.inputs.push(Input { path: Some(p.into()), label: p.clone(), explicit: true });
        }
    }
    d
}
