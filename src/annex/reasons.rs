//! Why each change is made and who made it: each change's `reason:` attached to the units
//! and sub-paragraphs it touched, the terminology audit's "Left unchanged" rows, and a
//! release's summary of the modifications behind each change.

use super::{Annex, AnnexKind, LeftUnchanged, ReasonGroup, Shown, Touched};
use crate::changeset::{ChangeReport, ChangeSet};
use crate::corpus::{Address, Meta, UnitRef};

/// Each change's `reason:` with the places it touched, in change order, for
/// [`Annex::add_reasons`]. With `by` (a release's redline), each reason names the
/// modification that made the change: "MP209 – …".
pub(crate) fn reasons(set: &ChangeSet, reports: &[ChangeReport], by: Option<&str>) -> Vec<(String, Vec<Address>)> {
    reports
        .iter()
        .filter_map(|r| {
            let reason = &set.changes.get(r.change)?.reason.as_ref()?.value;
            let reason = match by {
                Some(id) => format!("{id} \u{2013} {reason}"),
                None => reason.clone(),
            };
            Some((reason, r.places.iter().map(|p| p.place.clone()).collect()))
        })
        .collect()
}

/// The annex's "Left unchanged" table: the first [`crate::limits::AUDIT_LISTED`] leftovers of each
/// term, then one row saying how many more there are and why.
pub(crate) fn left_unchanged(audit: &[crate::changeset::checks::TermAudit]) -> Vec<LeftUnchanged> {
    let mut rows = Vec::new();
    for term in audit {
        let shown = &term.listed[..term.listed.len().min(crate::limits::AUDIT_LISTED)];
        rows.extend(shown.iter().map(|l| LeftUnchanged {
            term: l.term.clone(),
            address: l.address.clone(),
            word: l.word.clone(),
            printed: l.printed.clone(),
            reason_text: l.reason_text.clone(),
        }));
        if term.counts.total() > shown.len() {
            rows.push(LeftUnchanged {
                term: term.term.clone(),
                address: String::new(),
                word: format!("{}-", term.term),
                printed: "Not listed here".to_string(),
                reason_text: format!(
                    "{}; `sec-redline check --audit-file FILE` lists every one",
                    term.unlisted_summary(shown.len())
                ),
            });
        }
    }
    rows
}

/// A place as the Code prints it, with its document: "Section F2.4(c)", "Appendix Z
/// paragraph 6.4A", "Appendix Z Part 6 heading", "Section F heading “X”".
fn printed_place(meta: &Meta, unit: &UnitRef, path: &[String]) -> String {
    match &unit.unit {
        crate::corpus::UnitId::CrossHeading { heading, .. } => {
            format!("{} heading \u{201c}{heading}\u{201d}", meta.name())
        }
        crate::corpus::UnitId::Numbered(number) => {
            let part = crate::number::is_part_number(number);
            let printed = crate::corpus::printed(meta, number, &crate::corpus::sub_path(path), part);
            if part { format!("{printed} heading") } else { printed }
        }
    }
}

impl Annex {
    /// Attaches each change's `reason:` to what it touched. `changes` holds, in change
    /// order, each change's reason and the places its report lists; a place names the
    /// provision or heading it lies in, and the sub-paragraph.
    pub(super) fn add_reasons(&mut self, changes: &[(String, Vec<Address>)]) {
        for (reason, places) in changes {
            // Changes made for the same reason share one number.
            let number = self
                .reasons
                .iter()
                .find(|g| &g.reason == reason)
                .map_or(self.reasons.len() + 1, |g| g.number);
            // The places in each unit: the unit as a whole (empty path) or its sub-paragraphs.
            let mut units: std::collections::HashMap<&UnitRef, Vec<&[String]>> = std::collections::HashMap::new();
            for p in places {
                let paths = units.entry(&p.unit).or_default();
                if !paths.contains(&p.path.as_slice()) {
                    paths.push(&p.path);
                }
            }
            let mut touched = Vec::new();
            for doc in &mut self.documents {
                for item in &mut doc.items {
                    let Some(Shown {
                        unit,
                        address,
                        anchor,
                        reasons,
                        ..
                    }) = item.shown_mut()
                    else {
                        continue;
                    };
                    let Some(paths) = units.get(&*unit) else {
                        continue;
                    };
                    if !reasons.contains(reason) {
                        reasons.push(reason.clone());
                    }
                    let row = self.summary.iter_mut().find(|s| &s.anchor == anchor);
                    let shown = row.is_some();
                    if let Some(row) = row
                        && !row.reasons.contains(&number)
                    {
                        row.reasons.push(number);
                        row.reasons.sort_unstable();
                    }
                    for path in paths {
                        let t = Touched {
                            printed: if shown {
                                printed_place(&doc.meta, unit, path)
                            } else {
                                address.clone()
                            },
                            anchor: anchor.clone(),
                        };
                        if !touched.contains(&t) {
                            touched.push(t);
                        }
                    }
                }
            }
            match self.reasons.iter_mut().find(|g| g.number == number) {
                Some(group) => {
                    for t in touched {
                        if !group.touched.contains(&t) {
                            group.touched.push(t);
                        }
                    }
                }
                None => self.reasons.push(ReasonGroup {
                    number,
                    reason: reason.clone(),
                    touched,
                }),
            }
        }
    }
}

impl Annex {
    /// Whether this is a release's redline (its summary has a Modification column).
    pub(crate) fn is_release(&self) -> bool {
        self.cover.annex == AnnexKind::Release
    }

    /// Fills each summary row's modifications from the attribution of its item's runs
    /// (`Run::by`), in the order of [`Annex::modifications`]; where the runs name none (the
    /// words are not attributed, as in the website's redline of a release whose
    /// modifications changed the same provision), from what `attribution` says changed the
    /// unit. Called once the runs are attributed.
    pub(super) fn summarise_attribution(&mut self, attribution: &dyn super::Attributor) {
        let order: Vec<&str> = self.modifications.iter().map(|m| m.id.as_str()).collect();
        let rank = |id: &str| order.iter().position(|o| *o == id).unwrap_or(order.len());
        let mut by_anchor: std::collections::HashMap<&str, Vec<String>> = std::collections::HashMap::new();
        for doc in &self.documents {
            for item in &doc.items {
                let Some(Shown {
                    anchor, redline, unit, ..
                }) = item.shown()
                else {
                    continue;
                };
                let mut ids: Vec<String> = Vec::new();
                redline.each_run(|r| {
                    if let Some(by) = r.by()
                        && !ids.iter().any(|i| i == by)
                    {
                        ids.push(by.to_string());
                    }
                });
                ids.sort_by_key(|id| rank(id));
                if ids.is_empty() {
                    ids = attribution.changed_by(unit);
                }
                by_anchor.insert(anchor, ids);
            }
        }
        for row in &mut self.summary {
            if let Some(ids) = by_anchor.get(row.anchor.as_str()) {
                row.modifications = ids.clone();
            }
        }
    }
}
