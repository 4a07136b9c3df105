//! What each change of a change-set did: the places it changed, each by its typed
//! identity ([`Address`]), and that place as the messages show it.

use crate::corpus::Address;

/// One place a change changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reported {
    /// The unit and sub-paragraph: what the annex, attribution, conflicts and effects match on.
    pub place: Address,
    /// The place as messages and `build`'s list show it: the address, told apart where it
    /// occurs more than once (`Z:4.1 (row 3)`, `F2.4 (line 40)`).
    pub shown: String,
}

impl Reported {
    /// A place shown as its address.
    pub(crate) fn of(place: Address) -> Reported {
        Reported {
            shown: place.to_string(),
            place,
        }
    }
}

/// What one change did: where it applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeReport {
    /// Index in `changes:`.
    pub change: usize,
    pub places: Vec<Reported>,
}
