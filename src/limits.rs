//! Bounds on the work one input may cause, shared by the stages that enforce them.

use std::time::Duration;

/// How long one unit's word diff may take before it falls back to delete-all, insert-all
/// (the redline) or to "every word rewritten" (the marks a rewrite leaves).
pub const DEADLINE: Duration = Duration::from_millis(200);
